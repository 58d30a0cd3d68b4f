// The store's EventStoreDB semantics on top of an EventStorage: expected revisions, idempotent
// re-appends, soft delete via $tb, tombstones, stream settings on reads, and group commit — every
// write waits in a queue and all queued writes commit in one durable transaction, then subscribers
// are told in-process, before the writers get their answers.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { StoreError, invalidArgument } from './errors';
import type { EventStorage, NewEvent, StreamState } from './storage';
import {
  NO_SETTINGS,
  isMetastream,
  isSoftDeleted,
  metastreamOf,
  parseStreamSettings,
  withTruncateBefore,
  type StreamSettings,
} from './stream-metadata';
import {
  ALL_STREAM,
  METADATA_EVENT_TYPE,
  TOMBSTONE_EVENT_TYPE,
  TOMBSTONE_REVISION,
  type AppendSuccess,
  type Direction,
  type ExpectedRevision,
  type ProposedEvent,
  type RecordedEvent,
} from './types';

export interface StoreLimits {
  /** Data plus metadata of one event. */
  readonly maxEventBytes: number;
  /** Data plus metadata of all events of one append. */
  readonly maxAppendBytes: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  maxEventBytes: 1024 * 1024,
  maxAppendBytes: 4 * 1024 * 1024,
};

const MAX_STREAM_NAME_BYTES = 2048;
/** Writes per group commit; bounds how long one transaction blocks the event loop. */
const MAX_GROUP_SIZE = 512;
const TICKS_PER_MILLISECOND = 10_000n;

export type CommitListener = (events: readonly RecordedEvent[]) => void;

export type StreamStart = 'start' | 'end' | bigint;

