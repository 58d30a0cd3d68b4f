// Resource limits of the collab server and the small counters/buckets that enforce them.

export interface CollabLimits {
  /** Largest WebSocket message accepted; bigger ones close the connection with 4413. */
  readonly maxMessageBytes: number;
  /** Largest awareness update (cursor, name, colour — a few hundred bytes in practice). */
  readonly maxAwarenessBytes: number;
  /** Awareness messages per second per connection (sustained) and burst. */
  readonly awarenessPerSecond: number;
  readonly awarenessBurst: number;
  /** Awareness client ids one connection may control (one per tab, plus slack). */
  readonly maxAwarenessClientsPerConnection: number;
  /** Update bytes per second per connection (sustained) and burst. */
  readonly updateBytesPerSecond: number;
  readonly updateBytesBurst: number;
  readonly maxConnectionsPerDocument: number;
  readonly maxConnectionsPerUser: number;
  /** Messages buffered while a document loads. */
  readonly maxQueuedMessagesWhileLoading: number;
  /** Outgoing bytes buffered for a slow client before it is disconnected. */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  // A Vorlage is a few KiB; pasting 300 pages of text is ~1 MiB of Yjs update (see bench/collab-sizes).
  maxMessageBytes: 1024 * 1024 - 16 * 1024,
  maxAwarenessBytes: 16 * 1024,
  awarenessPerSecond: 30,
  awarenessBurst: 60,
  maxAwarenessClientsPerConnection: 4,
  updateBytesPerSecond: 1024 * 1024,
  updateBytesBurst: 4 * 1024 * 1024,
  maxConnectionsPerDocument: 100,
  maxConnectionsPerUser: 20,
  maxQueuedMessagesWhileLoading: 64,
  maxBufferedBytes: 16 * 1024 * 1024,
};

/**
 * The `ws` server options every socket of the collab server gets (server.ts, and the loopback of
 * relay-warmup.ts, which must run the same code path).
 */
export function webSocketServerOptions(limits: CollabLimits) {
  return {
    // Hard guard in ws itself (1009); the 4413 check in Connection is the one clients normally see.
    maxPayload: limits.maxMessageBytes * 2,
    perMessageDeflate: false,
  } as const;
}

/** Token bucket: `take(cost)` is false once the sustained rate plus burst is exceeded. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(cost = 1): boolean {
    const current = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((current - this.last) / 1000) * this.perSecond,
    );
    this.last = current;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/** Counts open connections per key (document, user) and refuses beyond a maximum. */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  wouldExceed(key: string): boolean {
    return (this.counts.get(key) ?? 0) >= this.max;
  }

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const next = (this.counts.get(key) ?? 0) - 1;
    if (next <= 0) this.counts.delete(key);
    else this.counts.set(key, next);
  }
}
