// The per-stream audit hash chain: each event's metadata carries
//   chain = { revision, previousHash, hash },  hash = SHA-256(previousHash ‖ canonicalEvent)
// where canonicalEvent is the canonical JSON of (event id, type, data, metadata without chain.hash).
// The revision is part of the hashed content, so a removed or reordered event is told apart from a
// changed one. A plain hash chain has no secret: someone able to write to the store can compute a
// valid seal. So each seal is also signed (signature.ts: `keyId`, `signature` in the link, not
// hashed) and the verifier, given the trusted keys, reports a correctly chained event without a valid
// signature as `unsigned`. Anchoring the head hash elsewhere (expectedHead) finds a cut-off tail.
import { z } from 'zod';
import type { EventToAppend, JsonValue } from '../application/event-store-port';
import { canonicalJson } from '../shared/canonical-json';
import { sha256Hex, SHA256_HEX } from '../shared/crypto';
import { verifySealSignature, type AuditSigner, type AuditTrust } from './signature';

export const GENESIS_HASH = '0'.repeat(64);
export const CHAIN_METADATA_KEY = 'chain';

export const ChainLinkSchema = z.strictObject({
  revision: z.string().regex(/^(0|[1-9][0-9]*)$/),
  previousHash: z.string().regex(SHA256_HEX),
  hash: z.string().regex(SHA256_HEX),
  /** The signing key's id and the Ed25519 signature of `hash` (absent on events before signing). */
  keyId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  signature: z
    .string()
    .regex(/^[0-9a-f]{128}$/)
    .optional(),
});
export type ChainLink = z.infer<typeof ChainLinkSchema>;

/** The fields of an event the chain covers (StoredEvent and EventToAppend both satisfy it). */
export interface ChainableEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue | Uint8Array;
  readonly metadata: JsonValue | unknown;
  /** Commit position in $all (stored events): decides whether an unsigned event predates signing. */
  readonly position?: bigint;
}

/** The position to continue a chain from: the stream's last revision and hash (none = genesis). */
export interface ChainHead {
  readonly revision: bigint | null;
  readonly hash: string;
}

export const GENESIS_HEAD: ChainHead = { revision: null, hash: GENESIS_HASH };

function metadataObject(metadata: unknown): Record<string, unknown> {
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)
    ? (metadata as Record<string, unknown>)
    : {};
}

/** The canonical serialization that is hashed: everything but the hash itself. */
export function canonicalChainedEvent(
  event: ChainableEvent,
  link: Pick<ChainLink, 'revision' | 'previousHash'>,
): string {
  const { [CHAIN_METADATA_KEY]: _ignored, ...metadata } = metadataObject(event.metadata);
  return canonicalJson({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: {
      ...metadata,
      [CHAIN_METADATA_KEY]: { revision: link.revision, previousHash: link.previousHash },
    },
  });
}

export async function chainHash(
  event: ChainableEvent,
  link: Pick<ChainLink, 'revision' | 'previousHash'>,
): Promise<string> {
  return sha256Hex(`${link.previousHash}${canonicalChainedEvent(event, link)}`);
}

/**
 * Seals events about to be appended after `head`: adds `metadata.chain` to each, in order, signed
 * by `signer` when given. Metadata must be a JSON object.
 */
export async function sealEvents(
  events: readonly EventToAppend[],
  head: ChainHead,
  signer?: AuditSigner,
): Promise<{ events: EventToAppend[]; head: ChainHead }> {
  const sealed: EventToAppend[] = [];
  let revision = head.revision === null ? 0n : head.revision + 1n;
  let previousHash = head.hash;
  for (const event of events) {
    const link = { revision: revision.toString(), previousHash };
    const hash = await chainHash(event, link);
    const signature = signer ? { keyId: signer.keyId, signature: await signer.signSeal(hash) } : {};
    sealed.push({
      ...event,
      metadata: {
        ...metadataObject(event.metadata),
        [CHAIN_METADATA_KEY]: { ...link, hash, ...signature },
      } as JsonValue,
    });
    previousHash = hash;
    revision += 1n;
  }
  return { events: sealed, head: { revision: revision - 1n, hash: previousHash } };
}

/** The chain link in an event's metadata, or null when absent or malformed. */
export function chainLinkOf(event: Pick<ChainableEvent, 'metadata'>): ChainLink | null {
  const parsed = ChainLinkSchema.safeParse(metadataObject(event.metadata)[CHAIN_METADATA_KEY]);
  return parsed.success ? parsed.data : null;
}

/** The head after a stream's events (the last event's link); genesis for an empty stream. */
export function chainHeadOf(events: readonly ChainableEvent[]): ChainHead {
  const last = events[events.length - 1];
  if (!last) return GENESIS_HEAD;
  const link = chainLinkOf(last);
  if (!link) throw new Error('The last event of the stream carries no audit chain link');
  return { revision: BigInt(link.revision), hash: link.hash };
}

