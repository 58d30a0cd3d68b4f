import { describe, expect, it } from 'vitest';
import { alignedDelay } from './persistence';

describe('alignedDelay (flush windows of many documents end on a shared grid)', () => {
  it('ends every wait on a slot of a fifth of the batch window, never later than asked', () => {
    // batchMs 500 → slots of 100 ms.
    expect(alignedDelay(1_000_030, 500, 500)).toBe(470);
    expect(alignedDelay(1_000_099, 500, 500)).toBe(401);
    expect(alignedDelay(1_000_000, 500, 500)).toBe(500);
  });

  it('documents whose windows end in the same slot flush together', () => {
    const dueAt = (now: number) => now + alignedDelay(now, 500, 500);
    expect(dueAt(2_000_010)).toBe(dueAt(2_000_090));
    expect(dueAt(2_000_110)).toBe(dueAt(2_000_010) + 100);
  });

  it('leaves immediate flushes and tiny windows alone', () => {
    expect(alignedDelay(1_000_030, 0, 500)).toBe(0);
    expect(alignedDelay(1_000_003, 5, 5)).toBe(5);
  });
});
