// Unit tests of the SPK dashboard fold: state, sign-offs done / asked, waiting and overdue offices,
// target session, through submission, decision and publication.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  given,
  LEAD,
  LOCK_ID,
  locked,
  requested,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import type { VorlageEvent } from '../../domain/vorlage/events';
import { EventLog, project } from '../testing/events';
import { vorlagenProjection } from '../vorlagen-projection';
import { getDashboardEntry, listDashboard } from './spk-dashboard';

const TITLE = (created as Extract<VorlageEvent, { type: 'VorlageCreated' }>).data.title;
const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
const BEFORE = new Date('2026-05-03T00:00:00Z');
const AFTER = new Date('2026-05-09T00:00:00Z');

const submitted: VorlageEvent = {
  type: 'SubmittedToSession',
  data: {
    sessionDate: '2026-05-19',
    lockId: LOCK_ID,
    fassung: F0,
    signOffs: [
      { officeId: ASKED_A, status: 'valid' },
      { officeId: ASKED_B, status: 'valid' },
    ],
    override: null,
  },
};

function build(extra: (log: EventLog) => void) {
  const log = new EventLog();
  log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, T(0));
  extra(log);
  return project([vorlagenProjection], log.events);
}

describe('SPK dashboard', () => {
  it('shows a new Vorlage in Bearbeitung with nothing asked', () => {
    const entry = getDashboardEntry(
      build(() => undefined),
      VORLAGE_ID,
      BEFORE,
    );
    expect(entry).toMatchObject({
      title: TITLE,
      leadOfficeId: LEAD,
      status: 'drafting',
      statusLabel: 'in Bearbeitung',
      targetSessionDate: '2026-05-19',
      signOffs: { asked: 0, done: 0, refused: 0, stale: 0, open: 0 },
      waitingOffices: [],
      overdueOfficeIds: [],
      createdAt: T(0),
    });
  });

  it('counts sign-offs done / asked and names the overdue offices at query time', () => {
    const db = build((log) => {
      log.lifecycle(VORLAGE_ID, requested(), ACTORS.leadMember, T(1));
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(2));
    });
    const before = getDashboardEntry(db, VORLAGE_ID, BEFORE);
    expect(before).toMatchObject({
      status: 'inSignOff',
      statusLabel: 'in Mitzeichnung',
      signOffs: { asked: 2, done: 1, refused: 0, stale: 0, open: 1 },
      nextDeadline: '2026-05-08T16:00:00.000Z',
      overdueOfficeIds: [],
    });
    expect(getDashboardEntry(db, VORLAGE_ID, AFTER)?.overdueOfficeIds).toEqual([ASKED_B]);
    expect(listDashboard(db, AFTER, { overdueOnly: true }).map((e) => e.vorlageId)).toEqual([
      VORLAGE_ID,
    ]);
    expect(listDashboard(db, BEFORE, { overdueOnly: true })).toEqual([]);
    expect(listDashboard(db, BEFORE, { status: ['drafting'] })).toEqual([]);
    expect(listDashboard(db, BEFORE, { leadOfficeId: LEAD }).map((e) => e.vorlageId)).toEqual([
      VORLAGE_ID,
    ]);
  });

  it('follows submission, decision and publication', () => {
    const db = build((log) => {
      log.lifecycle(VORLAGE_ID, requested(), ACTORS.leadMember, T(1));
      log.lifecycle(VORLAGE_ID, given(ASKED_A, ACTORS.askedSigner), ACTORS.askedSigner, T(2));
      log.lifecycle(VORLAGE_ID, given(ASKED_B, ACTORS.askedBSigner), ACTORS.askedBSigner, T(3));
      log.lifecycle(VORLAGE_ID, locked(), ACTORS.leadMember, T(4));
      log.lifecycle(VORLAGE_ID, submitted, ACTORS.spk, T(5));
      log.lifecycle(
        VORLAGE_ID,
        {
          type: 'DecisionRecorded',
          data: { sessionDate: '2026-05-19', outcome: 'adopted', changes: null, note: null },
        },
        ACTORS.spk,
        T(6),
      );
      log.lifecycle(
        VORLAGE_ID,
        { type: 'Published', data: { bvvNumber: '471/V' } },
        ACTORS.spk,
        T(7),
      );
    });
    expect(getDashboardEntry(db, VORLAGE_ID, AFTER)).toMatchObject({
      status: 'published',
      statusLabel: 'veröffentlicht',
      sessionDate: '2026-05-19',
      signOffs: { asked: 2, done: 2, refused: 0, stale: 0, open: 0 },
      editingLocked: true,
      submissionOverridden: false,
      decisionOutcome: 'adopted',
      bvvNumber: '471/V',
      overdueOfficeIds: [],
      updatedAt: T(7),
    });
  });
});
