// Unit tests of the office inbox fold: what waits for an office, by deadline; gone once answered,
// back when the answer went stale, gone once the Vorlage is no longer in sign-off.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  given,
  hash,
  LEAD,
  locked,
  requested,
  sectionHashesOf,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import type { VorlageEvent } from '../../domain/vorlage/events';
import { EventLog, project } from '../testing/events';
import { vorlagenProjection } from '../vorlagen-projection';
import { countOfficeInbox, listOfficeInbox } from './office-inbox';

const TITLE = (created as Extract<VorlageEvent, { type: 'VorlageCreated' }>).data.title;
const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
const NOW = new Date('2026-05-05T12:00:00Z');
const OTHER = 'v-2';

function twoVorlagen(extra: (log: EventLog) => void = () => undefined) {
  const log = new EventLog();
  log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
  log.lifecycle(
    VORLAGE_ID,
    requested({ deadline: '2026-05-08T16:00:00+02:00' }),
    ACTORS.leadMember,
    T(1),
  );
  const second: VorlageEvent = {
    type: 'VorlageCreated',
    data: {
      ...(created.data as Extract<VorlageEvent, { type: 'VorlageCreated' }>['data']),
      vorlageId: OTHER,
      title: 'Zweite Vorlage',
    },
  };
  log.lifecycle(OTHER, second, ACTORS.leadMember, T(2));
  log.lifecycle(
    OTHER,
    requested({ officeIds: [ASKED_A], deadline: '2026-05-04T10:00:00Z' }),
    ACTORS.leadMember,
    T(3),
  );
  extra(log);
  return project([vorlagenProjection], log.events);
}

describe('office inbox', () => {
  it('lists what waits for the office, earliest deadline first, with overdue at query time', () => {
    const db = twoVorlagen();
    const inbox = listOfficeInbox(db, ASKED_A, NOW);
    expect(
      inbox.map((entry) => [entry.vorlageId, entry.deadline, entry.overdue, entry.statusLabel]),
    ).toEqual([
      [OTHER, '2026-05-04T10:00:00.000Z', true, 'offen'],
      [VORLAGE_ID, '2026-05-08T14:00:00.000Z', false, 'offen'],
    ]);
    expect(inbox[1]).toMatchObject({
      title: TITLE,
      leadOfficeId: LEAD,
      currentTextHash: F0.textHash,
    });
    expect(
      listOfficeInbox(db, ASKED_A, NOW, { overdueOnly: true }).map((entry) => entry.vorlageId),
    ).toEqual([OTHER]);
    expect(countOfficeInbox(db, ASKED_A)).toBe(2);
    expect(countOfficeInbox(db, ASKED_B)).toBe(1);
    expect(countOfficeInbox(db, LEAD)).toBe(0);
    expect(listOfficeInbox(db, LEAD, NOW)).toEqual([]);
  });

  it('drops an item once the office answered, and brings it back as veraltet after a text change', () => {
    const answered = twoVorlagen((log) =>
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5)),
    );
    expect(listOfficeInbox(answered, ASKED_A, NOW).map((entry) => entry.vorlageId)).toEqual([
      OTHER,
    ]);

    const edited = { textHash: hash('e'), sectionHashes: sectionHashesOf('0', { subject: 'e' }) };
    const stale = twoVorlagen((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5));
      log.text(VORLAGE_ID, edited, [{ userId: 'anna', officeId: LEAD }], T(6));
    });
    const entry = listOfficeInbox(stale, ASKED_A, NOW).find(
      (item) => item.vorlageId === VORLAGE_ID,
    );
    expect(entry).toMatchObject({
      status: 'stale',
      statusLabel: 'veraltet',
      currentTextHash: edited.textHash,
    });
  });

  it('says which answer went stale: a signed one, or consent only deemed given', () => {
    const edited = { textHash: hash('e'), sectionHashes: sectionHashesOf('0', { subject: 'e' }) };
    const signed = twoVorlagen((log) => {
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(5));
      log.text(VORLAGE_ID, edited, [{ userId: 'anna', officeId: LEAD }], T(6));
    });
    const deemed = twoVorlagen((log) => {
      log.lifecycle(
        VORLAGE_ID,
        {
          type: 'SignOffDeemedGiven',
          data: {
            officeId: ASKED_A,
            round: 1,
            deadline: '2026-05-08T16:00:00+02:00',
            policy: 'deemedGivenAfterDeadline',
            fassung: F0,
          },
        },
        ACTORS.spk,
        T(5),
      );
      log.text(VORLAGE_ID, edited, [{ userId: 'anna', officeId: LEAD }], T(6));
    });
    const entryIn = (db: typeof signed) =>
      listOfficeInbox(db, ASKED_A, NOW).find((item) => item.vorlageId === VORLAGE_ID);
    expect(entryIn(signed)).toMatchObject({ status: 'stale', answer: 'approved' });
    expect(entryIn(deemed)).toMatchObject({ status: 'stale', answer: 'deemedGiven' });
  });

  it('empties once the Vorlage is submitted', () => {
    const submitted: VorlageEvent = {
      type: 'SubmittedToSession',
      data: {
        sessionDate: '2026-05-19',
        lockId: '00000000-0000-4000-8000-000000000384',
        fassung: F0,
        signOffs: [
          { officeId: ASKED_A, status: 'missing' },
          { officeId: ASKED_B, status: 'missing' },
        ],
        override: { reason: 'Eilbedürftig', missing: [ASKED_A, ASKED_B], refused: [], stale: [] },
      },
    };
    const db = twoVorlagen((log) => {
      log.lifecycle(VORLAGE_ID, locked(), ACTORS.leadMember, T(7));
      log.lifecycle(VORLAGE_ID, submitted, ACTORS.spk, T(8));
    });
    expect(listOfficeInbox(db, ASKED_B, NOW)).toEqual([]);
    expect(listOfficeInbox(db, ASKED_A, NOW).map((entry) => entry.vorlageId)).toEqual([OTHER]);
  });
});
