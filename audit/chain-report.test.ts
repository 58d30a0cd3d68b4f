import { describe, expect, it } from 'vitest';
import { chainReport } from './chain-report';

const events = [
  { revision: 0n, type: 'VorlageCreated' },
  { revision: 1n, type: 'SignOffsRequested' },
];
const AT = '2026-05-04T10:00:00.000Z';

describe('chainReport', () => {
  it('reports an intact chain with its head hash and event count', () => {
    const head = { revision: 1n, hash: 'ab'.repeat(32) };
    expect(chainReport(events, { ok: true, count: 2, head }, AT)).toEqual({
      ok: true,
      eventCount: 2,
      headHash: head.hash,
      firstBroken: null,
      checkedAt: AT,
    });
  });

  it('names the first broken event by revision and type', () => {
    const report = chainReport(
      events,
      { ok: false, firstBrokenIndex: 1, eventId: 'e-2', reason: 'changed', message: 'changed' },
      AT,
    );
    expect(report.ok).toBe(false);
    expect(report.headHash).toBeNull();
    expect(report.firstBroken).toEqual({
      revision: '1',
      type: 'SignOffsRequested',
      eventId: 'e-2',
      reason: 'changed',
      message: 'changed',
    });
  });

  it('falls back to the index when the broken event lies past the events read', () => {
    const report = chainReport(
      events,
      { ok: false, firstBrokenIndex: 2, eventId: null, reason: 'truncated', message: 'cut' },
      AT,
    );
    expect(report.firstBroken).toMatchObject({ revision: '2', type: 'unbekannt' });
  });
});
