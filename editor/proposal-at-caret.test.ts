// The proposal under the caret, named for keyboard and screen-reader users (no mouse hover).
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { encodeProposalId } from '../domain/text/proposals';
import { schemaFor } from './extensions';
import { proposalAtCaret } from './proposal-at-caret';

const anna = { userId: 'anna', officeId: 'jugendamt', displayName: 'Anna Amsel' };
const bert = { userId: 'bert', officeId: 'schul-und-sportamt' };
const inserted = encodeProposalId(anna, 'n1');
const deleted = encodeProposalId(bert, 'n2');

// "Die | neue | Kita | wird | gebaut." — "neue " proposed by Anna, "wird " struck by Bert.
const schema = schemaFor('rich');
const doc = schema.nodeFromJSON({
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Die ' },
        { type: 'text', text: 'neue ', marks: [{ type: 'insertion', attrs: { id: inserted } }] },
        { type: 'text', text: 'Kita ' },
        { type: 'text', text: 'wird ', marks: [{ type: 'deletion', attrs: { id: deleted } }] },
        { type: 'text', text: 'gebaut.' },
      ],
    },
  ],
});

/** The proposal at the caret placed after `offset` characters of the paragraph. */
const at = (offset: number, to = offset) =>
  proposalAtCaret(
    EditorState.create({ doc, selection: TextSelection.create(doc, 1 + offset, 1 + to) }),
  );

describe('proposalAtCaret', () => {
  it('names the author, office and text of the insertion the caret stands in', () => {
    expect(at('Die ne'.length)).toEqual({
      id: inserted,
      kind: 'insertion',
      author: { userId: 'anna', officeId: 'jugendamt' },
      displayName: 'Anna Amsel',
      text: 'neue ',
    });
  });

  it('names a deletion proposal, also from a selection that starts in it; no name carried → null name', () => {
    const found = at('Die neue Kita w'.length, 'Die neue Kita wird gebaut'.length);
    expect(found).toMatchObject({ kind: 'deletion', author: bert, displayName: null });
    expect(found?.text).toBe('wird ');
  });

  it('is null where the caret touches no proposal', () => {
    expect(at('Di'.length)).toBeNull();
    expect(at('Die neue Kita wird geb'.length)).toBeNull();
  });
});
