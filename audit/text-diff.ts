// A readable diff between two Fassungen, section by section: words inserted and removed within the
// plain-text rendering (paragraphs and list items keep their line breaks).
import { diffWordsWithSpace } from 'diff';
import type { VorlageText } from '../domain/text/canonical';
import { sectionPlainText } from '../domain/text/plain-text';
import { TEXT_SECTIONS, type SectionKey } from '../domain/text/sections';

export type DiffPartKind = 'equal' | 'added' | 'removed';

export interface DiffPart {
  readonly kind: DiffPartKind;
  readonly value: string;
  /** Who made this run, "Name (Amt)", where the caller attributed it (changes since a sign-off). */
  readonly authors?: readonly string[];
}

export interface SectionDiff {
  readonly section: SectionKey;
  readonly number: number;
  readonly label: string;
  readonly changed: boolean;
  readonly parts: readonly DiffPart[];
  readonly addedWords: number;
  readonly removedWords: number;
}

const countWords = (value: string): number => value.split(/\s+/).filter(Boolean).length;

/**
 * No-break spaces compare as spaces: browsers put them into edited text in place of a typed space
 * (Chromium does after a deletion next to one), and the diff's tokenizer takes them for part of a
 * word — so "im\u00a0eröffnet." would show as a changed word. The parts keep the texts' own
 * characters (the mapping keeps every offset).
 */
const NO_BREAK_SPACE = /\u00a0/g;

export function diffSection(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: 'equal', value: before }] : [];
  let inBefore = 0;
  let inAfter = 0;
  return diffWordsWithSpace(
    before.replace(NO_BREAK_SPACE, ' '),
    after.replace(NO_BREAK_SPACE, ' '),
  ).map((part): DiffPart => {
    const length = part.value.length;
    if (part.removed)
      return { kind: 'removed', value: before.slice(inBefore, (inBefore += length)) };
    const value = after.slice(inAfter, (inAfter += length));
    if (part.added) return { kind: 'added', value };
    inBefore += length;
    return { kind: 'equal', value };
  });
}

export function diffTexts(before: VorlageText, after: VorlageText): SectionDiff[] {
  return TEXT_SECTIONS.map(({ key, number, label }) => {
    const parts = diffSection(sectionPlainText(before, key), sectionPlainText(after, key));
    return {
      section: key,
      number,
      label,
      changed: parts.some((part) => part.kind !== 'equal'),
      parts,
      addedWords: parts
        .filter((part) => part.kind === 'added')
        .reduce((sum, part) => sum + countWords(part.value), 0),
      removedWords: parts
        .filter((part) => part.kind === 'removed')
        .reduce((sum, part) => sum + countWords(part.value), 0),
    };
  });
}
