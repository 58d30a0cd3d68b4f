// Where recently written event ids landed, for the idempotency of `any` / `stream_exists` appends.
// EventStoreDB guarantees idempotency only for appends with a known expected revision; for `any` it
// checks a bounded cache of recent event ids ("best effort"). We do the same: a durable index over
// every event id doubled the pages each commit wrote (random UUID keys) and halved throughput.

import type { WrittenId } from './storage';

/** How many ids the window keeps; a re-send older than that is written again, as in EventStoreDB. */
export const RECENT_EVENT_IDS = 100_000;

export class RecentEventIds {
  // A Map iterates in insertion order, so the first key is always the oldest.
  private readonly revisions = new Map<string, bigint>();

  constructor(private readonly capacity = RECENT_EVENT_IDS) {}

  revisionOf(stream: string, id: string): bigint | undefined {
    return this.revisions.get(keyOf(stream, id));
  }

  remember(written: Iterable<WrittenId>): void {
    for (const { stream, id, revision } of written) {
      this.revisions.set(keyOf(stream, id), revision);
      if (this.revisions.size > this.capacity) this.evictOldest();
    }
  }

  forget(written: Iterable<WrittenId>): void {
    for (const { stream, id } of written) this.revisions.delete(keyOf(stream, id));
  }

  private evictOldest(): void {
    const oldest = this.revisions.keys().next();
    if (!oldest.done) this.revisions.delete(oldest.value);
  }
}

// Stream names cannot contain NUL (the gRPC layer rejects them), so the key is unambiguous.
const keyOf = (stream: string, id: string) => `${stream}\u0000${id}`;
