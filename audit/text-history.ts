// The text stream `vorlagetext-<id>` replayed: the text exactly as it stood at a Fassung (Yjs
// updates applied in order up to the revision whose recorded hash is the Fassung's, then hashed
// again to prove it). Who wrote which passage: editor/authorship.ts.
import * as Y from 'yjs';
import { docToVorlageText } from '../editor/convert';
import { hashText, type VorlageText } from '../domain/text/canonical';
import type { SectionKey } from '../domain/text/sections';
import {
  TEXT_EVENT_TYPES,
  TextContentMetadataSchema,
  type TextAuthor,
} from '../domain/text/text-events';

/** The fields of a stored text-stream event this module reads (StoredEvent satisfies it). */
export interface RawTextEvent {
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface ContentEvent {
  readonly revision: bigint;
  readonly time: string;
  readonly authors: readonly TextAuthor[];
  readonly textHash: string;
  readonly sectionHashes: Record<SectionKey, string>;
  readonly snapshot: boolean;
  readonly update: Uint8Array;
}

/** The content events (updates and snapshots) of the text stream, oldest first; markers skipped. */
export function contentEventsOf(events: readonly RawTextEvent[]): ContentEvent[] {
  const content: ContentEvent[] = [];
  for (const event of events) {
    if (event.type !== TEXT_EVENT_TYPES.updated && event.type !== TEXT_EVENT_TYPES.snapshotTaken) {
      continue;
    }
    if (!(event.data instanceof Uint8Array)) {
      throw new Error(`Text event ${event.revision} carries no binary Yjs update`);
    }
    const metadata = TextContentMetadataSchema.parse(event.metadata);
    content.push({
      revision: event.revision,
      time: metadata.time,
      authors: metadata.authors,
      textHash: metadata.textHash,
      sectionHashes: metadata.sectionHashes,
      snapshot: metadata.snapshot,
      update: event.data,
    });
  }
  return content;
}

export interface ReconstructedFassung {
  readonly text: VorlageText;
  /** Revision of the text stream's content event the replay stopped at. */
  readonly revision: string;
  readonly time: string;
  /** Hash recomputed from the replayed document (never copied from metadata). */
  readonly computedHash: string;
  readonly expectedHash: string;
  readonly verified: boolean;
  /** Authors of the edits up to here, in the order they first appear. */
  readonly authors: readonly TextAuthor[];
}

/** Which of several revisions with the Fassung's hash to show: a named revision, or the last one before a time. */
export interface ReplayHint {
  readonly revision?: string | null;
  readonly notAfter?: string | null;
}

/** Index of the content event to stop at, or -1 when no revision recorded this hash. */
export function stopIndexFor(
  events: readonly ContentEvent[],
  targetHash: string,
  hint: ReplayHint = {},
): number {
  const matching = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.textHash === targetHash);
  if (matching.length === 0) return -1;
  if (hint.revision) {
    // A Fassung frozen with a text revision names the last content event before it.
    const named = matching.filter(({ event }) => event.revision <= BigInt(hint.revision!));
    const last = named[named.length - 1];
    if (last) return last.index;
  }
  if (hint.notAfter) {
    const limit = Date.parse(hint.notAfter);
    const before = matching.filter(({ event }) => Date.parse(event.time) <= limit);
    const last = before[before.length - 1];
    if (last) return last.index;
  }
  return matching[0]!.index;
}

/** Replays the content events [0, stopIndex] into a fresh Y.Doc, from the last snapshot on. */
export function replayUntil(events: readonly ContentEvent[], stopIndex: number): Y.Doc {
  const doc = new Y.Doc();
  let start = 0;
  for (let index = stopIndex; index >= 0; index -= 1) {
    if (events[index]!.snapshot) {
      start = index;
      break;
    }
  }
  for (let index = start; index <= stopIndex; index += 1) Y.applyUpdate(doc, events[index]!.update);
  return doc;
}

/**
 * The text exactly as it stood at the Fassung `targetHash`, or null when the text stream never
 * recorded that hash. The result is hashed again, so a replay that disagrees with the metadata
 * shows as unverified rather than being trusted.
 */
export async function reconstructFassung(
  events: readonly ContentEvent[],
  targetHash: string,
  hint: ReplayHint = {},
): Promise<ReconstructedFassung | null> {
  const stopIndex = stopIndexFor(events, targetHash, hint);
  if (stopIndex < 0) return null;
  const doc = replayUntil(events, stopIndex);
  try {
    const text = docToVorlageText(doc);
    const computedHash = await hashText(text);
    const stop = events[stopIndex]!;
    return {
      text,
      revision: stop.revision.toString(),
      time: stop.time,
      computedHash,
      expectedHash: targetHash,
      verified: computedHash === targetHash,
      authors: uniqueAuthors(events.slice(0, stopIndex + 1).flatMap((event) => event.authors)),
    };
  } finally {
    doc.destroy();
  }
}

function uniqueAuthors(authors: readonly TextAuthor[]): TextAuthor[] {
  const seen = new Map<string, TextAuthor>();
  for (const author of authors) seen.set(`${author.userId}\u0000${author.officeId}`, author);
  return [...seen.values()];
}
