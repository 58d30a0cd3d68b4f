// The store as the gRPC layer sees it: validates writes and queues them for group commit — the
// writes that arrive within one I/O turn are committed together in one durable transaction, then
// subscribers are told in-process, then the writers get their answers. Reads use the same SQLite
// connection and honour the streams' $tb, $maxCount and $maxAge.
//
// The commit runs on this thread, blocking it for one fsync per group. A writer worker thread was
// measured slower on two cores (18,800 vs 23,900 events/s in batches of 10 with 16 writers): the
// structured clones of every group and the thread hops cost more CPU than the fsync it hid.
import type { Logger } from 'pino';
import { StoreError, invalidArgument } from './errors';
import type { EventStorage, StreamState } from './storage';
import { isMetastream, isSoftDeleted, type StreamSettings } from './stream-metadata';
import {
  ALL_STREAM,
  type AppendSuccess,
  type Direction,
  type ExpectedRevision,
  type ProposedEvent,
  type RecordedEvent,
} from './types';
import {
  StreamWriter,
  TICKS_PER_MILLISECOND,
  readStreamSettings,
  type GroupResult,
  type WriteCommand,
  type WriteOutcome,
} from './writer';

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
/** Bytes of event data per group; bounds one transaction's size. */
const MAX_GROUP_BYTES = 16 * 1024 * 1024;

export type CommitListener = (events: readonly RecordedEvent[]) => void;

export type StreamStart = 'start' | 'end' | bigint;

interface QueuedWrite {
  readonly command: WriteCommand;
  readonly bytes: number;
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
  private readonly writer: StreamWriter;
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
    this.writer = new StreamWriter(options.storage, this.now);
  }

  // ── writes ────────────────────────────────────────────────────────────────────────────────

  append(
    stream: string,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): Promise<AppendSuccess> {
    validateWritableStream(stream);
    const bytes = this.checkSizes(events);
    return this.enqueue({ kind: 'append', stream, expected, events }, bytes);
  }

  /** Soft delete: EventStoreDB writes `$tb = long.MaxValue` to the stream's metadata. */
  softDelete(stream: string, expected: ExpectedRevision): Promise<bigint> {
    validateWritableStream(stream);
    return this.enqueue({ kind: 'soft-delete', stream, expected }, 0);
  }

  /** Hard delete: a `$streamDeleted` record; the stream can never be read or written again. */
  tombstone(stream: string, expected: ExpectedRevision): Promise<bigint> {
    validateWritableStream(stream);
    return this.enqueue({ kind: 'tombstone', stream, expected }, 0);
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

  private enqueue<T>(command: WriteCommand, bytes: number): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new StoreError({ kind: 'unavailable', message: 'The event store is shutting down.' }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ command, bytes, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0) return;
    this.flushScheduled = true;
    // setImmediate (not a microtask) lets writes that arrive in the same I/O turn join the group.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.takeGroup();
    const result = this.commitGroup(group);
    if (result) {
      this.notify(result.committed);
      group.forEach((write, index) => settle(write, result.outcomes[index]));
    }
    if (this.queue.length > 0) this.scheduleFlush();
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  /** The group's result, or undefined after rejecting all its writes (nothing was written). */
  private commitGroup(group: readonly QueuedWrite[]): GroupResult | undefined {
    try {
      return this.writer.commitGroup(group.map((write) => write.command));
    } catch (error) {
      this.logger.error({ err: error }, 'event store commit failed; writes of this group rejected');
      const failure = new StoreError({ kind: 'unavailable', message: 'Commit failed.' });
      for (const write of group) write.reject(failure);
      return undefined;
    }
  }

  private takeGroup(): QueuedWrite[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && count < MAX_GROUP_SIZE) {
      bytes += (this.queue[count] as QueuedWrite).bytes;
      if (count > 0 && bytes > MAX_GROUP_BYTES) break;
      count += 1;
    }
    return this.queue.splice(0, count);
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

  private settingsOf(stream: string): StreamSettings {
    return readStreamSettings(this.storage, stream);
  }

  private oldestVisibleCreated(settings: StreamSettings): bigint {
    if (settings.maxAge === undefined) return 0n;
    return (BigInt(this.now()) - settings.maxAge * 1000n) * TICKS_PER_MILLISECOND;
  }

  /** Throws when an event or the whole append is too large; returns the append's size. */
  private checkSizes(events: readonly ProposedEvent[]): number {
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
    return total;
  }
}

function settle(write: QueuedWrite, outcome: WriteOutcome | undefined): void {
  if (outcome?.ok) write.resolve(outcome.value);
  else if (outcome) write.reject(new StoreError(outcome.error));
  else write.reject(new StoreError({ kind: 'internal', message: 'The writer gave no answer.' }));
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
