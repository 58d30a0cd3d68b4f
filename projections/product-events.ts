// Decodes events read back from the store into the product's typed events, through the domain's
// zod schemas (lifecycle events are upcast to their current version). Unknown types and malformed
// events become null: they move the checkpoint but change no read model (and are logged).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalChainedEvent, chainLinkOf } from '../domain/audit/chain';
import type { JsonValue, StoredEvent } from '../domain/application/event-store-port';
import { ActorSchema, IsoTimestampSchema, type Actor } from '../domain/shared/actor';
import {
  TEXT_EVENT_TYPES,
  TEXT_STREAM_CATEGORY,
  TextContentMetadataSchema,
  TextEditingLockedSchema,
  TextEditingUnlockedSchema,
  type TextContentMetadata,
  type TextEditingLocked,
  type TextEditingUnlocked,
} from '../domain/text/text-events';
import {
  isVorlageEventType,
  parseVorlageEvent,
  VORLAGE_EVENT_TYPES,
  VORLAGE_STREAM_CATEGORY,
  type VorlageEvent,
} from '../domain/vorlage/events';
import {
  DISCUSSION_EVENT_TYPES,
  DISCUSSION_STREAM_CATEGORY,
  parseDiscussionEvent,
  type DiscussionEvent,
} from '../domain/discussion/events';
import type { Logger } from '../platform/logger';
import type { PositionedEvent } from './definition';

/**
 * What a lifecycle event's metadata tells the read models. Read leniently: the audit history keeps
 * the full metadata as stored, and verifies the chain over it.
 */
export const LifecycleMetadataSchema = z.looseObject({
  schemaVersion: z.int().min(1).optional(),
  commandId: z.string().optional(),
  correlationId: z.string().optional(),
  actor: ActorSchema.optional(),
  time: IsoTimestampSchema.optional(),
});

interface Envelope extends PositionedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly vorlageId: string;
  /** When the event happened: the command's time, else the store's `created`. ISO-8601 UTC. */
  readonly time: string;
}

export interface LifecycleEvent extends Envelope {
  readonly kind: 'lifecycle';
  /**
   * The domain event, upcast and validated; null when the stream holds an event the domain cannot
   * read (unknown type or malformed): the views skip it, the audit history still lists it.
   */
  readonly event: VorlageEvent | null;
  /** Why `event` is null. */
  readonly problem: string | null;
  readonly actor: Actor | null;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  /** The data as stored when the domain could not read the event (the audit history shows it). */
  readonly unreadableData: JsonValue | null;
  /** The audit-chain link in the metadata, its hash checked against the event as stored. */
  readonly chainLink: CheckedChainLink | null;
}

/**
 * An event's audit-chain link as read. Whether the link fits the links before it is the audit
 * history's business (it needs the stream's earlier events); whether the hash matches the event
 * itself is decided here, while the stored data and metadata are at hand.
 */
export interface CheckedChainLink {
  readonly revision: string;
  readonly previousHash: string;
  readonly hash: string;
  /** sha256(previousHash + canonical event) equals `hash`: the event is as it was sealed. */
  readonly hashMatches: boolean;
}

export interface TextContentEvent extends Envelope {
  readonly kind: 'textContent';
  readonly metadata: TextContentMetadata;
}

export interface TextLockedEvent extends Envelope {
  readonly kind: 'textLocked';
  readonly data: TextEditingLocked;
}

export interface TextUnlockedEvent extends Envelope {
  readonly kind: 'textUnlocked';
  readonly data: TextEditingUnlocked;
}

/** A comment event of `discussion-<id>` (D-130…D-136), read through the domain's schemas. */
export interface DiscussionProductEvent extends Envelope {
  readonly kind: 'discussion';
  readonly event: DiscussionEvent;
}

export type ProductEvent =
  LifecycleEvent | TextContentEvent | TextLockedEvent | TextUnlockedEvent | DiscussionProductEvent;

export const LIFECYCLE_EVENT_TYPES: readonly string[] = VORLAGE_EVENT_TYPES;
export const TEXT_CONTENT_EVENT_TYPES: readonly string[] = [
  TEXT_EVENT_TYPES.updated,
  TEXT_EVENT_TYPES.snapshotTaken,
];
export const DISCUSSION_PRODUCT_EVENT_TYPES: readonly string[] = DISCUSSION_EVENT_TYPES;
export const TEXT_MARKER_EVENT_TYPES: readonly string[] = [
  TEXT_EVENT_TYPES.editingLocked,
  TEXT_EVENT_TYPES.editingUnlocked,
];

/** `<category>-<id>` → [category, id]; EventStoreDB splits at the first '-'. */
export function splitStreamName(stream: string): [string, string] | null {
  const dash = stream.indexOf('-');
  if (dash <= 0 || dash === stream.length - 1) return null;
  return [stream.slice(0, dash), stream.slice(dash + 1)];
}

export type DecodeResult =
  | { readonly ok: true; readonly event: ProductEvent | null }
  | { readonly ok: false; readonly reason: string };

/** Pure decoding of one stored event; `event: null` = not one the read models use. */
export function decodeStoredEvent(stored: StoredEvent): DecodeResult {
  const parts = splitStreamName(stored.stream);
  if (!parts) return { ok: true, event: null };
  const [category, vorlageId] = parts;
  if (category === VORLAGE_STREAM_CATEGORY) return decodeLifecycle(stored, vorlageId);
  if (category === TEXT_STREAM_CATEGORY) return decodeText(stored, vorlageId);
  if (category === DISCUSSION_STREAM_CATEGORY) return decodeDiscussion(stored, vorlageId);
  return { ok: true, event: null };
}

