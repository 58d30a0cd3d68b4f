import { describe, expect, it } from 'vitest';
import { PacedWork } from './paced-work';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PacedWork (issue 22)', () => {
  it('runs at most perTurn items per event-loop turn, in order, and lets I/O run between', async () => {
    const paced = new PacedWork<number>(8);
    const ran: number[] = [];
    for (let key = 0; key < 20; key++) paced.add(key, () => ran.push(key));
    expect(ran).toEqual([]); // never in the caller's turn
    const perTurn: number[] = [];
    while (paced.size > 0 || perTurn.length === 0) {
      const before = ran.length;
      await nextTurn();
      perTurn.push(ran.length - before);
    }
    expect(perTurn.filter((count) => count > 0)).toEqual([8, 8, 4]);
    expect(ran).toEqual(Array.from({ length: 20 }, (_, key) => key));
  });

  it('the latest work for a key replaces the queued one and keeps its place', async () => {
    const paced = new PacedWork<string>(10);
    const ran: string[] = [];
    paced.add('a', () => ran.push('a1'));
    paced.add('b', () => ran.push('b1'));
    paced.add('a', () => ran.push('a2'));
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual(['a2', 'b1']);
    paced.add('a', () => ran.push('a3')); // queued again after running: runs again
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual(['a2', 'b1', 'a3']);
  });

  it('clear drops what is queued', async () => {
    const paced = new PacedWork<number>(1);
    const ran: number[] = [];
    for (let key = 0; key < 3; key++) paced.add(key, () => ran.push(key));
    await nextTurn();
    paced.clear();
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual([0]);
  });
});
