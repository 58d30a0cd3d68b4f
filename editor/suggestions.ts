// Suggestion mode ("Vorschlagen") for the Vorlage editor, built on
// @handlewithcare/prosemirror-suggest-changes: its insertion/deletion/modification marks are part
// of the shared schema (browser and collab server agree on them), its transaction transform turns
// an edit into a proposal while the mode is on (marks: suggestion-marks.ts). y-tiptap syncs the
// marks as Yjs formatting attributes. Our additions: the proposal id names its author; an edit
// whose suggestion would still change the accepted text is dropped (D-197).
import { Extension, type Editor } from '@tiptap/core';
import { Selection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import {
  suggestChanges,
  suggestChangesKey,
  transformToSuggestionTransaction,
} from '@handlewithcare/prosemirror-suggest-changes';
import { acceptedFormOf, type PmNode } from '../domain/text/canonical';
import { encodeProposalId, type ProposalAuthor } from '../domain/text/proposals';

export interface SuggestModeOptions {
  /** Whose proposals this editor writes; null = suggestion mode cannot be switched on. */
  readonly author: (ProposalAuthor & { readonly displayName?: string }) | null;
  /** Start in suggestion mode (signers: always). */
  readonly enabled: boolean;
  /**
   * An edit that cannot be a proposal (it would change the accepted text, or the library has
   * none for our schema: headings, lists, several pasted paragraphs) was dropped; the page says so.
   */
  readonly onNotProposable?: () => void;
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
    const state = this.editor.state;
    const suggested = suggestionOf(narrowed(transaction, state), state, author);
    // A proposal leaves the accepted text as it is (D-140, D-197) — the collab server refuses
    // anything else from a signer; dropped here with a message instead of a closed connection.
    if (!suggested || !keepsAcceptedText(state.doc, suggested.doc)) {
      this.options.onNotProposable?.();
      return;
    }
    next(suggested);
  },
});

/**
 * The library's suggestion of the transaction, or null where it has none for our schema (it
 * throws, e.g., for a changed block type: its node marks are not allowed on our blocks).
 */
function suggestionOf(
  transaction: Transaction,
  state: EditorState,
  author: NonNullable<SuggestModeOptions['author']>,
): Transaction | null {
  try {
    return transformToSuggestionTransaction(transaction, state, () =>
      encodeProposalId(author, randomNonce()),
    );
  } catch {
    return null;
  }
}

const acceptedForm = (doc: EditorState['doc']) =>
  acceptedFormOf((doc.toJSON() as PmNode).content ?? []);

function keepsAcceptedText(before: EditorState['doc'], after: EditorState['doc']): boolean {
  return acceptedForm(before) === acceptedForm(after);
}

/**
 * The same change as one replacement of only the inline content that differs, when the change
 * stays inside one textblock. Browsers' DOM input often arrives as "replace the whole (empty)
 * paragraph", which the library would propose as a new paragraph — a structural change the
 * collab server refuses from signers; narrowed, it is an inline insertion or deletion.
 */
function narrowed(transaction: Transaction, state: EditorState): Transaction {
  const before = state.doc;
  const after = transaction.doc;
  const start = before.content.findDiffStart(after.content);
  const ends = before.content.findDiffEnd(after.content);
  if (start === null || !ends) return transaction;
  // Overlapping diff ends (repeated characters): move both ends forward by the overlap.
  const overlap = Math.max(0, start - Math.min(ends.a, ends.b));
  const endBefore = ends.a + overlap;
  const endAfter = ends.b + overlap;
  const $from = before.resolve(start);
  const $to = before.resolve(endBefore);
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return transaction;
  if (!after.resolve(start).sameParent(after.resolve(endAfter))) return transaction;
  const slice = after.slice(start, endAfter);
  if (transaction.steps.length === 1 && slice.openStart === 0 && slice.openEnd === 0) {
    const [step] = transaction.steps;
    if (step instanceof ReplaceStep && step.from === start) return transaction;
  }
  const narrow = state.tr.replace(start, endBefore, slice);
  if (!narrow.doc.eq(after)) return transaction;
  narrow.setSelection(Selection.fromJSON(narrow.doc, transaction.selection.toJSON()));
  if (transaction.storedMarksSet) narrow.setStoredMarks(transaction.storedMarks);
  return narrow;
}

/** Switches an editor between "Bearbeiten" (false) and "Vorschlagen" (true). */
export function setSuggestMode(editor: Editor, enabled: boolean): void {
  const storage = editor.storage.suggestMode;
  if (storage) storage.enabled = enabled;
}

export function isSuggestModeOn(editor: Editor): boolean {
  return editor.storage.suggestMode?.enabled ?? false;
}
