// @vitest-environment jsdom
// Comment anchors through the real editor binding (D-132): two Tiptap editors on two Y.Docs kept
// in sync; a passage anchored in one follows the other's concurrent edits inside and around it,
// and resolves to nothing once the other deletes it.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { sectionExtensions } from './extensions';
import { sectionFragment } from './convert';
import {
  anchorOfRange,
  CommentHighlights,
  commentHighlightKey,
  resolveAnchor,
  setCommentThreads,
  type AnchorRange,
} from './comment-anchors';

const editors: Editor[] = [];
afterEach(() => {
  while (editors.length > 0) editors.pop()?.destroy();
});

function twoEditors() {
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  const reported: ReadonlyMap<string, AnchorRange>[] = [];
  const made = docs.map(
    (doc, index) =>
      new Editor({
        element: document.createElement('div'),
        extensions: [
          ...sectionExtensions('justification'),
          Collaboration.configure({ fragment: sectionFragment(doc, 'justification') }),
          CommentHighlights.configure({
            onRanges: (ranges) => {
              if (index === 0) reported.push(ranges);
            },
          }),
        ],
      }),
  );
  editors.push(...made);
  // Live sync in both directions, as the collab server would relay it.
  docs[0].on('update', (update: Uint8Array, origin) => {
    if (origin !== 'remote') Y.applyUpdate(docs[1], update, 'remote');
  });
  docs[1].on('update', (update: Uint8Array, origin) => {
    if (origin !== 'remote') Y.applyUpdate(docs[0], update, 'remote');
  });
  return { a: made[0]!, b: made[1]!, reported };
}

const textOf = (editor: Editor, range: AnchorRange) =>
  range ? editor.state.doc.textBetween(range.from, range.to) : null;

const highlighted = (editor: Editor) =>
  [...editor.view.dom.querySelectorAll('[data-thread-id="t1"]')]
    .map((node) => node.textContent)
    .join('');

describe('comment anchors follow concurrent edits (D-132)', () => {
  it('a passage anchored in A keeps covering it while B edits inside and around it, and resolves to nothing once B deletes it', () => {
    const { a, b, reported } = twoEditors();
    a.commands.insertContent('Die Arbeitsgruppe tagt monatlich.');
    const text = a.state.doc.textContent;
    expect(b.state.doc.textContent).toBe(text);
    // "Arbeitsgruppe" in A's document: positions count from 1 inside the first paragraph.
    const from = 1 + text.indexOf('Arbeitsgruppe');
    const to = from + 'Arbeitsgruppe'.length;
    const anchor = anchorOfRange(a.state, from, to)!;
    expect(anchor.start).toMatch(/^[A-Za-z0-9+/]+=*$/);
    a.view.dispatch(setCommentThreads(a.state.tr, [{ threadId: 't1', anchor }], null));
    expect(highlighted(a)).toBe('Arbeitsgruppe');

    // B inserts inside the passage and before it (concurrent edits arrive as Yjs changes in A).
    const inB = 1 + b.state.doc.textContent.indexOf('gruppe');
    b.view.dispatch(b.state.tr.insertText('s', inB));
    b.view.dispatch(b.state.tr.insertText('Neu: ', 1));
    expect(a.state.doc.textContent).toBe('Neu: Die Arbeitssgruppe tagt monatlich.');
    const range = commentHighlightKey.getState(a.state)!.ranges.get('t1')!;
    expect(textOf(a, range)).toBe('Arbeitssgruppe');
    expect(highlighted(a)).toBe('Arbeitssgruppe');

    // A's own typing before the passage is mapped, and a re-resolution agrees.
    a.view.dispatch(a.state.tr.insertText('X', 1));
    expect(textOf(a, commentHighlightKey.getState(a.state)!.ranges.get('t1')!)).toBe(
      'Arbeitssgruppe',
    );
    expect(textOf(a, resolveAnchor(a.state, anchor))).toBe('Arbeitssgruppe');

    // B deletes the whole passage: the anchor resolves to nothing, and A reports it.
    const start = 1 + b.state.doc.textContent.indexOf('Arbeitssgruppe');
    b.view.dispatch(b.state.tr.delete(start, start + 'Arbeitssgruppe'.length));
    expect(commentHighlightKey.getState(a.state)!.ranges.get('t1')).toBeNull();
    expect(highlighted(a)).toBe('');
    expect(reported.at(-1)?.get('t1')).toBeNull();
  });

  it('an anchor that does not belong to the document resolves to nothing', () => {
    const { a } = twoEditors();
    a.commands.insertContent('Text');
    expect(resolveAnchor(a.state, { start: 'AAAA', end: 'AAAA' })).toBeNull();
  });
});
