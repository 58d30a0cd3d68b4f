// Keeps the streams a handler decides on, folded, between commands: an attempt reads only the
// events appended since (by this process or another), so a command's cost does not grow with the
// lifecycle's length either. Bounded (least recently used streams are dropped); the per-Vorlage
// queue makes one attempt at a time per stream, and entries are replaced, never mutated.
import type { EventStreamStore, StoredEvent } from './event-store-port';

export interface FoldedStream<State> {
  /** Every event of the stream, oldest first. */
  readonly events: readonly StoredEvent[];
  readonly state: State;
}

export interface FoldedStreamCacheOptions<State> {
  readonly store: EventStreamStore;
  readonly initial: () => State;
  readonly fold: (state: State, events: readonly StoredEvent[]) => State;
  /** Streams kept; default 1,000. */
  readonly capacity?: number;
}

export class FoldedStreamCache<State> {
  private readonly entries = new Map<string, FoldedStream<State>>();
  private readonly capacity: number;

  constructor(private readonly options: FoldedStreamCacheOptions<State>) {
    this.capacity = options.capacity ?? 1000;
  }

  /** The stream as stored now: one read of what was appended since the cached revision. */
  async read(stream: string): Promise<FoldedStream<State>> {
    const cached = this.entries.get(stream);
    const last = cached?.events[cached.events.length - 1];
    const fresh = await this.options.store.readStream(
      stream,
      last ? { fromRevision: last.revision + 1n } : undefined,
    );
    const next: FoldedStream<State> =
      cached && fresh.length === 0
        ? cached
        : {
            events: cached ? [...cached.events, ...fresh] : fresh,
            state: this.options.fold(cached?.state ?? this.options.initial(), fresh),
          };
    this.entries.delete(stream); // re-insert: the Map's order is the recency order
    if (next.events.length > 0) this.entries.set(stream, next);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return next;
  }
}
