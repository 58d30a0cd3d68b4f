// The port through which the application layer reads and appends events. The only implementation
// is event-store/client.ts (the single module that imports @eventstore/db-client); the domain sees
// this interface only, so command handling is testable and vendor-free.

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `bigint` = the exact revision of the stream's last event (EventStoreDB semantics). */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface EventToAppend {
  /** UUID; EventStoreDB uses it to make a re-sent append idempotent. */
  readonly id: string;
  readonly type: string;
  /** JSON events carry a JsonValue; binary events (Yjs updates) carry bytes. */
  readonly data: JsonValue | Uint8Array;
  readonly metadata: JsonValue;
}

export interface StoredEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  /** Commit position in $all. */
  readonly position: bigint;
  readonly type: string;
  readonly data: JsonValue | Uint8Array;
  readonly metadata: JsonValue;
  readonly created: Date;
}

export interface AppendResult {
  readonly nextExpectedRevision: bigint;
  /** Commit position in $all of the last appended event; read models can wait for it. */
  readonly position: bigint;
}

export interface EventStreamStore {
  /** All events of a stream, oldest first; an empty list when the stream does not exist. */
  readStream(stream: string, options?: { fromRevision?: bigint }): Promise<StoredEvent[]>;
  /**
   * At most `maxCount` events, newest first, from `fromRevision` (inclusive; default: the last)
   * backwards; an empty list when the stream does not exist. Lets a reader stop at what it needs.
   */
  readStreamBackwards(
    stream: string,
    options: { fromRevision?: bigint; maxCount: number },
  ): Promise<StoredEvent[]>;
  /** Throws ConcurrencyError (domain/shared/errors.ts) when `expected` does not hold. */
  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
}

/** Stream names are `<category>-<id>`; EventStoreDB splits the category at the first '-'. */
export function streamName(category: string, id: string): string {
  if (category.length === 0 || category.includes('-')) {
    throw new Error(`Stream category must be non-empty and contain no '-': ${category}`);
  }
  if (id.length === 0) throw new Error('Stream id must be non-empty');
  return `${category}-${id}`;
}
