import { describe, expect, it } from 'vitest';
import { diffLines, diffWords, plainText, sectionPlainText } from './plain-text';
import type { VorlageText } from './canonical';

const text: VorlageText = {
  subject: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Einsetzung der ' },
        { type: 'text', text: 'AG Planung', marks: [{ type: 'bold' }] },
      ],
    },
  ],
  justification: [
    {
      type: 'paragraph',
      content: [{ type: 'text', text: 'Die AG Planung hat die folgenden Aufgaben:' }],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Beratung' }] }],
        },
        {
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Information' },
                { type: 'hardBreak' },
                { type: 'text', text: 'ressortübergreifend' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('plain text and diff (D-32)', () => {
  it('D-32: renders sections as plain text with bullets and line breaks', () => {
    expect(sectionPlainText(text, 'subject')).toBe('Einsetzung der AG Planung');
    expect(sectionPlainText(text, 'justification')).toBe(
      'Die AG Planung hat die folgenden Aufgaben:\n- Beratung\n- Information\nressortübergreifend',
    );
    expect(plainText(text).legalBasis).toBe('');
  });

  it('D-32: word diff keeps both texts recoverable and marks the change', () => {
    const before = 'Das Bezirksamt beschließt die Einrichtung.';
    const after = 'Das Bezirksamt beschließt nicht die Einrichtung.';
    const ops = diffWords(before, after);
    expect(
      ops
        .filter((op) => op.op !== 'insert')
        .map((op) => op.text)
        .join(''),
    ).toBe(before);
    expect(
      ops
        .filter((op) => op.op !== 'delete')
        .map((op) => op.text)
        .join(''),
    ).toBe(after);
    expect(ops.filter((op) => op.op === 'insert').map((op) => op.text.trim())).toEqual(['nicht']);
    expect(diffLines('a\nb\nc', 'a\nc')).toEqual([
      { op: 'equal', text: 'a\n' },
      { op: 'delete', text: 'b\n' },
      { op: 'equal', text: 'c' },
    ]);
  });
});
