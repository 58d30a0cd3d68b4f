// The write side of the store: runs a group of write commands against an EventStorage in one
// durable transaction (each command in its own savepoint) with EventStoreDB's semantics — expected
// revisions, idempotent re-appends, soft delete via $tb, tombstones.
import { randomUUID } from 'node:crypto';
import { StoreError, type StoreErrorDetail } from './errors';
import { RECENT_EVENT_IDS, RecentEventIds } from './recent-event-ids';
import type { EventStorage, NewEvent } from './storage';
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
  METADATA_EVENT_TYPE,
  TOMBSTONE_EVENT_TYPE,
  TOMBSTONE_REVISION,
  type AppendSuccess,
  type ExpectedRevision,
  type ProposedEvent,
  type RecordedEvent,
} from './types';

export const TICKS_PER_MILLISECOND = 10_000n;

export type WriteCommand =
  | {
      readonly kind: 'append';
      readonly stream: string;
      readonly expected: ExpectedRevision;
      readonly events: readonly ProposedEvent[];
    }
  | { readonly kind: 'soft-delete'; readonly stream: string; readonly expected: ExpectedRevision }
  | { readonly kind: 'tombstone'; readonly stream: string; readonly expected: ExpectedRevision };

export type WriteOutcome =
  | { readonly ok: true; readonly value: AppendSuccess | bigint }
  | { readonly ok: false; readonly error: StoreErrorDetail };

export interface GroupResult {
  readonly outcomes: readonly WriteOutcome[];
  /** Everything the group wrote, in $all order. */
  readonly committed: readonly RecordedEvent[];
}

interface WriteState {
  readonly lastRevision: bigint;
  readonly settings: StreamSettings;
  readonly softDeleted: boolean;
  /** EventStoreDB's notion: has events and is not soft-deleted. */
  readonly exists: boolean;
}

export class StreamWriter {
  private readonly recent: RecentEventIds;

  constructor(
    private readonly storage: EventStorage,
    /** Milliseconds since the epoch. */
    private readonly now: () => number = Date.now,
    recentCapacity = RECENT_EVENT_IDS,
  ) {
    // After a restart the window starts with the log's tail, as EventStoreDB's cache does.
    this.recent = new RecentEventIds(recentCapacity);
    this.recent.remember(storage.recentWrites(recentCapacity));
  }

  /** Commits the whole group or throws (then nothing of it was written). */
  commitGroup(commands: readonly WriteCommand[]): GroupResult {
    const outcomes: WriteOutcome[] = [];
    const committed: RecordedEvent[] = [];
    try {
      this.storage.transaction(() => {
        for (const command of commands) outcomes.push(this.runInSavepoint(command, committed));
      });
    } catch (error) {
      this.recent.forget(committed);
      throw error;
    }
    return { outcomes, committed };
  }

  private runInSavepoint(command: WriteCommand, committed: RecordedEvent[]): WriteOutcome {
    const written: RecordedEvent[] = [];
    try {
      // A nested transaction is a savepoint: a failing command rolls back alone.
      const value = this.storage.transaction(() => this.execute(command, written));
      committed.push(...written);
      this.recent.remember(written);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof StoreError) return { ok: false, error: error.detail };
      throw error;
    }
  }

  private execute(command: WriteCommand, written: RecordedEvent[]): AppendSuccess | bigint {
    switch (command.kind) {
      case 'append':
        return this.appendNow(command.stream, command.expected, command.events, written);
      case 'soft-delete':
        return this.softDelete(command.stream, command.expected, written);
      case 'tombstone':
        return this.tombstone(command.stream, command.expected, written);
    }
  }

  /** Soft delete: EventStoreDB writes `$tb = long.MaxValue` to the stream's metadata. */
  private softDelete(stream: string, expected: ExpectedRevision, written: RecordedEvent[]): bigint {
    const state = this.liveState(stream);
    this.checkExpected(stream, state, expected);
    const metadata = withTruncateBefore(state.settings, TOMBSTONE_REVISION);
    return this.writeMetadata(stream, metadata, written).position;
  }

  /** Hard delete: a `$streamDeleted` record; the stream can never be read or written again. */
  private tombstone(stream: string, expected: ExpectedRevision, written: RecordedEvent[]): bigint {
    const state = this.liveState(stream);
    this.checkExpected(stream, state, expected);
    const event = this.storage.tombstone(stream, this.systemEvent(TOMBSTONE_EVENT_TYPE));
    written.push(event);
    return event.position;
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
      return this.recent.revisionOf(stream, firstId);
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
    return readStreamSettings(this.storage, stream);
  }
}

/** The settings in the stream's latest `$metadata` event (metastreams have none). */
export function readStreamSettings(storage: EventStorage, stream: string): StreamSettings {
  if (isMetastream(stream)) return NO_SETTINGS;
  const [latest] = storage.readStream(
    metastreamOf(stream),
    TOMBSTONE_REVISION - 1n,
    'backwards',
    1,
  );
  return latest ? parseStreamSettings(latest.data) : NO_SETTINGS;
}
