// D-120, D-121: the outbox fold — one row per asked office on a request, deemed consent and a
// granted extension; a text change that makes an approval veraltet queues one row per approval;
// a replay (rebuild) yields the same keys.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  F1,
  fassung,
  given,
  requested,
  VORLAGE_ID,
} from '../../domain/testing/fixtures';
import { EventLog, project } from '../testing/events';
import { outboxAfter, outboxProjection, OUTBOX_START } from './outbox';

function history() {
  const log = new EventLog();
  log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, '2026-05-01T08:00:00.000Z');
  const request = log.lifecycle(VORLAGE_ID, requested(), ACTORS.spk, '2026-05-01T09:00:00.000Z');
  log.lifecycle(
    VORLAGE_ID,
    given(ASKED_A, ACTORS.askedSigner),
    ACTORS.askedSigner,
    '2026-05-02T09:00:00.000Z',
  );
  log.text(VORLAGE_ID, F1, [], '2026-05-03T09:00:00.000Z');
  log.text(VORLAGE_ID, F0, [], '2026-05-03T10:00:00.000Z');
  log.text(VORLAGE_ID, F1, [], '2026-05-03T11:00:00.000Z');
  return { log, request };
}

describe('outbox read model', () => {
  it('D-120: a request queues one mail per asked office, keyed by event and office', () => {
    const { log, request } = history();
    const rows = outboxAfter(project([outboxProjection], log.events), OUTBOX_START);
    const requestRows = rows.filter((row) => row.kind === 'signOffRequested');
    expect(requestRows.map((row) => [row.key, row.officeId, row.deadline])).toEqual([
      [`${request.id}:${ASKED_A}`, ASKED_A, '2026-05-08T16:00:00Z'],
      [`${request.id}:${ASKED_B}`, ASKED_B, '2026-05-08T16:00:00Z'],
    ]);
    expect(requestRows[0]?.title).toBe('Einsetzung der AG Planung');
  });

  it('D-121: a text change makes the approval veraltet — one mail per approval, even when the text changes back and forth', () => {
    const { log } = history();
    const rows = outboxAfter(project([outboxProjection], log.events), OUTBOX_START);
    expect(rows.filter((row) => row.kind === 'signOffStale').map((row) => row.key)).toEqual([
      `stale:${VORLAGE_ID}:${ASKED_A}:${F0.textHash}`,
    ]);
  });

  it('D-121, D-151: an edit outside an office’s scope sends no veraltet mail; inside it does', () => {
    const log = new EventLog();
    log.lifecycle(VORLAGE_ID, created, ACTORS.leadMember, '2026-05-01T08:00:00.000Z');
    log.lifecycle(
      VORLAGE_ID,
      requested({ scopes: { [ASKED_A]: ['subject'] } }),
      ACTORS.spk,
      '2026-05-01T09:00:00.000Z',
    );
    log.lifecycle(
      VORLAGE_ID,
      given(ASKED_A, ACTORS.askedSigner),
      ACTORS.askedSigner,
      '2026-05-02T09:00:00.000Z',
    );
    log.text(VORLAGE_ID, F1, [], '2026-05-03T09:00:00.000Z'); // justification only
    const outside = outboxAfter(project([outboxProjection], log.events), OUTBOX_START);
    expect(outside.filter((row) => row.kind === 'signOffStale')).toEqual([]);
    log.text(VORLAGE_ID, fassung('2', { subject: 'b' }), [], '2026-05-03T10:00:00.000Z');
    const inside = outboxAfter(project([outboxProjection], log.events), OUTBOX_START);
    expect(inside.filter((row) => row.kind === 'signOffStale').map((row) => row.officeId)).toEqual([
      ASKED_A,
    ]);
  });

  it('replaying in small batches yields the same rows (a rebuild sends nothing new)', () => {
    const { log } = history();
    const whole = outboxAfter(project([outboxProjection], log.events), OUTBOX_START);
    const batched = outboxAfter(
      project([outboxProjection], log.events, undefined, 1),
      OUTBOX_START,
    );
    expect(batched).toEqual(whole);
    expect(outboxAfter(project([outboxProjection], log.events), whole[1]!).length).toBe(
      whole.length - 2,
    );
  });

  it('D-120: deemed consent and a granted extension each tell the office once', () => {
    const { log } = history();
    const granted = log.lifecycle(
      VORLAGE_ID,
      {
        type: 'DeadlineExtensionGranted',
        data: {
          officeId: ASKED_B,
          round: 1,
          days: 3,
          previousDeadline: '2026-05-08T16:00:00Z',
          deadline: '2026-05-11T21:59:59.999Z',
        },
      },
      ACTORS.spk,
      '2026-05-04T09:00:00.000Z',
    );
    const deemed = log.lifecycle(
      VORLAGE_ID,
      {
        type: 'SignOffDeemedGiven',
        data: {
          officeId: ASKED_B,
          round: 1,
          deadline: '2026-05-11T21:59:59.999Z',
          policy: 'deemedGivenAfterDeadline',
          fassung: F1,
        },
      },
      ACTORS.system,
      '2026-05-12T09:00:00.000Z',
    );
    const rows = outboxAfter(project([outboxProjection], log.events), OUTBOX_START);
    expect(
      rows
        .filter((row) => row.kind === 'extensionGranted' || row.kind === 'deemedGiven')
        .map((row) => [row.key, row.kind, row.deadline]),
    ).toEqual([
      [`${granted.id}:${ASKED_B}`, 'extensionGranted', '2026-05-11T21:59:59.999Z'],
      [`${deemed.id}:${ASKED_B}`, 'deemedGiven', '2026-05-11T21:59:59.999Z'],
    ]);
  });
});
