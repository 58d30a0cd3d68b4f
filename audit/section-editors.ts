// Who changed which section since a Fassung: every content event after the last one that held the
// Fassung, whose recorded section hash differs from the one before it, names its authors for that
// section. Read from the events' recorded fingerprints — no replay needed.
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import type { TextAuthor } from '../domain/text/text-events';
import type { ContentEvent } from './text-history';

export type SectionEditors = ReadonlyMap<SectionKey, readonly TextAuthor[]>;

/**
 * Where "since a Fassung" starts: the last content event that held it (the text may have stood at
 * a Fassung more than once); -1 when the stream never held it.
 */
export function lastEventAtFassung(
  textEvents: readonly ContentEvent[],
  fassungHash: string,
): number {
  return textEvents.findLastIndex((event) => event.textHash === fassungHash);
}

/**
 * The authors who changed each section after the text last stood at `fassungHash`; null when the
 * text stream never held that Fassung (e.g. a frozen copy only), so nobody can be named.
 */
export function sectionEditorsSince(
  textEvents: readonly ContentEvent[],
  fassungHash: string,
): SectionEditors | null {
  const start = lastEventAtFassung(textEvents, fassungHash);
  if (start < 0) return null;
  const editors = new Map<SectionKey, TextAuthor[]>();
  let previous = textEvents[start]!.sectionHashes;
  for (const event of textEvents.slice(start + 1)) {
    for (const key of SECTION_KEYS) {
      if (event.sectionHashes[key] === previous[key]) continue;
      const known = editors.get(key) ?? [];
      for (const author of event.authors) {
        if (!known.some((seen) => seen.userId === author.userId)) known.push(author);
      }
      editors.set(key, known);
    }
    previous = event.sectionHashes;
  }
  return editors;
}
