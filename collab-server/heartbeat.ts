// Liveness of the WebSocket connections: each is pinged once per interval and closed when it did
// not answer the previous ping. The pings go out in slices, one slice per tick, instead of one
// round over every socket: at 2,400 connections a round took one event-loop turn long enough to
// hold up every keystroke behind it (issue 22: deliveries up to 150 ms late every 30 s).

/** What the heartbeat needs of a connection (`isAlive` is set again by its pong handler). */
export interface Pingable {
  isAlive: boolean;
  ping(): void;
  terminate(): void;
}

/** How often a slice is pinged: the interval is split into slices of about this length. */
const TICK_MS = 1000;

export class Heartbeat<T extends Pingable> {
  private readonly slices: Set<T>[];
  private readonly sliceOf = new Map<T, Set<T>>();
  private turn = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    const count = Math.max(1, Math.round(intervalMs / TICK_MS));
    this.slices = Array.from({ length: count }, () => new Set<T>());
    this.timer = setInterval(() => this.tick(), intervalMs / count);
    this.timer.unref();
  }

  /** Joins the smallest slice, so slices stay even as connections come and go. */
  add(connection: T): void {
    if (this.sliceOf.has(connection)) return;
    let smallest = this.slices[0]!;
    for (const slice of this.slices) if (slice.size < smallest.size) smallest = slice;
    smallest.add(connection);
    this.sliceOf.set(connection, smallest);
  }

  remove(connection: T): void {
    this.sliceOf.get(connection)?.delete(connection);
    this.sliceOf.delete(connection);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const slice = this.slices[this.turn]!;
    this.turn = (this.turn + 1) % this.slices.length;
    for (const connection of slice) {
      if (!connection.isAlive) {
        this.remove(connection);
        connection.terminate();
        continue;
      }
      connection.isAlive = false;
      connection.ping();
    }
  }
}
