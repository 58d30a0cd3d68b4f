// The storage seam of the event store: a synchronous, single-writer log of events with per-stream
// revisions. The engine owns all EventStoreDB semantics; a storage only keeps and finds records.
import type { Direction, RecordedEvent } from './types';

export interface StreamState {
  readonly name: string;
  /** Revision of the last (non-tombstone) event; -1n when the stream has never had one. */
  readonly lastRevision: bigint;
  readonly tombstoned: boolean;
}

export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly created: bigint;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface EventStorage {
  /** Runs `work` atomically; nested calls are savepoints that roll back alone when they throw. */
  transaction<T>(work: () => T): T;
  stream(name: string): StreamState | undefined;
  /** Appends events with revisions `firstRevision`, `firstRevision + 1`, …; returns them as stored. */
  append(stream: string, firstRevision: bigint, events: readonly NewEvent[]): RecordedEvent[];
  /** Writes the tombstone record (revision long.MaxValue) and marks the stream deleted for good. */
  tombstone(stream: string, event: NewEvent): RecordedEvent;
  /** Revision at which `eventId` was written to `stream`, if it was. */
  revisionOfEventId(stream: string, eventId: string): bigint | undefined;
  /** Forwards: revision >= from, ascending. Backwards: revision <= from, descending. */
  readStream(stream: string, from: bigint, direction: Direction, limit: number): RecordedEvent[];
  /** Forwards: position >= from, ascending. Backwards: position < from, descending. */
  readAll(from: bigint, direction: Direction, limit: number): RecordedEvent[];
  /** Position of the newest event in $all; 0n when the store is empty. */
  headPosition(): bigint;
  close(): void;
}
