// @vitest-environment jsdom
// Evaluation of @handlewithcare/prosemirror-suggest-changes with our Tiptap 3 + y-tiptap binding:
// two Tiptap editors on two Y.Docs; one edits in suggestion mode, the other receives the updates
// and must see the proposals as marks naming the author — while the Fassung (accepted text)
// stays what it was until a decision is applied (D-140…D-142).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { TextSelection } from '@tiptap/pm/state';
import { sectionExtensions } from './extensions';
import { docToVorlageText, sectionFragment, textHashOfDoc, vorlageTextToDoc } from './convert';
import { SuggestMode } from './suggestions';
import { decideProposalInDoc } from './proposal-decisions';
import { pendingProposals } from '../domain/text/proposals';
import { sectionPlainText } from '../domain/text/plain-text';

const REMOTE = Symbol('remote');
const signer = { userId: 'u-jug-sign', officeId: 'jug' };
const editors: Editor[] = [];
afterEach(() => {
  while (editors.length > 0) editors.pop()?.destroy();
});

function connectedPair() {
  const initial = Y.encodeStateAsUpdate(
    vorlageTextToDoc({
      justification: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Die Kita wird gebaut.' }] },
      ],
    }),
  );
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  for (const doc of docs) Y.applyUpdate(doc, initial, REMOTE);
  docs.forEach((doc, index) =>
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) Y.applyUpdate(docs[1 - index]!, update, REMOTE);
    }),
  );
  const editorOf = (doc: Y.Doc, suggest: boolean) => {
    const editor = new Editor({
      element: document.createElement('div'),
      extensions: [
        ...sectionExtensions('justification'),
        Collaboration.configure({ fragment: sectionFragment(doc, 'justification') }),
        SuggestMode.configure({ author: suggest ? signer : null, enabled: suggest }),
      ],
    });
    editors.push(editor);
    return editor;
  };
  return { docs, proposer: editorOf(docs[0], true), lead: editorOf(docs[1], false) };
}

/** Position just after the first occurrence of `needle` in the editor's document. */
function after(editor: Editor, needle: string): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(needle))
      found = pos + node.text!.indexOf(needle) + needle.length;
  });
  if (found < 0) throw new Error(`"${needle}" not found`);
  return found;
}

describe('suggestion mode over the Yjs binding (D-140…D-142)', () => {
  it('D-141: an insertion and a deletion in suggestion mode reach the other doc as author-named marks; the Fassung is unchanged', async () => {
    const { docs, proposer, lead } = connectedPair();
    const before = await textHashOfDoc(docs[1]);

    const at = after(proposer, 'Die ');
    proposer.view.dispatch(proposer.state.tr.insertText('neue ', at));
    const from = after(proposer, 'wird ') - 'wird '.length;
    proposer.view.dispatch(proposer.state.tr.delete(from, from + 'wird '.length));

    // The lead office's editor shows both proposals as marks…
    const html = lead.getHTML();
    expect(html).toMatch(/<ins[^>]*data-proposal-office="jug"[^>]*>neue <\/ins>/);
    expect(html).toMatch(/<del[^>]*data-proposal-user="u-jug-sign"[^>]*>wird <\/del>/);
    // …the text still holds the deleted words, and the Fassung did not change.
    const proposals = pendingProposals(docToVorlageText(docs[1]));
    expect(proposals.map((p) => [p.inserted, p.deleted, p.author])).toEqual([
      ['neue ', '', signer],
      ['', 'wird ', signer],
    ]);
    expect(await textHashOfDoc(docs[1])).toBe(before);
    expect(await textHashOfDoc(docs[0])).toBe(before);
  });

  it('D-142: accepting one proposal and rejecting the other at the Yjs level reaches both editors; only the acceptance changes the Fassung', async () => {
    const { docs, proposer, lead } = connectedPair();
    const before = await textHashOfDoc(docs[1]);
    proposer.view.dispatch(proposer.state.tr.insertText('neue ', after(proposer, 'Die ')));
    const from = after(proposer, 'wird ') - 'wird '.length;
    proposer.view.dispatch(proposer.state.tr.delete(from, from + 'wird '.length));
    const [insertion, deletion] = pendingProposals(docToVorlageText(docs[1]));

    expect(decideProposalInDoc(docs[1], deletion!.id, 'rejected')).toBe(true);
    expect(await textHashOfDoc(docs[1])).toBe(before);
    expect(decideProposalInDoc(docs[1], insertion!.id, 'accepted')).toBe(true);
    expect(decideProposalInDoc(docs[1], insertion!.id, 'accepted')).toBe(false);

    const text = docToVorlageText(docs[0]);
    expect(sectionPlainText(text, 'justification')).toBe('Die neue Kita wird gebaut.');
    expect(pendingProposals(text)).toEqual([]);
    expect(await textHashOfDoc(docs[0])).not.toBe(before);
    expect(proposer.getText()).toBe(lead.getText());
  });

  it('D-141: a browser-style "replace the whole empty paragraph" becomes an inline insertion into the empty section, not a new paragraph', async () => {
    const doc = vorlageTextToDoc({});
    const before = await textHashOfDoc(doc);
    const editor = new Editor({
      element: document.createElement('div'),
      extensions: [
        ...sectionExtensions('justification'),
        Collaboration.configure({ fragment: sectionFragment(doc, 'justification') }),
        SuggestMode.configure({ author: signer, enabled: true }),
      ],
    });
    editors.push(editor);
    const { schema } = editor.state;
    const replaced = schema.nodes['paragraph']!.create(null, schema.text('D'));
    editor.view.dispatch(editor.state.tr.replaceWith(0, editor.state.doc.content.size, replaced));
    expect(docToVorlageText(doc).justification).toEqual([
      {
        type: 'paragraph',
        attrs: { proposalPlaceholder: true },
        content: [
          {
            type: 'text',
            text: 'D',
            marks: [{ type: 'insertion', attrs: { id: expect.any(String) } }],
          },
        ],
      },
    ]);
    expect(await textHashOfDoc(doc)).toBe(before);
  });

  it('D-141: typing in suggestion mode keeps extending the same proposal', () => {
    const { docs, proposer } = connectedPair();
    proposer.view.dispatch(
      proposer.state.tr.setSelection(
        TextSelection.create(proposer.state.doc, after(proposer, 'Die ')),
      ),
    );
    for (const character of 'neue ')
      proposer.view.dispatch(proposer.state.tr.insertText(character));
    expect(pendingProposals(docToVorlageText(docs[1])).map((p) => p.inserted)).toEqual(['neue ']);
  });
});
