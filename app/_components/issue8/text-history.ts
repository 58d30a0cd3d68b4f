// The text stream `vorlagetext-<id>` replayed: the text exactly as it stood at a Fassung (Yjs
// updates applied in order up to the revision whose recorded hash is the Fassung's, then hashed
// again to prove it), and who wrote which passage (word diff between consecutive revisions).
import * as Y from 'yjs';
import { diffWordsWithSpace } from 'diff';
import { docToVorlageText } from '../../../editor/convert';
import { changedSections, hashText, type VorlageText } from '../../../domain/text/canonical';
import { sectionPlainText } from '../../../domain/text/plain-text';
import { SECTION_KEYS, type SectionKey } from '../../../domain/text/sections';
import {
  TEXT_EVENT_TYPES,
  TextContentMetadataSchema,
  type TextAuthor,
} from '../../../domain/text/text-events';

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

// ---- who wrote which passage --------------------------------------------------------------

export interface Contribution {
  readonly revision: string;
  readonly time: string;
  readonly authors: readonly TextAuthor[];
}

export interface Passage {
  readonly text: string;
  /** Index into `Authorship.contributions`. */
  readonly contribution: number;
}

export interface Authorship {
  readonly contributions: readonly Contribution[];
  readonly sections: readonly {
    readonly section: SectionKey;
    readonly passages: readonly Passage[];
  }[];
  /** True when the history was longer than the limit and only its last part was attributed. */
  readonly truncated: boolean;
}

/** Above this many content events only the most recent ones are attributed (older text counts as the first kept revision's). */
export const MAX_ATTRIBUTED_EVENTS = 2000;

/**
 * Attributes every character of the current text to the content event that inserted it: each
 * revision's plain text is word-diffed against the previous one, kept characters keep their
 * author, inserted ones get the revision's authors.
 */
export function attributePassages(events: readonly ContentEvent[]): Authorship {
  const truncated = events.length > MAX_ATTRIBUTED_EVENTS;
  const firstIndex = truncated ? events.length - MAX_ATTRIBUTED_EVENTS : 0;
  const contributions: Contribution[] = [];
  const texts = new Map<SectionKey, string>(SECTION_KEYS.map((key) => [key, '']));
  const owners = new Map<SectionKey, Int32Array>(
    SECTION_KEYS.map((key) => [key, new Int32Array(0)]),
  );
  const doc = firstIndex > 0 ? replayUntil(events, firstIndex - 1) : new Y.Doc();
  try {
    let previousHashes: Record<SectionKey, string> | null = null;
    for (let index = firstIndex; index < events.length; index += 1) {
      const event = events[index]!;
      Y.applyUpdate(doc, event.update);
      const changed = previousHashes
        ? changedSections(previousHashes, event.sectionHashes)
        : [...SECTION_KEYS];
      previousHashes = event.sectionHashes;
      if (changed.length === 0) continue;
      const contribution = contributions.length;
      contributions.push({
        revision: event.revision.toString(),
        time: event.time,
        authors: event.authors,
      });
      const text = docToVorlageText(doc);
      for (const key of changed) {
        const after = sectionPlainText(text, key);
        owners.set(key, carryOwners(texts.get(key)!, owners.get(key)!, after, contribution));
        texts.set(key, after);
      }
    }
  } finally {
    doc.destroy();
  }
  return {
    contributions,
    sections: SECTION_KEYS.map((key) => ({
      section: key,
      passages: toPassages(texts.get(key)!, owners.get(key)!),
    })),
    truncated,
  };
}

function carryOwners(before: string, owners: Int32Array, after: string, owner: number): Int32Array {
  const next = new Int32Array(after.length);
  let read = 0;
  let write = 0;
  for (const part of diffWordsWithSpace(before, after)) {
    const length = part.value.length;
    if (part.removed) {
      read += length;
    } else if (part.added) {
      next.fill(owner, write, write + length);
      write += length;
    } else {
      next.set(owners.subarray(read, read + length), write);
      read += length;
      write += length;
    }
  }
  return next;
}

function toPassages(text: string, owners: Int32Array): Passage[] {
  const passages: Passage[] = [];
  let start = 0;
  for (let index = 1; index <= text.length; index += 1) {
    if (index === text.length || owners[index] !== owners[start]) {
      passages.push({ text: text.slice(start, index), contribution: owners[start]! });
      start = index;
    }
  }
  return passages;
}
