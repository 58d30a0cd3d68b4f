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

function connectedPair(
  paragraphs: readonly string[] = ['Die Kita wird gebaut.'],
  onNotProposable?: () => void,
) {
  const initial = Y.encodeStateAsUpdate(
    vorlageTextToDoc({
      justification: paragraphs.map((text) => ({
        type: 'paragraph',
        content: [{ type: 'text', text }],
      })),
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
        SuggestMode.configure({
          author: suggest ? signer : null,
          enabled: suggest,
          ...(onNotProposable ? { onNotProposable } : {}),
        }),
      ],
    });
    editors.push(editor);
    return editor;
  };
  return { docs, proposer: editorOf(docs[0], true), lead: editorOf(docs[1], false) };
}

/** A signer's editor (always suggesting) on the Begründung of `doc`. */
function signerEditorOn(doc: Y.Doc): Editor {
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: [
      ...sectionExtensions('justification'),
      Collaboration.configure({ fragment: sectionFragment(doc, 'justification') }),
      SuggestMode.configure({ author: signer, enabled: true }),
    ],
  });
  editors.push(editor);
  return editor;
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
    const editor = signerEditorOn(doc);
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

  /** The section's paragraphs as plain strings (markers shown as |). */
  const paragraphsOf = (doc: Y.Doc) =>
    (docToVorlageText(doc).justification ?? []).map((block) =>
      (block.content ?? []).map((run) => run.text!.replaceAll('\u200B', '|')).join(''),
    );
  const placeCaret = (editor: Editor, pos: number) =>
    editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos)));

  it('D-197: Enter in suggestion mode proposes a paragraph split; the Fassung keeps one paragraph until the split is accepted', async () => {
    const { docs, proposer, lead } = connectedPair();
    const before = await textHashOfDoc(docs[1]);
    placeCaret(proposer, after(proposer, 'Die Kita'));
    expect(proposer.commands.splitBlock()).toBe(true);

    expect(paragraphsOf(docs[1])).toEqual(['Die Kita|', '| wird gebaut.']);
    expect(await textHashOfDoc(docs[1])).toBe(before);
    const [split] = pendingProposals(docToVorlageText(docs[1]));
    expect(split).toMatchObject({ inserted: '¶', deleted: '', author: signer });

    expect(decideProposalInDoc(docs[1], split!.id, 'accepted')).toBe(true);
    expect(paragraphsOf(docs[0])).toEqual(['Die Kita', ' wird gebaut.']);
    expect(pendingProposals(docToVorlageText(docs[0]))).toEqual([]);
    expect(await textHashOfDoc(docs[0])).not.toBe(before);
    expect(proposer.getJSON()).toEqual(lead.getJSON());
  });

  it('D-197: a rejected split joins the paragraphs again — the text is exactly what it was', async () => {
    const { docs, proposer } = connectedPair();
    const before = await textHashOfDoc(docs[1]);
    placeCaret(proposer, after(proposer, 'Die Kita'));
    proposer.commands.splitBlock();
    for (const character of 'neu') proposer.view.dispatch(proposer.state.tr.insertText(character));
    const [split] = pendingProposals(docToVorlageText(docs[1]));

    expect(decideProposalInDoc(docs[1], split!.id, 'rejected')).toBe(true);
    expect(paragraphsOf(docs[0])).toEqual(['Die Kita wird gebaut.']);
    expect(await textHashOfDoc(docs[0])).toBe(before);
  });

  it('D-197: Backspace at a paragraph start proposes a join; accepted it joins, rejected nothing changes', async () => {
    for (const decision of ['accepted', 'rejected'] as const) {
      const { docs, proposer } = connectedPair(['Erster Absatz.', 'Zweiter Absatz.']);
      const before = await textHashOfDoc(docs[1]);
      placeCaret(proposer, after(proposer, 'Zweiter') - 'Zweiter'.length);
      expect(proposer.commands.joinBackward()).toBe(true);
      expect(paragraphsOf(docs[1])).toEqual(['Erster Absatz.|', '|Zweiter Absatz.']);
      expect(await textHashOfDoc(docs[1])).toBe(before);
      const [join] = pendingProposals(docToVorlageText(docs[1]));
      expect(join).toMatchObject({ inserted: '', deleted: '¶' });

      decideProposalInDoc(docs[1], join!.id, decision);
      expect(paragraphsOf(docs[0])).toEqual(
        decision === 'accepted'
          ? ['Erster Absatz.Zweiter Absatz.']
          : ['Erster Absatz.', 'Zweiter Absatz.'],
      );
      expect((await textHashOfDoc(docs[0])) === before).toBe(decision === 'rejected');
    }
  });

  it('D-197: bold inside a paragraph is proposed as the formatted words replacing the plain ones; a heading cannot be proposed and is dropped with a message', async () => {
    let refused = 0;
    const { docs, proposer } = connectedPair(['Die Kita wird gebaut.'], () => (refused += 1));
    const before = await textHashOfDoc(docs[1]);
    const from = after(proposer, 'Die ');
    proposer.view.dispatch(
      proposer.state.tr.setSelection(TextSelection.create(proposer.state.doc, from, from + 4)),
    );
    expect(proposer.commands.toggleBold()).toBe(true);
    expect(await textHashOfDoc(docs[1])).toBe(before);
    const [bold] = pendingProposals(docToVorlageText(docs[1]));
    expect(bold).toMatchObject({ inserted: 'Kita', deleted: 'Kita' });

    const held = JSON.stringify(docToVorlageText(docs[1]));
    proposer.commands.toggleHeading({ level: 3 });
    proposer.commands.toggleBulletList();
    expect(refused).toBe(2);
    expect(JSON.stringify(docToVorlageText(docs[1]))).toBe(held);

    decideProposalInDoc(docs[1], bold!.id, 'accepted');
    expect(docToVorlageText(docs[0]).justification?.[0]?.content).toEqual([
      { type: 'text', text: 'Die ' },
      { type: 'text', text: 'Kita', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' wird gebaut.' },
    ]);
  });

  it('D-197: Enter inside a list item proposes a new item; rejected, the item is whole again', async () => {
    const initial = vorlageTextToDoc({
      justification: [
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'Erstens zweitens' }] },
              ],
            },
          ],
        },
      ],
    });
    const before = await textHashOfDoc(initial);
    const editor = signerEditorOn(initial);
    placeCaret(editor, after(editor, 'Erstens'));
    expect(editor.commands.splitListItem('listItem')).toBe(true);
    expect(editor.state.doc.child(0).childCount).toBe(2);
    expect(await textHashOfDoc(initial)).toBe(before);
    const [split] = pendingProposals(docToVorlageText(initial));
    decideProposalInDoc(initial, split!.id, 'rejected');
    expect(await textHashOfDoc(initial)).toBe(before);
    expect(editor.state.doc.child(0).childCount).toBe(1);
  });

  it('D-197: deleting a selection across a paragraph boundary is one proposal; accepted, the rest of both paragraphs is one paragraph', async () => {
    for (const decision of ['accepted', 'rejected'] as const) {
      const { docs, proposer } = connectedPair(['Erster Teil.', 'Zweiter Satz.']);
      const before = await textHashOfDoc(docs[1]);
      const from = after(proposer, 'Erster');
      const to = after(proposer, 'Zweiter');
      proposer.view.dispatch(proposer.state.tr.delete(from, to));
      expect(await textHashOfDoc(docs[1])).toBe(before);
      const [deletion] = pendingProposals(docToVorlageText(docs[1]));
      expect(deletion).toMatchObject({ inserted: '', deleted: ' Teil.Zweiter' });

      decideProposalInDoc(docs[1], deletion!.id, decision);
      expect(paragraphsOf(docs[0])).toEqual(
        decision === 'accepted' ? ['Erster Satz.'] : ['Erster Teil.', 'Zweiter Satz.'],
      );
    }
  });

  it('D-197: bold across two paragraphs is proposed paragraph by paragraph; the Fassung stays until accepted', async () => {
    let refused = 0;
    const { docs, proposer } = connectedPair(
      ['Erster Teil.', 'Zweiter Satz.'],
      () => (refused += 1),
    );
    const before = await textHashOfDoc(docs[1]);
    const from = after(proposer, 'Er');
    const to = after(proposer, 'Zweit');
    proposer.view.dispatch(
      proposer.state.tr.setSelection(TextSelection.create(proposer.state.doc, from, to)),
    );
    expect(proposer.commands.toggleBold()).toBe(true);
    expect(refused).toBe(0);
    expect(await textHashOfDoc(docs[1])).toBe(before);
    const proposals = pendingProposals(docToVorlageText(docs[1]));
    expect(proposals.map((p) => p.inserted)).toEqual(['ster Teil.', 'Zweit']);
    for (const proposal of proposals) decideProposalInDoc(docs[1], proposal.id, 'accepted');
    expect(paragraphsOf(docs[0])).toEqual(['Erster Teil.', 'Zweiter Satz.']);
    expect(await textHashOfDoc(docs[0])).not.toBe(before);
  });

  it('D-197: pasting several paragraphs into a paragraph cannot be proposed and is dropped with a message', () => {
    let refused = 0;
    const { docs, proposer } = connectedPair(['Erster Teil.'], () => (refused += 1));
    const held = JSON.stringify(docToVorlageText(docs[1]));
    placeCaret(proposer, after(proposer, 'Erster'));
    proposer.commands.insertContent('<p>eins</p><p>zwei</p><p>drei</p>');
    expect(refused).toBe(1);
    expect(JSON.stringify(docToVorlageText(docs[1]))).toBe(held);
  });
});
