// The text stream `vorlagetext-<id>`: schemas shared by the collab server (which writes the Yjs
// content events) and the domain's command handler (which writes the lock/unlock markers).
//
// Protocol (no race window, SPEC.md D-40…D-45):
// - The text stream is the serialization point for text. Every append to it uses the exact
//   expected revision the writer last read.
// - Content events: `TextUpdated` (a batch of binary Yjs updates) and `TextSnapshotTaken` (the
//   full Yjs state, so loading reads from the last snapshot on). Their metadata is
//   TextContentMetadata: authors, the canonical hash of the resulting document, per-section hashes.
// - Marker events (JSON): `TextEditingLocked` and `TextEditingUnlocked`. The markers are
//   authoritative: the text is locked while any lock marker has not been released by an unlock
//   marker naming it (`releasesLock`). Use `foldTextHead`/`evolveTextHead`/`isTextLocked` rather
//   than "last marker wins": two lock commands can race, and the loser releases its own marker
//   afterwards. While locked the collab server appends no content event (it re-reads on every
//   ConcurrencyError, sees the marker, and turns the document read-only).
// - The app writes the initial text of `VorlageCreated` as the stream's first snapshot when it
//   creates the Vorlage (app/_lib/create-vorlage.ts); the collab server never invents content and
//   refuses connections to a Vorlage whose stream is still empty. Until that snapshot exists the
//   command handler takes the text to be the initial text.
import { z } from 'zod';
import { streamName } from '../application/event-store-port';
import { IsoTimestampSchema } from '../shared/actor';
import { DomainError } from '../shared/errors';
import { SectionHashesSchema, TextHashSchema, type SectionHashes } from './canonical';

export const TEXT_STREAM_CATEGORY = 'vorlagetext';

export function textStreamName(vorlageId: string): string {
  return streamName(TEXT_STREAM_CATEGORY, vorlageId);
}

export const TEXT_EVENT_TYPES = {
  updated: 'TextUpdated',
  snapshotTaken: 'TextSnapshotTaken',
  editingLocked: 'TextEditingLocked',
  editingUnlocked: 'TextEditingUnlocked',
} as const;

export const TEXT_EVENTS_SCHEMA_VERSION = 1;

export const TextAuthorSchema = z.strictObject({
  userId: z.string().min(1).max(200),
  officeId: z.string().min(1).max(100),
});
export type TextAuthor = z.infer<typeof TextAuthorSchema>;

/** A stream revision as decimal string (JSON has no bigint). */
export const RevisionStringSchema = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a stream revision');

const contentCommon = {
  schemaVersion: z.literal(TEXT_EVENTS_SCHEMA_VERSION),
  textHash: TextHashSchema,
  sectionHashes: SectionHashesSchema,
  /** When the batch was persisted (collab server clock), ISO-8601. */
  time: IsoTimestampSchema,
  /**
   * D-145: ids of the change proposals still pending in the text after this event (absent = none;
   * events written before proposals existed have none). Written by the collab server, which
   * checks every proposal's author against its connection (D-143).
   */
  openProposals: z.array(z.string().min(1).max(600)).max(10_000).optional(),
  /**
   * D-195: per pending proposal id, the SHA-256 of its excerpt (`proposalExcerptCanonical`: the
   * text it inserts and deletes), so a decision's texts are checked against the stored text.
   * Absent in events written before D-195.
   */
  openProposalDigests: z.record(z.string().min(1).max(600), TextHashSchema).optional(),
};

/** A Yjs client id (uint32), as every Yjs item names its author's document. */
export const YjsClientIdSchema = z.number().int().min(0).max(0xffffffff);

/**
 * Metadata of `TextUpdated`: whose edits the batch holds and the text it results in. Since
 * per-character authorship (issue 13) every event holds the edits of exactly one author, and
 * `clientIds` names the Yjs client ids whose items its update carries; older events may name
 * several authors and no client ids.
 */
export const TextUpdateMetadataSchema = z.strictObject({
  ...contentCommon,
  snapshot: z.literal(false),
  authors: z.array(TextAuthorSchema).min(1).max(500),
  clientIds: z.array(YjsClientIdSchema).max(10_000).optional(),
});

/** Metadata of `TextSnapshotTaken`: the full state covering every content event up to `coversRevision`. */
export const TextSnapshotMetadataSchema = z.strictObject({
  ...contentCommon,
  snapshot: z.literal(true),
  coversRevision: RevisionStringSchema,
  authors: z.array(TextAuthorSchema).max(500),
});

export const TextContentMetadataSchema = z.discriminatedUnion('snapshot', [
  TextUpdateMetadataSchema,
  TextSnapshotMetadataSchema,
]);
export type TextUpdateMetadata = z.infer<typeof TextUpdateMetadataSchema>;
export type TextSnapshotMetadata = z.infer<typeof TextSnapshotMetadataSchema>;
export type TextContentMetadata = z.infer<typeof TextContentMetadataSchema>;

/** Data of the `TextEditingLocked` marker (written by the LockEditing command handler). */
export const TextEditingLockedSchema = z.strictObject({
  schemaVersion: z.literal(TEXT_EVENTS_SCHEMA_VERSION),
  vorlageId: z.string().min(1),
  /** The LockEditing command; a retry of the same command recognises its own marker by it. */
  commandId: z.uuid(),
  textHash: TextHashSchema,
  sectionHashes: SectionHashesSchema,
  /** Revision of the last content event before the marker; null when there is none. */
  textRevision: RevisionStringSchema.nullable(),
});
export type TextEditingLocked = z.infer<typeof TextEditingLockedSchema>;

