// Suggestion mode ("Vorschlagen") for the Vorlage editor, built on
// @handlewithcare/prosemirror-suggest-changes: its insertion/deletion/modification marks are part
// of the shared schema (browser and collab server agree on them), its transaction transform turns
// an edit into a proposal while the mode is on (marks: suggestion-marks.ts). y-tiptap syncs the
// marks as Yjs formatting attributes. Our addition: the proposal id names its author.
import { Extension, type Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import {
  suggestChanges,
  suggestChangesKey,
  transformToSuggestionTransaction,
} from '@handlewithcare/prosemirror-suggest-changes';
import { encodeProposalId, type ProposalAuthor } from '../domain/text/proposals';

export interface SuggestModeOptions {
  /** Whose proposals this editor writes; null = suggestion mode cannot be switched on. */
  readonly author: (ProposalAuthor & { readonly displayName?: string }) | null;
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
  addKeyboardShortcuts() {
    // A paragraph split cannot be proposed yet (it would change the accepted text's structure,
    // which the collab server refuses from signers): in suggestion mode Enter does nothing.
    return { Enter: () => this.storage.enabled };
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
