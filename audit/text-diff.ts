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

export function diffSection(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: 'equal', value: before }] : [];
  return diffWordsWithSpace(before, after).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'equal',
    value: part.value,
  }));
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