export const CHAIN_BREAK_REASONS = [
  'changed',
  'removed',
  'reordered',
  'inserted',
  'unchained',
  'truncated',
  'unsigned',
] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export type ChainVerification =
  | { readonly ok: true; readonly count: number; readonly head: ChainHead }
  | {
      readonly ok: false;
      /** Index in the list handed in (0 = first event read). */
      readonly firstBrokenIndex: number;
      readonly eventId: string | null;
      readonly reason: ChainBreakReason;
      readonly message: string;
    };

function broken(
  events: readonly ChainableEvent[],
  index: number,
  reason: ChainBreakReason,
  message: string,
): ChainVerification {
  return {
    ok: false,
    firstBrokenIndex: index,
    eventId: events[index]?.id ?? null,
    reason,
    message,
  };
}

/**
 * Verifies a whole stream (oldest first) and reports the first break as precisely as a chain
 * allows: `changed` (content no longer matches its seal, or an event was replaced and re-sealed,
 * reported at the replaced event), `removed` (a gap in revisions, reported at the event after the
 * gap), `reordered`, `inserted` (a second event claiming a revision), `unchained` (no chain link),
 * `truncated` (the stream ends before the expected head), and with `trust`, `unsigned` (correctly
 * chained, but not signed by a trusted key, and not older than signing).
 */
export async function verifyChain(
  events: readonly ChainableEvent[],
  options: { expectedHead?: ChainHead; trust?: AuditTrust } = {},
): Promise<ChainVerification> {
  const links = events.map(chainLinkOf);
  let expectedRevision = 0n;
  let expectedPrevious = GENESIS_HASH;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index]!;
    const link = links[index];
    if (!link) return broken(events, index, 'unchained', 'Event carries no audit chain link');
    if ((await chainHash(event, link)) !== link.hash) {
      return broken(events, index, 'changed', 'Event content does not match its hash');
    }
    const revision = BigInt(link.revision);
    if (revision > expectedRevision) {
      const laterIndex = links.findIndex(
        (other, at) => at > index && other?.revision === expectedRevision.toString(),
      );
      return laterIndex >= 0
        ? broken(
            events,
            index,
            'reordered',
            `Revision ${revision} appears where ${expectedRevision} belongs`,
          )
        : broken(
            events,
            index,
            'removed',
            `Revisions ${expectedRevision}…${revision - 1n} are missing before this event`,
          );
    }
    if (revision < expectedRevision) {
      return classifyDuplicate(events, links, index, revision);
    }
    if (link.previousHash !== expectedPrevious) {
      // Right revision and a valid seal, yet not chained to its predecessor: the predecessor was
      // replaced by a re-sealed event.
      return index === 0
        ? broken(events, 0, 'changed', 'The first event does not chain to the genesis hash')
        : broken(
            events,
            index - 1,
            'changed',
            'Event was replaced; its successor chains to another hash',
          );
    }
    if (options.trust && !(await isSignedOrOlder(event, link, options.trust))) {
      return broken(events, index, 'unsigned', 'Event is not signed by a known system key');
    }
    expectedRevision += 1n;
    expectedPrevious = link.hash;
  }
  const head: ChainHead = {
    revision: events.length === 0 ? null : expectedRevision - 1n,
    hash: expectedPrevious,
  };
  const expected = options.expectedHead;
  if (expected && (expected.revision !== head.revision || expected.hash !== head.hash)) {
    return broken(
      events,
      events.length - 1,
      'truncated',
      `Stream ends at ${head.revision} but the anchored head is ${expected.revision}`,
    );
  }
  return { ok: true, count: events.length, head };
}

async function isSignedOrOlder(
  event: ChainableEvent,
  link: ChainLink,
  trust: AuditTrust,
): Promise<boolean> {
  if (event.position !== undefined && event.position < trust.unsignedBefore) return true;
  return verifySealSignature(trust, link.hash, link.keyId, link.signature);
}

/** Two events claim one revision: the inserted one is the one the rest of the chain does not use. */
function classifyDuplicate(
  events: readonly ChainableEvent[],
  links: readonly (ChainLink | null)[],
  index: number,
  revision: bigint,
): ChainVerification {
  const earlier = links.findIndex((other) => other?.revision === revision.toString());
  const current = links[index]!;
  const next = links[index + 1];
  const currentIsGenuine =
    next !== undefined && next !== null && next.previousHash === current.hash;
  const inserted = currentIsGenuine && earlier >= 0 ? earlier : index;
  return broken(events, inserted, 'inserted', `A second event claims revision ${revision}`);
}
