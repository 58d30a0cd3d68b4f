// Who made each inserted and each deleted run of a word diff between a Fassung and the current
// text: the runs come from text-diff.ts (words), the names from the exact per-character
// attribution of editor/authorship.ts (Yjs items). The two are laid onto each other by aligning
// characters, since the plain text adds line breaks and list bullets the Yjs text does not hold.
import { diffChars } from 'diff';
import type { ChangeRun, SectionChanges, TextChanges } from '../editor/authorship';
import type { DiffPart, SectionDiff } from './text-diff';

export interface AttributedPart extends DiffPart {
  /** Indexes into the attribution's groups of who made this run; empty for unchanged text. */
  readonly by: readonly number[];
}

interface CharacterFact {
  readonly changed: boolean;
  readonly by: number | null;
}

/**
 * The word diff of one section with who made each run: a deleted run names who deleted its
 * characters, an inserted run who typed them; a run two people made is split where one's part
 * ends. A run the word diff shows although none of its characters changed (a word changed in
 * part, "Haus" → "Hauses") takes the names of the runs it is replaced by or replaces; inserted
 * text that already stood, as a pending proposal, at the Fassung falls back to who typed it.
 */
export function attributeDiffParts(
  parts: readonly DiffPart[],
  changes: SectionChanges,
): AttributedPart[] {
  const before = alignFacts(changes.before, textOf(parts, 'removed'));
  const now = alignFacts(changes.now, textOf(parts, 'added'));
  let inBefore = 0;
  let inNow = 0;
  const own = parts.map((part) => {
    const length = part.value.length;
    if (part.kind === 'equal') {
      inBefore += length;
      inNow += length;
      return { part, facts: [] };
    }
    const facts =
      part.kind === 'removed'
        ? before.slice(inBefore, (inBefore += length))
        : now.slice(inNow, (inNow += length));
    return { part, facts };
  });
  const changedBy = own.map(({ facts }) => groupsOf(facts.filter((fact) => fact?.changed)));
  return own.flatMap(({ part, facts }, index): AttributedPart[] => {
    if (part.kind === 'equal') return [{ ...part, by: [] }];
    if (changedBy[index]!.length > 1) return splitByAuthor(part, facts);
    if (changedBy[index]!.length === 1) return [{ ...part, by: changedBy[index]! }];
    const fromNeighbours = unique(clusterAround(own, index).flatMap((other) => changedBy[other]!));
    if (fromNeighbours.length > 0) return [{ ...part, by: fromNeighbours }];
    return [{ ...part, by: part.kind === 'added' ? typistsOf(part.value, facts) : [] }];
  });
}

/** A run of several people's changes, cut where the author changes (unchanged characters join the run before). */
function splitByAuthor(
  part: DiffPart,
  facts: readonly (CharacterFact | undefined)[],
): AttributedPart[] {
  const owners = facts.map((fact) => (fact?.changed && fact.by !== null ? fact.by : null));
  const first = owners.find((owner) => owner !== null)!;
  const runs: AttributedPart[] = [];
  let current = first;
  let start = 0;
  owners.forEach((owner, offset) => {
    if (owner === null || owner === current) return;
    runs.push({ kind: part.kind, value: part.value.slice(start, offset), by: [current] });
    current = owner;
    start = offset;
  });
  runs.push({ kind: part.kind, value: part.value.slice(start), by: [current] });
  return runs.filter((run) => run.value !== '');
}

/** The side of the diff that holds the parts of `other` (before: equal + removed). */
function textOf(parts: readonly DiffPart[], side: 'added' | 'removed'): string {
  return parts
    .filter((part) => part.kind === 'equal' || part.kind === side)
    .map((part) => part.value)
    .join('');
}

/** Per character of `plain`, the fact of the Yjs character it aligns with (none for bullets etc.). */
function alignFacts(
  runs: readonly ChangeRun[],
  plain: string,
): readonly (CharacterFact | undefined)[] {
  const facts: CharacterFact[] = runs.flatMap((run) =>
    Array.from({ length: run.text.length }, () => ({ changed: run.changed, by: run.by })),
  );
  const yjsText = runs.map((run) => run.text).join('');
  const aligned: (CharacterFact | undefined)[] = [];
  let inYjs = 0;
  for (const change of diffChars(yjsText, plain)) {
    const length = change.value.length;
    if (change.removed) inYjs += length;
    else if (change.added) aligned.push(...Array<undefined>(length).fill(undefined));
    else {
      aligned.push(...facts.slice(inYjs, inYjs + length));
      inYjs += length;
    }
  }
  return aligned;
}

/**
 * Indexes of the other parts of the change `index` belongs to: the neighbouring changed parts,
 * across white space the diff kept (two words joined by deleting what stood between them show as
 * one word removed and another added, next to the deletion).
 */
function clusterAround(items: readonly { part: DiffPart }[], index: number): number[] {
  const inChange = (at: number) => {
    const { part } = items[at]!;
    return part.kind !== 'equal' || /^\s*$/.test(part.value);
  };
  let start = index;
  while (start > 0 && inChange(start - 1)) start -= 1;
  let end = index + 1;
  while (end < items.length && inChange(end)) end += 1;
  return Array.from({ length: end - start }, (_, offset) => start + offset).filter(
    (other) => other !== index && items[other]!.part.kind !== 'equal',
  );
}

/** Who typed the words of a run (the spaces around them may be older), or any of it. */
function typistsOf(value: string, facts: readonly (CharacterFact | undefined)[]): number[] {
  const ofWords = groupsOf(facts.filter((_, offset) => /\S/.test(value[offset] ?? '')));
  return ofWords.length > 0 ? ofWords : groupsOf(facts);
}

function groupsOf(facts: readonly (CharacterFact | undefined)[]): number[] {
  return unique(facts.flatMap((fact) => (fact && fact.by !== null ? [fact.by] : [])));
}

function unique(groups: readonly number[]): number[] {
  return [...new Set(groups)];
}

/** Every section's word diff with who made each run (sections without attribution unchanged). */
export function attributeDiff<S extends SectionDiff>(
  sections: readonly S[],
  changes: TextChanges,
): (Omit<S, 'parts'> & { readonly parts: readonly AttributedPart[] })[] {
  return sections.map((section) => {
    const sectionChanges = changes.sections.find((entry) => entry.section === section.section);
    return {
      ...section,
      parts:
        section.changed && sectionChanges
          ? attributeDiffParts(section.parts, sectionChanges)
          : section.parts.map((part) => ({ ...part, by: [] })),
    };
  });
}