interface QueuedWrite {
  readonly run: (written: RecordedEvent[]) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface EngineOptions {
  readonly storage: EventStorage;
  readonly logger: Logger;
  readonly limits?: StoreLimits;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export class StoreEngine {
  readonly limits: StoreLimits;
  private readonly storage: EventStorage;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly listeners = new Set<CommitListener>();
  private queue: QueuedWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(options: EngineOptions) {
    this.storage = options.storage;
    this.logger = options.logger;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.now = options.now ?? Date.now;
  }

  // ── writes ────────────────────────────────────────────────────────────────────────────────

  append(
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): Promise<AppendSuccess> {
    validateWritableStream(stream);
    this.checkSizes(events);
    return this.enqueue((written) => this.appendNow(stream, expected, events, written));
  }

  /** Soft delete: EventStoreDB writes `$tb = long.MaxValue` to the stream's metadata. */
  softDelete(stream: string, expected: ExpectedRevision): Promise<bigint> {
    validateWritableStream(stream);
    return this.enqueue((written) => {
      const state = this.liveState(stream);
      this.checkExpected(stream, state, expected);
      const metadata = withTruncateBefore(state.settings, TOMBSTONE_REVISION);
      return this.writeMetadata(stream, metadata, written).position;
    });
  }

  /** Hard delete: a `$streamDeleted` record; the stream can never be read or written again. */
  tombstone(stream: string, expected: ExpectedRevision): Promise<bigint> {
    validateWritableStream(stream);
    return this.enqueue((written) => {
      const state = this.liveState(stream);
      this.checkExpected(stream, state, expected);
      const event = this.storage.tombstone(stream, this.systemEvent(TOMBSTONE_EVENT_TYPE));
      written.push(event);
      return event.position;
    });
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Pages of a stream's visible events (honouring $tb, $maxCount, $maxAge), at most `maxCount` in
   * total. Throws stream-not-found / stream-deleted before the first page.
   */
  *readStream(
    stream: string,
    from: StreamStart,
    direction: Direction,
    maxCount: bigint,
    pageSize = 500,
  ): Generator<RecordedEvent[]> {
    const state = this.storage.stream(stream);
    if (state?.tombstoned) throw new StoreError({ kind: 'stream-deleted', stream });
    const settings = this.settingsOf(stream);
    if (!state || state.lastRevision < 0n || isSoftDeleted(settings)) {
      throw new StoreError({ kind: 'stream-not-found', stream });
    }
    const lowest = lowestVisibleRevision(stream, state.lastRevision, settings);
    const oldestCreated = this.oldestVisibleCreated(settings);
    let next = startRevision(from, direction, state.lastRevision, lowest);
    let remaining = maxCount;
    while (remaining > 0n) {
      const limit = Number(remaining < BigInt(pageSize) ? remaining : BigInt(pageSize));
      const page = this.storage.readStream(stream, next, direction, limit);
      const visible = page.filter((e) => e.revision >= lowest && e.created >= oldestCreated);
      if (visible.length > 0) yield visible;
      remaining -= BigInt(visible.length);
      const last = page.at(-1);
      if (!last || page.length < limit) return;
      if (direction === 'backwards' && last.revision <= lowest) return;
      next = direction === 'forwards' ? last.revision + 1n : last.revision - 1n;
    }
  }

  /** Pages of $all: forwards from a position inclusive, backwards from a position exclusive. */
  *readAll(
    from: StreamStart,
    direction: Direction,
    maxCount: bigint,
    pageSize = 500,
  ): Generator<RecordedEvent[]> {
    let next = allStartPosition(from, direction, this.storage.headPosition());
    let remaining = maxCount;
    while (remaining > 0n) {
      const limit = Number(remaining < BigInt(pageSize) ? remaining : BigInt(pageSize));
      const page = this.storage.readAll(next, direction, limit);
      if (page.length > 0) yield page;
      remaining -= BigInt(page.length);
      const last = page.at(-1);
      if (!last || page.length < limit) return;
      next = direction === 'forwards' ? last.position + 1n : last.position;
    }
  }

  /** Events of $all after `after` (exclusive), oldest first; the subscriptions' catch-up read. */
  allAfter(after: bigint, limit: number): RecordedEvent[] {
    return this.storage.readAll(after + 1n, 'forwards', limit);
  }

  /** Events of a stream after revision `after` (exclusive), oldest first; for subscriptions. */
  streamAfter(stream: string, after: bigint, limit: number): RecordedEvent[] {
    return this.storage.readStream(stream, after + 1n, 'forwards', limit);
  }

  streamState(stream: string): StreamState | undefined {
    return this.storage.stream(stream);
  }

  headPosition(): bigint {
    return this.storage.headPosition();
  }

  // ── notification and life cycle ───────────────────────────────────────────────────────────

  /** Called synchronously after each durable commit with its events in $all order. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Refuses new writes and resolves once every queued write has been answered. */
  close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.flushScheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────

  private enqueue<T>(run: (written: RecordedEvent[]) => T): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new StoreError({ kind: 'unavailable', message: 'The event store is shutting down.' }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate (not a microtask) lets writes that arrive in the same I/O turn join the group.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const group = this.queue.splice(0, MAX_GROUP_SIZE);
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const committed: RecordedEvent[] = [];
    try {
      this.storage.transaction(() => {
        for (const write of group) outcomes.push(this.runInSavepoint(write, committed));
      });
    } catch (error) {
      this.logger.error({ err: error }, 'event store commit failed; writes of this group rejected');
      const failure = new StoreError({ kind: 'unavailable', message: 'Commit failed.' });
      for (const write of group) write.reject(failure);
      this.afterFlush();
      return;
    }
    this.notify(committed);
    group.forEach((write, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) write.resolve(outcome.value);
      else write.reject(outcome?.value);
    });
    this.afterFlush();
  }

  private runInSavepoint(
    write: QueuedWrite,
    committed: RecordedEvent[],
  ): {
    ok: boolean;
    value: unknown;
  } {
    const written: RecordedEvent[] = [];
    try {
      // A nested transaction is a savepoint: a failing write rolls back alone.
      const value = this.storage.transaction(() => write.run(written));
      committed.push(...written);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof StoreError) return { ok: false, value: error };
      this.logger.error({ err: error }, 'event store write failed');
      return { ok: false, value: new StoreError({ kind: 'internal', message: 'Write failed.' }) };
    }
  }

  private afterFlush(): void {
    this.flushScheduled = false;
    if (this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
      return;
    }
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private notify(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        this.logger.error({ err: error }, 'commit listener failed');
      }
    }
  }