/** Data of the `TextEditingUnlocked` marker; it releases exactly one lock. */
export const TextEditingUnlockedSchema = z.strictObject({
  schemaVersion: z.literal(TEXT_EVENTS_SCHEMA_VERSION),
  vorlageId: z.string().min(1),
  commandId: z.uuid(),
  /** The commandId of the TextEditingLocked marker this releases. */
  releasesLock: z.uuid(),
});
export type TextEditingUnlocked = z.infer<typeof TextEditingUnlockedSchema>;

/** The fields of a stored text-stream event this module reads (StoredEvent satisfies it). */
export interface TextStreamEvent {
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface TextLock {
  readonly commandId: string;
  readonly markerRevision: bigint;
}

/** What the domain needs to know about the text right now. */
export interface TextHead {
  /** Revision of the stream's last event (content or marker); null when the stream is empty. */
  readonly headRevision: bigint | null;
  /** Revision of the last content event; null while the text is still the initial text. */
  readonly contentRevision: bigint | null;
  readonly textHash: string;
  readonly sectionHashes: SectionHashes;
  /** Unreleased lock markers, oldest first; the text is locked while this is non-empty. */
  readonly locks: readonly TextLock[];
  /** D-145: change proposals pending in the last stored text (ids, document order). */
  readonly openProposals?: readonly string[];
  /** D-195: their excerpts' digests (absent for texts stored before D-195). */
  readonly openProposalDigests?: Readonly<Record<string, string>>;
  /** The newest unreleased lock (the last of `locks`), or null when editing is open at text level. */
  readonly lock: TextLock | null;
}

/** Whether the text is locked at text level (some lock marker is not released). */
export function isTextLocked(head: TextHead): boolean {
  return head.locks.length > 0;
}

export function hasTextLock(head: TextHead, commandId: string): boolean {
  return head.locks.some((lock) => lock.commandId === commandId);
}

export interface InitialTextFingerprint {
  readonly textHash: string;
  readonly sectionHashes: SectionHashes;
}

/** Folds the text stream's events (oldest first) into its head. Throws on a malformed event. */
export function foldTextHead(
  events: readonly TextStreamEvent[],
  initial: InitialTextFingerprint,
): TextHead {
  let head: TextHead = {
    headRevision: null,
    contentRevision: null,
    ...initial,
    locks: [],
    lock: null,
  };
  for (const event of events) head = evolveTextHead(head, event);
  return head;
}

export function evolveTextHead(head: TextHead, event: TextStreamEvent): TextHead {
  switch (event.type) {
    case TEXT_EVENT_TYPES.updated:
    case TEXT_EVENT_TYPES.snapshotTaken: {
      const metadata = parseTextEvent(TextContentMetadataSchema, event.metadata, event);
      return {
        ...head,
        headRevision: event.revision,
        contentRevision: event.revision,
        textHash: metadata.textHash,
        sectionHashes: metadata.sectionHashes,
        openProposals: metadata.openProposals ?? [],
        openProposalDigests: metadata.openProposalDigests ?? {},
      };
    }
    case TEXT_EVENT_TYPES.editingLocked: {
      const marker = parseTextEvent(TextEditingLockedSchema, event.data, event);
      const locks = [
        ...head.locks,
        { commandId: marker.commandId, markerRevision: event.revision },
      ];
      return {
        ...head,
        headRevision: event.revision,
        locks,
        lock: locks[locks.length - 1] ?? null,
      };
    }
    case TEXT_EVENT_TYPES.editingUnlocked: {
      const marker = parseTextEvent(TextEditingUnlockedSchema, event.data, event);
      const locks = head.locks.filter((lock) => lock.commandId !== marker.releasesLock);
      return {
        ...head,
        headRevision: event.revision,
        locks,
        lock: locks[locks.length - 1] ?? null,
      };
    }
    default:
      // Unknown types (future additions) do not change the text; they still move the head.
      return { ...head, headRevision: event.revision };
  }
}

function parseTextEvent<T>(schema: z.ZodType<T>, value: unknown, event: TextStreamEvent): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DomainError(
      'text_stream_corrupt',
      `Text event at revision ${event.revision} (${event.type}) is malformed`,
      {
        revision: event.revision.toString(),
        type: event.type,
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      },
    );
  }
  return parsed.data;
}

/**
 * The text head from the stream's tail, read newest first (D-46). By D-44 no lock is outstanding
 * when a content event is appended, so the last content event (update or snapshot) carries the
 * whole text state and the markers after it carry the whole lock state: the result equals
 * `foldTextHead` over the full stream. Returns null when `newestFirst` does not reach back to a
 * content event and `reachesStart` is false: the caller reads further back.
 */
export function foldTextHeadFromTail(
  newestFirst: readonly TextStreamEvent[],
  reachesStart: boolean,
  initial: InitialTextFingerprint,
): TextHead | null {
  const contentIndex = newestFirst.findIndex(isContentEvent);
  if (contentIndex === -1 && !reachesStart) return null;
  const tail = contentIndex === -1 ? newestFirst : newestFirst.slice(0, contentIndex + 1);
  const oldestFirst = [...tail].reverse();
  return foldTextHead(oldestFirst, initial);
}

function isContentEvent(event: TextStreamEvent): boolean {
  return event.type === TEXT_EVENT_TYPES.updated || event.type === TEXT_EVENT_TYPES.snapshotTaken;
}
