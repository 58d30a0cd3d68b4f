// Suggestion mode ("Vorschlagen") for the Vorlage editor, built on
// @handlewithcare/prosemirror-suggest-changes: its insertion/deletion/modification marks are part
// of the shared schema (browser and collab server agree on them), its transaction transform turns
// an edit into a proposal while the mode is on (marks: suggestion-marks.ts). y-tiptap syncs the
// marks as Yjs formatting attributes. Our additions: the id names its author, and
// accepting or rejecting works on the Yjs document directly, so the collab server can apply a
// recorded decision without an editor.
import { Extension, type Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import {
  suggestChanges,
  suggestChangesKey,
  transformToSuggestionTransaction,
} from '@handlewithcare/prosemirror-suggest-changes';
import * as Y from 'yjs';
import {
  DELETION_MARK,
  encodeProposalId,
  INSERTION_MARK,
  type ProposalAuthor,
} from '../domain/text/proposals';
import { SECTION_KEYS } from '../domain/text/sections';
import { sectionFragment } from './convert';

export interface SuggestModeOptions {
  /** Whose proposals this editor writes; null = suggestion mode cannot be switched on. */
  readonly author: ProposalAuthor | null;
  /** Start in suggestion mode (signers: always). */
  readonly enabled: boolean;
}

function randomNonce(): string {
  return globalThis.crypto.randomUUID().slice(0, 8);
}

/** Same conditions as the library's withSuggestChanges: remote and undo steps pass unchanged. */
function isOwnEdit(transaction: Transaction): boolean {
  const ySync = (transaction.getMeta('y-sync$') ?? {}) as Record<string, unknown>;
  return (
    transaction.docChanged &&
    !transaction.getMeta('history$') &&
    !ySync['isUndoRedoOperation'] &&
    !ySync['isChangeOrigin'] &&
    !('skip' in ((transaction.getMeta(suggestChangesKey) as object | undefined) ?? {}))
  );
}

interface SuggestModeStorage {
  enabled: boolean;
}

declare module '@tiptap/core' {
  interface Storage {
    suggestMode: SuggestModeStorage;
  }
}

/**
 * Turns the editor's own edits into proposals while suggestion mode is on. The mode lives in the
 * extension's storage (set synchronously at creation), not in the library's plugin state, which
 * Tiptap could only switch on after the editor is created.
 */
export const SuggestMode = Extension.create<SuggestModeOptions, SuggestModeStorage>({
  name: 'suggestMode',
  addOptions() {
    return { author: null, enabled: false };
  },
  addStorage() {
    return { enabled: this.options.enabled && this.options.author !== null };
  },
  addProseMirrorPlugins() {
    return [suggestChanges()];
  },
  dispatchTransaction({ transaction, next }) {
    const author = this.options.author;
    if (!author || !this.storage.enabled || !isOwnEdit(transaction)) {
      next(transaction);
      return;
    }
    next(
      transformToSuggestionTransaction(transaction, this.editor.state, () =>
        encodeProposalId(author, randomNonce()),
      ),
    );
  },
});

/** Switches an editor between "Bearbeiten" (false) and "Vorschlagen" (true). */
export function setSuggestMode(editor: Editor, enabled: boolean): void {
  const storage = editor.storage.suggestMode;
  if (storage) storage.enabled = enabled;
}

export function isSuggestModeOn(editor: Editor): boolean {
  return editor.storage.suggestMode?.enabled ?? false;
}

export type ProposalDecision = 'accepted' | 'rejected';

/**
 * Accepts or rejects one proposal in a Yjs document, at the Yjs level (no editor needed): accepted
 * insertions lose their mark, accepted deletions are removed; rejected insertions are removed,
 * rejected deletions lose their mark. Returns whether the document held the proposal.
 */
export function decideProposalInDoc(
  doc: Y.Doc,
  id: string,
  decision: ProposalDecision,
  origin?: unknown,
): boolean {
  let found = false;
  doc.transact(() => {
    for (const key of SECTION_KEYS) {
      for (const text of textsOf(sectionFragment(doc, key))) {
        if (decideInText(text, id, decision)) found = true;
      }
    }
  }, origin);
  return found;
}

function textsOf(parent: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) texts.push(child);
    else if (child instanceof Y.XmlElement) texts.push(...textsOf(child));
  }
  return texts;
}

interface DeltaRun {
  readonly insert?: unknown;
  readonly attributes?: Record<string, unknown>;
}

function decideInText(text: Y.XmlText, id: string, decision: ProposalDecision): boolean {
  const ranges: { index: number; length: number; action: 'unmark' | 'remove'; mark: string }[] = [];
  let index = 0;
  for (const run of text.toDelta() as DeltaRun[]) {
    const length = typeof run.insert === 'string' ? run.insert.length : 1;
    for (const mark of [INSERTION_MARK, DELETION_MARK]) {
      const attrs = run.attributes?.[mark] as { id?: unknown } | undefined;
      if (!attrs || String(attrs.id) !== id) continue;
      const keep = (mark === INSERTION_MARK) === (decision === 'accepted');
      ranges.push({ index, length, action: keep ? 'unmark' : 'remove', mark });
    }
    index += length;
  }
  // From the end, so earlier indexes stay valid while later ranges are removed.
  for (const range of ranges.reverse()) {
    if (range.action === 'remove') text.delete(range.index, range.length);
    else text.format(range.index, range.length, { [range.mark]: null });
  }
  return ranges.length > 0;
}
