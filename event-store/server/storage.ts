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

export interface WrittenId {
  readonly stream: string;
  readonly id: string;
  readonly revision: bigint;
}

export interface EventStorage {
  /** Runs `work` atomically; nested calls are savepoints that roll back alone when they throw. */
  transaction<T>(work: () => T): T;
  stream(name: string): StreamState | undefined;
  /** Appends events with revisions `firstRevision`, `firstRevision + 1`, …; returns them as stored. */
  append(stream: string, firstRevision: bigint, events: readonly NewEvent[]): RecordedEvent[];
  /** Writes the tombstone record (revision long.MaxValue) and marks the stream deleted for good. */
  tombstone(stream: string, event: NewEvent): RecordedEvent;
  /** Stream, id and revision of the newest `limit` events of $all, oldest first. */
  recentWrites(limit: number): WrittenId[];
  /** Forwards: revision >= from, ascending. Backwards: revision <= from, descending. */
  readStream(stream: string, from: bigint, direction: Direction, limit: number): RecordedEvent[];
  /** Forwards: position >= from, ascending. Backwards: position < from, descending. */
  readAll(from: bigint, direction: Direction, limit: number): RecordedEvent[];
  /** Position of the newest event in $all; 0n when the store is empty. */
  headPosition(): bigint;
  close(): void;
}
