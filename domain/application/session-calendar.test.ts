// D-112: scheduling sessions is idempotent; a changed submission deadline is recorded once.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../shared/actor';
import { createMemoryStore } from '../testing/memory-store';
import { loadSessionCalendar, scheduleSessions } from './session-calendar';

const metadata = { actor: SYSTEM_ACTOR, time: '2026-05-01T08:00:00Z', correlationId: 'test' };

describe('session calendar in the store (D-112)', () => {
  it('D-112: writes each session once and reads them back sorted', async () => {
    const store = createMemoryStore();
    const sessions = [
      { date: '2026-05-26', submissionDeadline: '2026-05-18' },
      { date: '2026-05-19', submissionDeadline: '2026-05-12' },
    ];
    expect(await scheduleSessions(store, sessions, metadata)).toBe(2);
    expect(await scheduleSessions(store, sessions, metadata)).toBe(0);
    expect(
      await scheduleSessions(
        store,
        [{ date: '2026-05-19', submissionDeadline: '2026-05-11' }],
        metadata,
      ),
    ).toBe(1);
    expect(await loadSessionCalendar(store)).toEqual([
      { date: '2026-05-19', submissionDeadline: '2026-05-11' },
      { date: '2026-05-26', submissionDeadline: '2026-05-18' },
    ]);
  });

  it('D-112: a session whose submission deadline lies after it is refused', async () => {
    await expect(
      scheduleSessions(
        createMemoryStore(),
        [{ date: '2026-05-19', submissionDeadline: '2026-05-20' }],
        metadata,
      ),
    ).rejects.toThrow();
  });
});
