import { describe, expect, it } from 'vitest';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import type { TextAuthor } from '../domain/text/text-events';
import { sectionEditorsSince } from './section-editors';
import type { ContentEvent } from './text-history';

const ANNA: TextAuthor = { userId: 'anna', officeId: 'jugendamt' };
const BERT: TextAuthor = { userId: 'bert', officeId: 'stadtentwicklung' };

/** A content event whose text hash and section hashes are given by a version per section. */
function event(
  revision: number,
  versions: Partial<Record<SectionKey, number>>,
  authors: TextAuthor[],
): ContentEvent {
  const sectionHashes = Object.fromEntries(
    SECTION_KEYS.map((key) => [key, `${key}@${versions[key] ?? 0}`]),
  ) as Record<SectionKey, string>;
  return {
    revision: BigInt(revision),
    time: `2026-12-0${1 + revision}T10:00:00Z`,
    authors,
    textHash: Object.values(sectionHashes).join('|'),
    sectionHashes,
    snapshot: false,
    update: new Uint8Array(),
  };
}

describe('sectionEditorsSince', () => {
  const signed = event(1, { subject: 1 }, [ANNA]);
  const history = [
    event(0, {}, [BERT]),
    signed,
    event(2, { subject: 1, justification: 1 }, [BERT]),
    event(3, { subject: 2, justification: 1 }, [ANNA]),
    event(4, { subject: 2, justification: 2 }, [BERT, ANNA]),
  ];

  it('names, per section, who changed it after the signed Fassung — nobody for untouched sections', () => {
    const editors = sectionEditorsSince(history, signed.textHash)!;
    expect(editors.get('justification')).toEqual([BERT, ANNA]);
    expect(editors.get('subject')).toEqual([ANNA]);
    expect(editors.has('draftResolution')).toBe(false);
  });

  it('counts from the last time the text held the Fassung (a change undone and redone)', () => {
    const back = event(5, { subject: 1 }, [BERT]);
    const withReturn = [...history, back, event(6, { subject: 1, financialImpact: 1 }, [ANNA])];
    const editors = sectionEditorsSince(withReturn, back.textHash)!;
    expect([...editors.keys()]).toEqual(['financialImpact']);
  });

  it('is empty when nothing changed since, and null when the stream never held the Fassung', () => {
    expect(sectionEditorsSince(history, history.at(-1)!.textHash)!.size).toBe(0);
    expect(sectionEditorsSince(history, 'not-in-stream')).toBeNull();
  });
});
