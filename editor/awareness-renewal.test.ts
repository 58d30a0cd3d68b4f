import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { SERVER_AWARENESS_KEY } from './server-awareness';
import { renewOnceWithin, renewOnOwnPhase } from './awareness-renewal';

/** A server-like entry: an Awareness of its own with a local state, created now. */
function serverEntry(): Awareness {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ [SERVER_AWARENESS_KEY]: { editingLocked: false } });
  return awareness;
}

/** Seconds (since the fake clock's start) at which `awareness` sent its entry again. */
function recordRenewals(awareness: Awareness, start: number): number[] {
  const times: number[] = [];
  awareness.on('update', () => times.push((Date.now() - start) / 1000));
  return times;
}

// y-protocols' own renewal (15 s after the last change, on a 3 s grid from the Awareness's creation)
// cannot be shown here: it reads lib0's clock, which fake timers do not move. The benchmark's slow
// trace showed it: 200 documents loaded together renewed within half a second, every 15 s.
describe('renewing the server awareness entry (issue 22)', () => {
  const created: Awareness[] = [];
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    created.splice(0).forEach((awareness) => awareness.destroy());
    vi.useRealTimers();
  });

  it('entries created together renew on phases of their own, never left to age 15 s', async () => {
    const start = Date.now();
    const [a, b] = [serverEntry(), serverEntry()];
    created.push(a, b);
    const stops = [renewOnOwnPhase(a, 12_000, () => 0.25), renewOnOwnPhase(b, 12_000, () => 0.75)];
    const timesA = recordRenewals(a, start);
    const timesB = recordRenewals(b, start);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(timesA).toEqual([3, 15, 27, 39, 51]);
    expect(timesB).toEqual([9, 21, 33, 45, 57]);
    stops.forEach((stop) => stop());
  });

  it('stops renewing once stopped, and never renews an entry that was removed', async () => {
    const start = Date.now();
    const [a, b] = [serverEntry(), serverEntry()];
    created.push(a, b);
    const stopA = renewOnOwnPhase(a, 12_000, () => 0);
    const stopB = renewOnOwnPhase(b, 12_000, () => 0);
    const timesA = recordRenewals(a, start);
    await vi.advanceTimersByTimeAsync(13_000);
    stopA();
    b.setLocalState(null);
    const timesB = recordRenewals(b, start);
    await vi.advanceTimersByTimeAsync(60_000);
    // (y-protocols' own renewal reads lib0's clock, which fake timers do not move.)
    expect(timesA).toEqual([0, 12]);
    expect(timesB).toEqual([]);
    stopB();
  });
});

describe("renewing a client's awareness entry after it connected (issue 22)", () => {
  const created: Awareness[] = [];
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    created.splice(0).forEach((awareness) => awareness.destroy());
    vi.useRealTimers();
  });

  function clientEntry(): Awareness {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Kim' } });
    created.push(awareness);
    return awareness;
  }

  it('clients that connected together renew once each, at moments of their own', async () => {
    const start = Date.now();
    const [a, b] = [clientEntry(), clientEntry()];
    renewOnceWithin(a, 15_000, () => 0.2);
    renewOnceWithin(b, 15_000, () => 0.6);
    const timesA = recordRenewals(a, start);
    const timesB = recordRenewals(b, start);
    await vi.advanceTimersByTimeAsync(60_000);
    // (Later renewals are y-protocols' own, 15 s after these, on lib0's clock.)
    expect(timesA).toEqual([3]);
    expect(timesB).toEqual([9]);
  });

  it('a cancelled renewal (the connection closed) never happens', async () => {
    const start = Date.now();
    const a = clientEntry();
    const cancel = renewOnceWithin(a, 15_000, () => 0.5);
    const times = recordRenewals(a, start);
    await vi.advanceTimersByTimeAsync(5_000);
    cancel();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times).toEqual([]);
  });
});
