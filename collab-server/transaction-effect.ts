// What one Yjs transaction of the guard's scratch copy changed, read from the structs it added and
// deleted — work in proportion to the update, not to the paragraph it lands in. A paragraph typed
// by many people at once is thousands of unmerged items; walking it on every keystroke (the schema
// check, the search for proposal marks) made the guard's cost grow with the paragraph
// (issue 22, session 8: half of the relay thread's time at 20 clients × 1 document).
import * as Y from 'yjs';
import { SUGGESTION_MARKS } from '../domain/text/proposals';
import { markNameOf } from '../editor/section-validation';

export interface TransactionEffect {
  /**
   * Only characters of existing texts were inserted or deleted, and no text went from empty to
   * non-empty or back. The schema check sees such a text as "has text", so every block stays as
   * valid as it was: nothing needs to be checked again.
   */
  readonly textOnly: boolean;
  /** How the number of live formatting items that set a suggestion mark changed. */
  readonly suggestionMarks: number;
}

/** A formatting item that starts a suggestion mark (`insertion`, `deletion`, `modification`). */
export function setsSuggestionMark(content: Y.Item['content']): boolean {
  return (
    content instanceof Y.ContentFormat &&
    content.value !== null &&
    SUGGESTION_MARKS.has(markNameOf(content.key))
  );
}

/** Live suggestion-mark items anywhere in the document (one walk, when a scratch copy is made). */
export function countSuggestionMarks(doc: Y.Doc): number {
  let count = 0;
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (struct instanceof Y.Item && !struct.deleted && setsSuggestionMark(struct.content))
        count++;
    }
  }
  return count;
}

/** Call from the document's `afterTransaction` (before Yjs collects the deleted content). */
export function transactionEffect(transaction: Y.Transaction): TransactionEffect {
  let textOnly = onlyTextContentChanged(transaction);
  let suggestionMarks = 0;
  /** Per changed text: characters that exist now but did not before, and the other way round. */
  const inserted = new Map<object, number>();
  const deleted = new Map<object, number>();
  const add = (map: Map<object, number>, item: Y.Item) => {
    const parent = item.parent as object;
    map.set(parent, (map.get(parent) ?? 0) + item.length);
  };

  for (const struct of newStructs(transaction)) {
    if (!(struct instanceof Y.Item)) {
      textOnly = false;
      continue;
    }
    if (setsSuggestionMark(struct.content) && !struct.deleted) suggestionMarks++;
    if (!(struct.parent instanceof Y.XmlText)) textOnly = false;
    else if (struct.content instanceof Y.ContentString) {
      if (!struct.deleted) add(inserted, struct);
    } else if (!(struct.content instanceof Y.ContentDeleted)) textOnly = false;
  }

  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    // Added and deleted within this transaction: counted above as never there.
    if (struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0)) return;
    if (!(struct instanceof Y.Item)) return;
    if (setsSuggestionMark(struct.content)) suggestionMarks--;
    if (struct.parent instanceof Y.XmlText && struct.content instanceof Y.ContentString)
      add(deleted, struct);
    else textOnly = false;
  });

  if (textOnly) {
    for (const type of transaction.changed.keys()) {
      if (!(type instanceof Y.XmlText)) continue; // (cannot be: textOnly checked the types)
      const after = type.length;
      const before = after - (inserted.get(type) ?? 0) + (deleted.get(type) ?? 0);
      if (before > 0 !== after > 0) textOnly = false;
    }
  }
  return { textOnly, suggestionMarks };
}

/** Every changed type is a text whose characters (not its attributes) changed. */
function onlyTextContentChanged(transaction: Y.Transaction): boolean {
  for (const [type, keys] of transaction.changed) {
    if (!(type instanceof Y.XmlText)) return false;
    if (keys.size !== 1 || !keys.has(null)) return false;
  }
  return true;
}

/** The structs this transaction added: per client, the clocks between its before and after state. */
function* newStructs(transaction: Y.Transaction): Generator<Y.Item | Y.GC | Y.AbstractStruct> {
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = transaction.doc.store.clients.get(client) ?? [];
    for (let index = Y.findIndexSS(structs, before); index < structs.length; index++) {
      const struct = structs[index]!;
      if (struct.id.clock >= after) break;
      yield struct;
    }
  }
}
