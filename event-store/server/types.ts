// Plain, protocol-free types shared by the store engine, its storage and the gRPC mapping.

/** EventStoreDB's revision of a tombstone event (long.MaxValue); also its "deleted" truncate-before. */
export const TOMBSTONE_REVISION = 9223372036854775807n;
export const ALL_STREAM = '$all';
export const METADATA_EVENT_TYPE = '$metadata';
export const TOMBSTONE_EVENT_TYPE = '$streamDeleted';

export type ExpectedRevision =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'exact'; readonly revision: bigint };

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** An event as stored: `position` is its commit (= prepare) position in $all. */
export interface RecordedEvent {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB reports `created`. */
  readonly created: bigint;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type Direction = 'forwards' | 'backwards';

export interface AppendSuccess {
  /** Revision of the stream's last event after the append; undefined = stream still has none. */
  readonly currentRevision: bigint | undefined;
  /** Position of the append's last event; undefined when nothing was written. */
  readonly position: bigint | undefined;
}

export interface EventFilter {
  readonly on: 'stream' | 'event-type';
  readonly prefixes: readonly string[];
  readonly regex: RegExp | undefined;
  /** Checkpoint after this many considered (matching or not) events. */
  readonly checkpointInterval: number;
}
