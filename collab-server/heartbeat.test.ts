import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat, type Pingable } from './heartbeat';

/** A connection whose peer answers pings (sets isAlive again) unless told not to. */
class FakeConnection implements Pingable {
  isAlive = true;
  pings = 0;
  terminated = false;
  constructor(private readonly answers = true) {}
  ping(): void {
    this.pings++;
    if (this.answers) queueMicrotask(() => (this.isAlive = true));
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('Heartbeat (issue 22)', () => {
  let heartbeat: Heartbeat<FakeConnection>;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    heartbeat.stop();
    vi.useRealTimers();
  });

  it('pings every connection once per interval, a slice per second, never all at once', async () => {
    heartbeat = new Heartbeat(30_000);
    const connections = Array.from({ length: 3000 }, () => new FakeConnection());
    connections.forEach((connection) => heartbeat.add(connection));
    let largestTick = 0;
    let pingedBefore = 0;
    for (let second = 0; second < 30; second++) {
      await vi.advanceTimersByTimeAsync(1000);
      const pinged = connections.reduce((sum, connection) => sum + connection.pings, 0);
      largestTick = Math.max(largestTick, pinged - pingedBefore);
      pingedBefore = pinged;
    }
    expect(connections.every((connection) => connection.pings === 1)).toBe(true);
    expect(largestTick).toBe(100);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(connections.every((connection) => connection.pings === 2)).toBe(true);
    expect(connections.some((connection) => connection.terminated)).toBe(false);
  });

  it('terminates a connection that missed its pong at its next turn, and no longer pings it', async () => {
    heartbeat = new Heartbeat(5000);
    const silent = new FakeConnection(false);
    const healthy = new FakeConnection();
    heartbeat.add(silent);
    heartbeat.add(healthy);
    await vi.advanceTimersByTimeAsync(5000);
    expect([silent.pings, healthy.pings]).toEqual([1, 1]);
    expect(silent.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(silent.terminated).toBe(true);
    expect(healthy.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(silent.pings).toBe(1);
    expect(healthy.pings).toBe(4);
  });

  it('stops pinging a removed connection; slices stay even as connections leave and join', async () => {
    heartbeat = new Heartbeat(3000);
    const first = Array.from({ length: 9 }, () => new FakeConnection());
    first.forEach((connection) => heartbeat.add(connection));
    // Remove the three of one slice; the next three join the slice that became empty.
    const removed = first.slice(0, 9).filter((_, index) => index % 3 === 0);
    removed.forEach((connection) => heartbeat.remove(connection));
    const joined = Array.from({ length: 3 }, () => new FakeConnection());
    joined.forEach((connection) => heartbeat.add(connection));
    const perTick: number[] = [];
    let before = 0;
    const all = [...first, ...joined];
    for (let tick = 0; tick < 3; tick++) {
      await vi.advanceTimersByTimeAsync(1000);
      const pinged = all.reduce((sum, connection) => sum + connection.pings, 0);
      perTick.push(pinged - before);
      before = pinged;
    }
    expect(perTick).toEqual([3, 3, 3]);
    expect(removed.every((connection) => connection.pings === 0)).toBe(true);
  });
});