  private appendNow(
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
    written: RecordedEvent[],
  ): AppendSuccess {
    const state = this.liveState(stream);
    const replay = this.idempotentReplay(stream, state, expected, events);
    if (replay) return replay;
    this.checkExpected(stream, state, expected);
    if (events.length === 0) {
      return {
        currentRevision: state.exists ? state.lastRevision : undefined,
        position: undefined,
      };
    }
    const created = BigInt(this.now()) * TICKS_PER_MILLISECOND;
    const firstRevision = state.lastRevision + 1n;
    const recorded = this.storage.append(
      stream,
      firstRevision,
      events.map((event) => ({ ...event, created })),
    );
    written.push(...recorded);
    if (state.softDeleted) {
      // Recreating a soft-deleted stream: EventStoreDB moves $tb to the first new event.
      this.writeMetadata(stream, withTruncateBefore(state.settings, firstRevision), written);
    }
    const last = recorded.at(-1) as RecordedEvent;
    return { currentRevision: last.revision, position: last.position };
  }

  /** Stream state for a write; throws stream-deleted for tombstoned streams. */
  private liveState(stream: string): WriteState {
    const state = this.storage.stream(stream);
    if (state?.tombstoned) throw new StoreError({ kind: 'stream-deleted', stream });
    const settings = this.settingsOf(stream);
    const lastRevision = state?.lastRevision ?? -1n;
    const softDeleted = isSoftDeleted(settings);
    return { lastRevision, settings, softDeleted, exists: lastRevision >= 0n && !softDeleted };
  }

  private checkExpected(stream: string, state: WriteState, expected: ExpectedRevision): void {
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && !state.exists) ||
      (expected.kind === 'stream_exists' && state.exists) ||
      (expected.kind === 'exact' && expected.revision === state.lastRevision);
    if (ok) return;
    throw new StoreError({
      kind: 'wrong-expected-version',
      stream,
      expected,
      actual: state.lastRevision >= 0n ? state.lastRevision : undefined,
    });
  }

  /**
   * EventStoreDB answers a re-sent append whose event ids are already in the stream, in the same
   * order, with the original result instead of writing them twice. A partial match is a conflict.
   */
  private idempotentReplay(
    stream: string,
    state: WriteState,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): AppendSuccess | undefined {
    const first = events[0];
    if (!first || state.lastRevision < 0n) return undefined;
    const start = this.replayStart(stream, state, expected, first.id);
    if (start === undefined) return undefined;
    const existing = this.storage.readStream(stream, start, 'forwards', events.length);
    const matches =
      existing.length === events.length && existing.every((e, i) => e.id === events[i]?.id);
    if (!matches) {
      if (existing[0]?.id !== first.id) return undefined;
      throw new StoreError({
        kind: 'wrong-expected-version',
        stream,
        expected,
        actual: state.lastRevision,
      });
    }
    const last = existing.at(-1) as RecordedEvent;
    return { currentRevision: last.revision, position: last.position };
  }

  private replayStart(
    stream: string,
    state: WriteState,
    expected: ExpectedRevision,
    firstId: string,
  ): bigint | undefined {
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      return this.storage.revisionOfEventId(stream, firstId);
    }
    const expectedRevision = expected.kind === 'exact' ? expected.revision : -1n;
    return expectedRevision < state.lastRevision ? expectedRevision + 1n : undefined;
  }

  private writeMetadata(stream: string, data: Uint8Array, written: RecordedEvent[]): RecordedEvent {
    const metastream = metastreamOf(stream);
    const last = this.storage.stream(metastream)?.lastRevision ?? -1n;
    const event = { ...this.systemEvent(METADATA_EVENT_TYPE), isJson: true, data };
    const [recorded] = this.storage.append(metastream, last + 1n, [event]);
    written.push(recorded as RecordedEvent);
    return recorded as RecordedEvent;
  }

  private systemEvent(type: string): NewEvent {
    return {
      id: randomUUID(),
      type,
      isJson: false,
      created: BigInt(this.now()) * TICKS_PER_MILLISECOND,
      data: new Uint8Array(0),
      metadata: new Uint8Array(0),
    };
  }

  private settingsOf(stream: string): StreamSettings {
    if (isMetastream(stream)) return NO_SETTINGS;
    const [latest] = this.storage.readStream(
      metastreamOf(stream),
      TOMBSTONE_REVISION - 1n,
      'backwards',
      1,
    );
    return latest ? parseStreamSettings(latest.data) : NO_SETTINGS;
  }

  private oldestVisibleCreated(settings: StreamSettings): bigint {
    if (settings.maxAge === undefined) return 0n;
    return (BigInt(this.now()) - settings.maxAge * 1000n) * TICKS_PER_MILLISECOND;
  }

  private checkSizes(events: readonly ProposedEvent[]): void {
    let total = 0;
    for (const event of events) {
      const size = event.data.byteLength + event.metadata.byteLength;
      if (size > this.limits.maxEventBytes) {
        throw invalidArgument(
          `Event ${event.id} is ${size} bytes (data + metadata); the maximum is ${this.limits.maxEventBytes}.`,
        );
      }
      total += size;
    }
    if (total > this.limits.maxAppendBytes) {
      throw new StoreError({
        kind: 'maximum-append-size-exceeded',
        maxAppendSize: this.limits.maxAppendBytes,
      });
    }
  }
}

