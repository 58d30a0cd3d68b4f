import { describe, expect, it } from 'vitest';
import { RecentEventIds } from './recent-event-ids';

const written = (stream: string, id: string, revision: bigint) => ({ stream, id, revision });

describe('RecentEventIds', () => {
  it('finds an id only in the stream it was written to', () => {
    const recent = new RecentEventIds(10);
    recent.remember([written('a', 'id-1', 0n), written('a', 'id-2', 1n)]);
    expect(recent.revisionOf('a', 'id-2')).toBe(1n);
    expect(recent.revisionOf('b', 'id-2')).toBeUndefined();
  });

  it('evicts the oldest ids beyond its capacity', () => {
    const recent = new RecentEventIds(2);
    recent.remember([written('a', 'one', 0n), written('a', 'two', 1n), written('a', 'three', 2n)]);
    expect(recent.revisionOf('a', 'one')).toBeUndefined();
    expect(recent.revisionOf('a', 'two')).toBe(1n);
    expect(recent.revisionOf('a', 'three')).toBe(2n);
  });

  it('keeps exactly the newest ids after wrapping many times', () => {
    const recent = new RecentEventIds(3);
    recent.remember(Array.from({ length: 10 }, (_, n) => written('a', `id-${n}`, BigInt(n))));
    const kept = Array.from({ length: 10 }, (_, n) => recent.revisionOf('a', `id-${n}`));
    expect(kept).toEqual([...Array<undefined>(7).fill(undefined), 7n, 8n, 9n]);
  });

  it('forgets ids whose transaction rolled back', () => {
    const recent = new RecentEventIds(10);
    recent.remember([written('a', 'kept', 0n), written('a', 'rolled-back', 1n)]);
    recent.forget([written('a', 'rolled-back', 1n)]);
    expect(recent.revisionOf('a', 'kept')).toBe(0n);
    expect(recent.revisionOf('a', 'rolled-back')).toBeUndefined();
  });
});
