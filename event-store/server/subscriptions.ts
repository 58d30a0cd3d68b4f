// Catch-up subscriptions that turn live without a gap or a duplicate. A subscription keeps one
// cursor (the last position or revision it has considered). Catch-up reads pages after the cursor;
// when a page comes back short, the subscription registers for commit notifications in the same
// synchronous turn — commits and notifications also happen synchronously on this thread, so no
// commit can fall between that last read and the registration. Live events at or before the cursor
// are skipped. Live commits are written whole, whatever the transport's (16-message) buffer says;
// only a consumer with a real backlog (LIVE_BACKLOG_LIMIT) is moved back to catch-up (EventStoreDB's
// "fell behind") instead of buffering without bound. A burst is not a backlog: treating the first
// full buffer as one cost every commit of 16+ events a re-read and extra messages (ES-14).
import type { Logger } from 'pino';
import type { StoreEngine } from './engine';
import { StoreError } from './errors';
import { TOMBSTONE_EVENT_TYPE, type EventFilter, type RecordedEvent } from './types';

export interface SubscriptionSink {
  /** Returns false when the transport's buffer is full; the subscription then waits for drain. */
  event(event: RecordedEvent): boolean;
  caughtUp(): void;
  fellBehind(): void;
  checkpoint(position: bigint): void;
  fail(error: StoreError): void;
  /** Calls `resume` once the transport can take more. */
  onDrain(resume: () => void): void;
  /** What was written but not yet taken by the transport (the pending queue). */
  backlog(): { readonly messages: number; readonly bytes: number };
}

/** A live subscriber whose pending queue exceeds either bound has fallen behind. */
export const LIVE_BACKLOG_LIMIT = { messages: 4096, bytes: 16 * 1024 * 1024 } as const;

export type SubscriptionTarget =
  | { readonly kind: 'all'; readonly from: 'start' | 'end' | bigint; readonly filter?: EventFilter }
  | { readonly kind: 'stream'; readonly stream: string; readonly from: 'start' | 'end' | bigint };

const PAGE_SIZE = 256;

export class Subscription {
  private cursor: bigint;
  private live = false;
  private stopped = false;
  private waitingForDrain = false;
  private stopListening: (() => void) | undefined;
  private sinceCheckpoint = 0;

  constructor(
    private readonly engine: StoreEngine,
    private readonly target: SubscriptionTarget,
    private readonly sink: SubscriptionSink,
    private readonly logger: Logger,
  ) {
    this.cursor = this.initialCursor();
  }

  start(): void {
    this.catchUp();
  }

  stop(): void {
    this.stopped = true;
    this.stopListening?.();
    this.stopListening = undefined;
  }

  private initialCursor(): bigint {
    const { target } = this;
    if (target.kind === 'all') {
      if (target.from === 'start') return 0n;
      if (target.from === 'end') return this.engine.headPosition();
      return target.from;
    }
    if (target.from === 'start') return -1n;
    if (target.from === 'end') return this.engine.streamState(target.stream)?.lastRevision ?? -1n;
    return target.from;
  }

  /** Reads pages until the end of the log, then goes live in the same synchronous turn. */
  private catchUp(): void {
    if (this.stopped) return;
    try {
      if (this.target.kind === 'stream') this.failIfTombstoned(this.target.stream);
      const page = this.readPage();
      for (const event of page) {
        if (!this.deliver(event)) return this.pauseUntilDrained();
      }
      if (page.length === PAGE_SIZE) {
        // Yield between pages so a long catch-up does not starve other calls.
        setImmediate(() => this.catchUp());
        return;
      }
      this.goLive();
    } catch (error) {
      this.failWith(error);
    }
  }

  private readPage(): RecordedEvent[] {
    return this.target.kind === 'all'
      ? this.engine.allAfter(this.cursor, PAGE_SIZE)
      : this.engine.streamAfter(this.target.stream, this.cursor, PAGE_SIZE);
  }

  private goLive(): void {
    this.live = true;
    this.stopListening = this.engine.onCommit((events) => this.onCommit(events));
    this.sendCheckpointIfPending();
    this.sink.caughtUp();
  }

  private onCommit(events: readonly RecordedEvent[]): void {
    if (!this.live || this.stopped) return;
    for (const event of events) {
      if (this.target.kind === 'stream' && event.stream !== this.target.stream) continue;
      this.deliver(event); // a full transport buffer is no reason to stop: see hasFallenBehind
      if (this.stopped) return;
    }
    if (this.hasFallenBehind()) this.fallBehind();
  }

  private hasFallenBehind(): boolean {
    const { messages, bytes } = this.sink.backlog();
    return messages > LIVE_BACKLOG_LIMIT.messages || bytes > LIVE_BACKLOG_LIMIT.bytes;
  }

  /** Sends one event if it is new and matches; false when the sink asked us to wait. */
  private deliver(event: RecordedEvent): boolean {
    if (this.target.kind === 'stream') return this.deliverStreamEvent(event);
    if (event.position <= this.cursor) return true;
    this.cursor = event.position;
    const filter = this.target.filter;
    if (filter && !matches(filter, event)) {
      this.countForCheckpoint(filter, event.position);
      return true;
    }
    const accepted = this.sink.event(event);
    if (filter) this.countForCheckpoint(filter, event.position);
    return accepted;
  }

  private deliverStreamEvent(event: RecordedEvent): boolean {
    if (event.type === TOMBSTONE_EVENT_TYPE && event.stream === this.streamName()) {
      this.failWith(new StoreError({ kind: 'stream-deleted', stream: event.stream }));
      return true;
    }
    if (event.revision <= this.cursor) return true;
    this.cursor = event.revision;
    return this.sink.event(event);
  }

  /** EventStoreDB sends a checkpoint after every `interval` considered events of a filtered read. */
  private countForCheckpoint(filter: EventFilter, position: bigint): void {
    this.sinceCheckpoint += 1;
    if (this.sinceCheckpoint < filter.checkpointInterval) return;
    this.sinceCheckpoint = 0;
    this.sink.checkpoint(position);
  }

  /** On reaching the end of the log, tell a filtered subscriber how far it has been searched. */
  private sendCheckpointIfPending(): void {
    if (this.target.kind !== 'all' || !this.target.filter || this.sinceCheckpoint === 0) return;
    this.sinceCheckpoint = 0;
    this.sink.checkpoint(this.cursor);
  }

  private fallBehind(): void {
    this.live = false;
    this.stopListening?.();
    this.stopListening = undefined;
    this.sink.fellBehind();
    this.pauseUntilDrained();
  }

  private pauseUntilDrained(): void {
    if (this.waitingForDrain || this.stopped) return;
    this.waitingForDrain = true;
    this.sink.onDrain(() => {
      this.waitingForDrain = false;
      this.catchUp();
    });
  }

  private failIfTombstoned(stream: string): void {
    if (this.engine.streamState(stream)?.tombstoned) {
      throw new StoreError({ kind: 'stream-deleted', stream });
    }
  }

  private streamName(): string | undefined {
    return this.target.kind === 'stream' ? this.target.stream : undefined;
  }

  private failWith(error: unknown): void {
    this.stop();
    if (error instanceof StoreError) return this.sink.fail(error);
    this.logger.error({ err: error }, 'subscription failed');
    this.sink.fail(new StoreError({ kind: 'internal', message: 'Subscription failed.' }));
  }
}

export function matches(filter: EventFilter, event: RecordedEvent): boolean {
  const subject = filter.on === 'stream' ? event.stream : event.type;
  if (filter.regex) return filter.regex.test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}
