// The collab server's view of the text stream `vorlagetext-<id>`: load (last snapshot plus later
// events, read backwards — never the whole history), append with an exact expected revision, and
// watch for lock markers. One adapter over the event-store client; tests may pass another.
import * as Y from 'yjs';
import type { EventToAppend, StoredEvent } from '../domain/application/event-store-port';
import {
  TEXT_EVENT_TYPES,
  TEXT_STREAM_CATEGORY,
  TextSnapshotMetadataSchema,
  evolveTextHead,
  textStreamName,
  type TextHead,
  type TextLock,
} from '../domain/text/text-events';

const TEXT_STREAM_PREFIX = `${TEXT_STREAM_CATEGORY}-`;

export interface LoadedText {
  /** Yjs updates to apply in order: the last snapshot, then later content events. */
  readonly updates: readonly Uint8Array[];
  readonly headRevision: bigint;
  readonly lock: TextLock | null;
  readonly textHash: string;
  /** Content events and their bytes since the last snapshot (drives the next snapshot). */
  readonly eventsSinceSnapshot: number;
  readonly bytesSinceSnapshot: number;
}

export type MarkerKind = 'locked' | 'unlocked';

export interface TextStore {
  /** null when the stream has no content event: the Vorlage is unknown to the text store. */
  load(vorlageId: string): Promise<LoadedText | null>;
  /** Returns the new head revision; throws ConcurrencyError when `expected` is not the head. */
  append(vorlageId: string, events: readonly EventToAppend[], expected: bigint): Promise<bigint>;
  /**
   * Calls `onMarker` for every lock/unlock marker of any text stream appended from now on (one
   * subscription per server, filtered by event type in the store); returns a stop function.
   */
  watchMarkers(
    onMarker: (vorlageId: string, kind: MarkerKind, revision: bigint) => void,
    onError: (error: unknown) => void,
  ): () => Promise<void>;
}

/** The part of event-store/client.ts this adapter uses. */
export interface TextEventSource {
  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    expected: bigint,
  ): Promise<{ nextExpectedRevision: bigint }>;
  /** Newest first, starting at the stream's end; stops when the consumer stops iterating. */
  readBackwards(stream: string): AsyncIterable<StoredEvent>;
  /** Events of all streams appended from now on whose type starts with one of `typePrefixes`. */
  subscribeByType(
    typePrefixes: readonly string[],
    onEvent: (event: StoredEvent) => void,
    onError: (error: unknown) => void,
  ): () => Promise<void>;
}

function toBytes(data: StoredEvent['data']): Uint8Array {
  if (data instanceof Uint8Array) return data;
  throw new Error('Text content event does not carry binary data');
}

/** Collects events backwards up to (and including) the last snapshot, then folds them forwards. */
export async function loadFromBackwardRead(
  events: AsyncIterable<StoredEvent>,
): Promise<LoadedText | null> {
  const newestFirst: StoredEvent[] = [];
  let foundSnapshot = false;
  for await (const event of events) {
    newestFirst.push(event);
    if (event.type === TEXT_EVENT_TYPES.snapshotTaken) {
      foundSnapshot = true;
      break;
    }
  }
  if (newestFirst.length === 0) return null;
  const oldestFirst = newestFirst.reverse();
  const snapshot = oldestFirst[0];
  if (!foundSnapshot || !snapshot) {
    const hasContent = oldestFirst.some((event) => event.type === TEXT_EVENT_TYPES.updated);
    if (!hasContent) return null;
    // Content without any snapshot means the stream's first event was not the initial snapshot.
    throw new Error('Text stream has content but no snapshot; refusing to guess the initial text');
  }
  const snapshotMetadata = TextSnapshotMetadataSchema.parse(snapshot.metadata);
  // A snapshot is only ever written while editing is open, so folding starts unlocked.
  let head: TextHead = {
    headRevision: snapshot.revision,
    contentRevision: snapshot.revision,
    textHash: snapshotMetadata.textHash,
    sectionHashes: snapshotMetadata.sectionHashes,
    locks: [],
    lock: null,
  };
  const updates: Uint8Array[] = [toBytes(snapshot.data)];
  let bytesSinceSnapshot = 0;
  for (const event of oldestFirst.slice(1)) {
    head = evolveTextHead(head, event);
    if (event.type === TEXT_EVENT_TYPES.updated) {
      const bytes = toBytes(event.data);
      updates.push(bytes);
      bytesSinceSnapshot += bytes.byteLength;
    }
  }
  return {
    updates,
    headRevision: head.headRevision ?? snapshot.revision,
    lock: head.lock,
    textHash: head.textHash,
    eventsSinceSnapshot: updates.length - 1,
    bytesSinceSnapshot,
  };
}

export function createTextStore(source: TextEventSource): TextStore {
  return {
    load: (vorlageId) => loadFromBackwardRead(source.readBackwards(textStreamName(vorlageId))),
    append: async (vorlageId, events, expected) =>
      (await source.appendToStream(textStreamName(vorlageId), events, expected))
        .nextExpectedRevision,
    watchMarkers: (onMarker, onError) =>
      source.subscribeByType(
        [TEXT_EVENT_TYPES.editingLocked, TEXT_EVENT_TYPES.editingUnlocked],
        (event) => {
          if (!event.stream.startsWith(TEXT_STREAM_PREFIX)) return;
          const vorlageId = event.stream.slice(TEXT_STREAM_PREFIX.length);
          if (event.type === TEXT_EVENT_TYPES.editingLocked)
            onMarker(vorlageId, 'locked', event.revision);
          if (event.type === TEXT_EVENT_TYPES.editingUnlocked)
            onMarker(vorlageId, 'unlocked', event.revision);
        },
        onError,
      ),
  };
}

/** Builds a Y.Doc from a loaded text. */
export function docFromLoadedText(loaded: LoadedText, gc = true): Y.Doc {
  const doc = new Y.Doc({ gc });
  doc.transact(() => {
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}
