// Work that may wait a few milliseconds but must not hold up relaying: run a few items per
// event-loop turn, so the socket reads (keystrokes) that arrived meanwhile are handled between
// the slices. Issue 22: after a pause, the flush windows of many documents end together and the
// worker's "stored" reports for all of them arrive in one message; told to the clients in one
// turn, every keystroke that arrived meanwhile waits behind all of them.

export class PacedWork<K> {
  /** Queued work, one item per key, in the order the keys were first queued. */
  private readonly queued = new Map<K, () => void>();
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  get size(): number {
    return this.queued.size;
  }

  /** Queues `work`; work still queued under `key` is replaced (it keeps its place in line). */
  add(key: K, work: () => void): void {
    this.queued.set(key, work);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runSlice());
  }

  clear(): void {
    this.queued.clear();
  }

  private runSlice(): void {
    try {
      let done = 0;
      for (const [key, work] of this.queued) {
        if (done++ === this.perTurn) break;
        this.queued.delete(key);
        work();
      }
    } finally {
      // Work that throws must not stop the queue (the error still surfaces as uncaught).
      if (this.queued.size > 0) setImmediate(() => this.runSlice());
      else this.scheduled = false;
    }
  }
}
