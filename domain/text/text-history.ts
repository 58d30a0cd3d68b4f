// Why a sign-off is stale (D-32): which sections differ from the signed Fassung, and — from the
// text stream's content events — when and by whom each of those sections was changed since.
import { changedSections, type SectionHashes } from './canonical';
import type { SectionKey } from './sections';
import {
  TEXT_EVENT_TYPES,
  TextContentMetadataSchema,
  type InitialTextFingerprint,
  type TextAuthor,
  type TextStreamEvent,
} from './text-events';

export interface SectionChange {
  readonly section: SectionKey;
  readonly revision: string;
  readonly time: string;
  readonly authors: readonly TextAuthor[];
}

export interface StaleExplanation {
  readonly stale: boolean;
  readonly signedTextHash: string;
  readonly currentTextHash: string;
  /** Sections that differ between the signed Fassung and the current text, in template order. */
  readonly changedSections: readonly SectionKey[];
  /** Content events after the signed Fassung that touched those sections, oldest first. */
  readonly changes: readonly SectionChange[];
  /** False when the signed Fassung never occurred in this stream (changes then cover it all). */
  readonly fassungFound: boolean;
}

interface ContentStep {
  readonly revision: bigint;
  readonly time: string;
  readonly authors: readonly TextAuthor[];
  readonly textHash: string;
  readonly sectionHashes: SectionHashes;
  readonly changed: readonly SectionKey[];
}

function contentSteps(
  events: readonly TextStreamEvent[],
  initial: InitialTextFingerprint,
): ContentStep[] {
  const steps: ContentStep[] = [];
  let previous = initial.sectionHashes;
  for (const event of events) {
    if (event.type !== TEXT_EVENT_TYPES.updated && event.type !== TEXT_EVENT_TYPES.snapshotTaken)
      continue;
    const metadata = TextContentMetadataSchema.parse(event.metadata);
    steps.push({
      revision: event.revision,
      time: metadata.time,
      authors: metadata.authors,
      textHash: metadata.textHash,
      sectionHashes: metadata.sectionHashes,
      changed: changedSections(previous, metadata.sectionHashes),
    });
    previous = metadata.sectionHashes;
  }
  return steps;
}

export function explainStaleSignOff(
  signed: { readonly textHash: string; readonly sectionHashes: SectionHashes | null },
  events: readonly TextStreamEvent[],
  initial: InitialTextFingerprint,
): StaleExplanation {
  const steps = contentSteps(events, initial);
  const current = steps[steps.length - 1] ?? {
    textHash: initial.textHash,
    sectionHashes: initial.sectionHashes,
  };
  let from = -1; // index of the last step at the signed Fassung; -1 = the initial text
  for (let index = steps.length - 1; index >= 0; index -= 1) {
    if (steps[index]!.textHash === signed.textHash) {
      from = index;
      break;
    }
  }
  const fassungFound = from >= 0 || initial.textHash === signed.textHash;
  const later = steps.slice(from + 1);
  const differing = signed.sectionHashes
    ? changedSections(signed.sectionHashes, current.sectionHashes)
    : [...new Set(later.flatMap((step) => step.changed))];
  const changes = later.flatMap((step) =>
    step.changed
      .filter((section) => differing.includes(section))
      .map((section) => ({
        section,
        revision: step.revision.toString(),
        time: step.time,
        authors: step.authors,
      })),
  );
  return {
    stale: signed.textHash !== current.textHash,
    signedTextHash: signed.textHash,
    currentTextHash: current.textHash,
    changedSections: differing,
    changes,
    fassungFound,
  };
}