function decodeDiscussion(stored: StoredEvent, vorlageId: string): DecodeResult {
  const metadata = LifecycleMetadataSchema.safeParse(stored.metadata ?? {});
  try {
    const event = parseDiscussionEvent(
      stored.type,
      stored.data,
      metadata.success ? (metadata.data.schemaVersion ?? 1) : 1,
    );
    const time = metadata.success ? metadata.data.time : undefined;
    return { ok: true, event: { ...envelope(stored, vorlageId, time), kind: 'discussion', event } };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function envelope(stored: StoredEvent, vorlageId: string, time: string | undefined): Envelope {
  return {
    id: stored.id,
    stream: stored.stream,
    revision: stored.revision,
    position: stored.position,
    type: stored.type,
    vorlageId,
    time: normalizeTime(time) ?? stored.created.toISOString(),
  };
}

/** Timestamps are compared as strings in SQL: keep them all in one ISO-8601 UTC shape. */
function normalizeTime(time: string | undefined): string | undefined {
  if (time === undefined) return undefined;
  const millis = Date.parse(time);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** Every event of a lifecycle stream decodes; one the domain cannot read carries its problem. */
function decodeLifecycle(stored: StoredEvent, vorlageId: string): DecodeResult {
  const parsedMetadata = LifecycleMetadataSchema.safeParse(stored.metadata ?? {});
  const metadata = parsedMetadata.success ? parsedMetadata.data : {};
  let event: VorlageEvent | null = null;
  let problem: string | null = null;
  if (!parsedMetadata.success) {
    problem = `metadata: ${parsedMetadata.error.issues.map((issue) => issue.message).join('; ')}`;
  } else if (stored.data instanceof Uint8Array) {
    problem = 'binary data in a lifecycle stream';
  } else if (!isVorlageEventType(stored.type)) {
    problem = `unknown event type ${stored.type}`;
  } else {
    try {
      event = parseVorlageEvent(stored.type, stored.data, metadata.schemaVersion ?? 1);
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  return {
    ok: true,
    event: {
      ...envelope(stored, vorlageId, metadata.time),
      kind: 'lifecycle',
      event,
      problem,
      actor: metadata.actor ?? null,
      commandId: metadata.commandId ?? null,
      correlationId: metadata.correlationId ?? null,
      unreadableData: event !== null || stored.data instanceof Uint8Array ? null : stored.data,
      chainLink: checkChainLink(stored),
    },
  };
}

/** Reads the chain link of a lifecycle event and recomputes its hash over the event as stored. */
export function checkChainLink(
  stored: Pick<StoredEvent, 'id' | 'type' | 'data' | 'metadata'>,
): CheckedChainLink | null {
  const link = chainLinkOf({ metadata: stored.metadata });
  if (!link) return null;
  const data = stored.data instanceof Uint8Array ? null : stored.data;
  const canonical = canonicalChainedEvent(
    { id: stored.id, type: stored.type, data, metadata: stored.metadata },
    link,
  );
  const recomputed = createHash('sha256')
    .update(link.previousHash + canonical, 'utf8')
    .digest('hex');
  return {
    revision: link.revision,
    previousHash: link.previousHash,
    hash: link.hash,
    hashMatches: recomputed === link.hash,
  };
}

function decodeText(stored: StoredEvent, vorlageId: string): DecodeResult {
  switch (stored.type) {
    case TEXT_EVENT_TYPES.updated:
    case TEXT_EVENT_TYPES.snapshotTaken: {
      const metadata = TextContentMetadataSchema.safeParse(stored.metadata);
      if (!metadata.success) return { ok: false, reason: `metadata: ${metadata.error.message}` };
      return {
        ok: true,
        event: {
          ...envelope(stored, vorlageId, metadata.data.time),
          kind: 'textContent',
          metadata: metadata.data,
        },
      };
    }
    case TEXT_EVENT_TYPES.editingLocked: {
      const data = TextEditingLockedSchema.safeParse(stored.data);
      if (!data.success) return { ok: false, reason: data.error.message };
      const event = { ...envelope(stored, vorlageId, undefined), kind: 'textLocked' as const };
      return { ok: true, event: { ...event, data: data.data } };
    }
    case TEXT_EVENT_TYPES.editingUnlocked: {
      const data = TextEditingUnlockedSchema.safeParse(stored.data);
      if (!data.success) return { ok: false, reason: data.error.message };
      const event = { ...envelope(stored, vorlageId, undefined), kind: 'textUnlocked' as const };
      return { ok: true, event: { ...event, data: data.data } };
    }
    default:
      return { ok: true, event: null };
  }
}

/** The runner's decoder: skips (and logs) what cannot be read, so one bad event blocks nothing. */
export function createProductDecoder(logger: Logger): (stored: StoredEvent) => ProductEvent | null {
  return (stored) => {
    const result = decodeStoredEvent(stored);
    if (result.ok && result.event?.kind === 'lifecycle' && result.event.problem !== null) {
      logUnreadable(logger, stored, result.event.problem);
    }
    if (result.ok) return result.event;
    logUnreadable(logger, stored, result.reason);
    return null;
  };
}

function logUnreadable(logger: Logger, stored: StoredEvent, reason: string): void {
  logger.error(
    {
      stream: stored.stream,
      revision: stored.revision.toString(),
      position: stored.position.toString(),
      type: stored.type,
      reason,
    },
    'unreadable event skipped by the projections',
  );
}
