// An in-memory EventStreamStore for the application-layer unit specs: EventStoreDB's expected-
// revision semantics, commit positions, and a hook to interleave a competing write before an
// append (to exercise the retry paths deterministically). Integration specs use the real store.
import type {
  AppendResult,
  EventStreamStore,
  EventToAppend,
  ExpectedRevision,
  StoredEvent,
} from '../application/event-store-port';
import { ConcurrencyError } from '../shared/errors';

export interface MemoryStore extends EventStreamStore {
  readonly streams: Map<string, StoredEvent[]>;
  /** Called before each append; may append elsewhere (or to the same stream) to force a conflict. */
  beforeAppend: ((stream: string, events: readonly EventToAppend[]) => Promise<void> | void) | null;
  appendCount: number;
  /** Appends without running the hook (for hooks that write themselves). */
  appendUnhooked(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult;
}

export function createMemoryStore(): MemoryStore {
  const streams = new Map<string, StoredEvent[]>();
  let position = 0n;
  const store: MemoryStore = {
    streams,
    beforeAppend: null,
    appendCount: 0,
    appendUnhooked: (stream, events, expected) => appendNow(stream, events, expected),
    async readStream(stream, options) {
      const events = streams.get(stream) ?? [];
      const from = options?.fromRevision ?? 0n;
      return events.filter((event) => event.revision >= from).map((event) => ({ ...event }));
    },
    async readStreamBackwards(stream, options) {
      const events = streams.get(stream) ?? [];
      const from = options.fromRevision;
      return events
        .filter((event) => from === undefined || event.revision <= from)
        .reverse()
        .slice(0, options.maxCount)
        .map((event) => ({ ...event }));
    },
    async appendToStream(stream, events, expected): Promise<AppendResult> {
      // The hook stays armed until it disarms itself (store.beforeAppend = null).
      if (store.beforeAppend) await store.beforeAppend(stream, events);
      return appendNow(stream, events, expected);
    },
  };

  function appendNow(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult {
    const existing = streams.get(stream) ?? [];
    const last = existing[existing.length - 1];
    const actual = last ? last.revision : null;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === null) ||
      (expected === 'stream_exists' && actual !== null) ||
      (typeof expected === 'bigint' && actual === expected);
    if (!ok) {
      throw new ConcurrencyError(
        stream,
        String(expected),
        actual === null ? 'no_stream' : actual.toString(),
      );
    }
    store.appendCount += 1;
    let revision = actual === null ? -1n : actual;
    for (const event of events) {
      revision += 1n;
      position += 1n;
      existing.push({
        id: event.id,
        stream,
        revision,
        position,
        type: event.type,
        data:
          event.data instanceof Uint8Array ? event.data : JSON.parse(JSON.stringify(event.data)),
        metadata: JSON.parse(JSON.stringify(event.metadata)),
        created: new globalThis.Date(0),
      });
    }
    streams.set(stream, existing);
    return { nextExpectedRevision: revision, position };
  }

  return store;
}
