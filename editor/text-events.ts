// Builds the content events of the text stream (`vorlagetext-<id>`) from a Y.Doc, in the shape of
// domain/text/text-events.ts. Shared by the app (the initial text, written when a Vorlage is
// created) and the collab server (batched updates and snapshots).
import * as Y from 'yjs';
import type { EventToAppend } from '../domain/application/event-store-port';
import type { VorlageText } from '../domain/text/canonical';
import {
  TEXT_EVENT_TYPES,
  TEXT_EVENTS_SCHEMA_VERSION,
  type TextAuthor,
  type TextSnapshotMetadata,
  type TextUpdateMetadata,
} from '../domain/text/text-events';
import { fingerprintDoc, vorlageTextToDoc } from './convert';

export interface TextFingerprint {
  readonly textHash: string;
  readonly sectionHashes: TextUpdateMetadata['sectionHashes'];
  /** Ids of pending change proposals (D-145); omitted or empty when there are none. */
  readonly openProposals?: readonly string[];
  /** Their excerpts' digests (D-195). */
  readonly openProposalDigests?: Readonly<Record<string, string>>;
}

/** The metadata fields of D-145/D-195: present only when proposals are pending. */
function openProposalsField(fingerprint: TextFingerprint): {
  openProposals?: string[];
  openProposalDigests?: Record<string, string>;
} {
  const open = fingerprint.openProposals ?? [];
  if (open.length === 0) return {};
  return {
    openProposals: [...open],
    ...(fingerprint.openProposalDigests
      ? { openProposalDigests: { ...fingerprint.openProposalDigests } }
      : {}),
  };
}

export function textUpdateEvent(options: {
  readonly id: string;
  readonly update: Uint8Array;
  readonly authors: readonly TextAuthor[];
  /** The Yjs client ids whose items the update carries. */
  readonly clientIds?: readonly number[];
  readonly fingerprint: TextFingerprint;
  readonly time: Date;
}): EventToAppend {
  // Typed, not parsed: this runs on every flush; tests check the output against the schema.
  const metadata: TextUpdateMetadata = {
    schemaVersion: TEXT_EVENTS_SCHEMA_VERSION,
    textHash: options.fingerprint.textHash,
    sectionHashes: options.fingerprint.sectionHashes,
    ...openProposalsField(options.fingerprint),
    time: options.time.toISOString(),
    snapshot: false,
    authors: [...options.authors],
    ...(options.clientIds ? { clientIds: [...options.clientIds] } : {}),
  };
  return { id: options.id, type: TEXT_EVENT_TYPES.updated, data: options.update, metadata };
}

export function textSnapshotEvent(options: {
  readonly id: string;
  readonly state: Uint8Array;
  readonly authors: readonly TextAuthor[];
  readonly fingerprint: TextFingerprint;
  readonly coversRevision: bigint;
  readonly time: Date;
}): EventToAppend {
  const metadata: TextSnapshotMetadata = {
    schemaVersion: TEXT_EVENTS_SCHEMA_VERSION,
    textHash: options.fingerprint.textHash,
    sectionHashes: options.fingerprint.sectionHashes,
    ...openProposalsField(options.fingerprint),
    time: options.time.toISOString(),
    snapshot: true,
    coversRevision: options.coversRevision.toString(),
    authors: [...options.authors],
  };
  return { id: options.id, type: TEXT_EVENT_TYPES.snapshotTaken, data: options.state, metadata };
}

/**
 * The first event of a Vorlage's text stream: a snapshot of the initial text. The app appends it
 * (expected revision `no_stream`) when it creates the Vorlage; the collab server never invents
 * content for an empty stream. `id` should be the creating command's id, so a retry is idempotent.
 */
export async function initialTextEvent(options: {
  readonly id: string;
  readonly text: VorlageText;
  readonly author: TextAuthor;
  readonly time: Date;
}): Promise<{ event: EventToAppend; fingerprint: TextFingerprint; state: Uint8Array }> {
  const doc = vorlageTextToDoc(options.text);
  try {
    const state = Y.encodeStateAsUpdate(doc);
    const fingerprint = await fingerprintDoc(doc);
    const event = textSnapshotEvent({
      id: options.id,
      state,
      authors: [options.author],
      fingerprint,
      coversRevision: 0n,
      time: options.time,
    });
    return { event, fingerprint, state };
  } finally {
    doc.destroy();
  }
}