interface WriteState {
  readonly lastRevision: bigint;
  readonly settings: StreamSettings;
  readonly softDeleted: boolean;
  /** EventStoreDB's notion: has events and is not soft-deleted. */
  readonly exists: boolean;
}

export function validateStreamName(stream: string): void {
  if (stream.length === 0) throw invalidArgument('The stream name must not be empty.');
  if (Buffer.byteLength(stream, 'utf8') > MAX_STREAM_NAME_BYTES) {
    throw invalidArgument(`The stream name is longer than ${MAX_STREAM_NAME_BYTES} bytes.`);
  }
  if (stream.includes('\u0000') || stream.includes('\ufffd')) {
    throw invalidArgument('The stream name is not valid UTF-8 text.');
  }
}

function validateWritableStream(stream: string): void {
  validateStreamName(stream);
  if (stream === ALL_STREAM) throw invalidArgument(`'${ALL_STREAM}' cannot be written to.`);
}

/** Metastreams keep only their latest event visible, as in EventStoreDB ($maxCount 1). */
function lowestVisibleRevision(stream: string, last: bigint, settings: StreamSettings): bigint {
  const maxCount = isMetastream(stream) ? 1n : settings.maxCount;
  const byCount = maxCount === undefined ? 0n : last - maxCount + 1n;
  const byTruncation = settings.truncateBefore ?? 0n;
  const lowest = byCount > byTruncation ? byCount : byTruncation;
  return lowest > 0n ? lowest : 0n;
}

function startRevision(
  from: StreamStart,
  direction: Direction,
  last: bigint,
  lowest: bigint,
): bigint {
  if (direction === 'forwards') {
    if (from === 'start') return lowest;
    if (from === 'end') return last + 1n;
    return from > lowest ? from : lowest;
  }
  if (from === 'end') return last;
  if (from === 'start') return -1n;
  return from;
}

function allStartPosition(from: StreamStart, direction: Direction, head: bigint): bigint {
  if (direction === 'forwards') {
    if (from === 'start') return 0n;
    if (from === 'end') return head + 1n;
    return from;
  }
  if (from === 'end') return head + 1n;
  if (from === 'start') return 0n;
  return from;
}
