// Reads an incoming update without applying it and tells whether it can only insert or delete
// characters of texts that keep having text — the keystroke, nearly every update of a typing
// session. Such an update cannot change what the schema or the proposal rights look at (see
// transaction-effect.ts, which decides the same from a transaction's effect), so the guard lets it
// through without applying it to its scratch copy first (issue 22, session 9: that copy cost a
// third of the guard's time and doubled the relay thread's young objects).
//
// The answer must never be "yes" for an update whose effect is not text-only; it may say "no" for
// one that is (the guard then checks it on the scratch copy as before). So anything unusual is a
// "no": GC or skip structs, content other than a string, an explicit parent, an origin the
// document does not hold, a clock that does not continue the document's, a deletion of anything
// but characters, a text that was empty or would become empty.
import * as Y from 'yjs';

/**
 * An update larger than this, or with more structs, is not a keystroke (a sync reply, a paste): it
 * is checked, and is not decoded here first — a sync reply can be the whole document.
 */
const MAX_BYTES = 16 * 1024;
const MAX_STRUCTS = 32;

interface NewText {
  readonly client: number;
  readonly from: number;
  readonly to: number;
  readonly text: Y.XmlText;
}

/** True when applying `update` to `doc` can only insert or delete characters of non-empty texts. */
export function isTextOnlyUpdate(doc: Y.Doc, update: Uint8Array): boolean {
  if (update.byteLength > MAX_BYTES) return false;
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return false; // the full path reports what is wrong with it
  }
  if (decoded.structs.length > MAX_STRUCTS) return false;
  /** Per text: characters visible after the update minus before it. */
  const change = new Map<Y.XmlText, number>();
  const added: NewText[] = [];

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return false;
    const { client, clock } = struct.id;
    const continues = added.findLast((entry) => entry.client === client)?.to;
    if (clock !== (continues ?? Y.getState(doc.store, client))) return false;
    const text = textOfNeighbours(doc, added, struct);
    if (text === null) return false;
    added.push({ client, from: clock, to: clock + struct.length, text });
    change.set(text, (change.get(text) ?? 0) + struct.length);
  }

  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (!countDeletedCharacters(doc, client, range, change)) return false;
    }
  }

  for (const [text, delta] of change) {
    const before = text.length;
    if (before === 0 || before + delta <= 0) return false;
  }
  return true;
}

/**
 * The text an inserted item lands in: Yjs takes the parent from its left neighbour (origin), else
 * from its right one. Both must be items of the same live text (or new items of this update).
 */
function textOfNeighbours(doc: Y.Doc, added: readonly NewText[], item: Y.Item): Y.XmlText | null {
  // An explicit parent (item.parent set) means neither neighbour is given: the text was empty.
  if (item.parent !== null || item.parentSub !== null) return null;
  const left = item.origin === null ? undefined : textOf(doc, added, item.origin);
  const right = item.rightOrigin === null ? undefined : textOf(doc, added, item.rightOrigin);
  if (left === null || right === null) return null;
  if (left !== undefined && right !== undefined && left !== right) return null;
  return left ?? right ?? null;
}

/** The live, non-deleted text that holds the character `id`; null when it is anything else. */
function textOf(doc: Y.Doc, added: readonly NewText[], id: Y.ID): Y.XmlText | null {
  const own = added.find(
    (entry) => entry.client === id.client && id.clock >= entry.from && id.clock < entry.to,
  );
  if (own) return own.text;
  if (id.clock >= Y.getState(doc.store, id.client)) return null; // not held: incomplete
  const structs = doc.store.clients.get(id.client)!;
  const struct = structs[Y.findIndexSS(structs, id.clock)];
  return struct instanceof Y.Item ? liveTextOf(struct) : null;
}

function liveTextOf(item: Y.Item): Y.XmlText | null {
  const parent = item.parent;
  if (!(parent instanceof Y.XmlText) || item.parentSub !== null) return null;
  if (parent._item !== null && parent._item.deleted) return null;
  return parent;
}

/**
 * Counts the visible characters a deletion range removes into `change`; false when the range
 * reaches beyond what the document holds or covers anything but characters of a live text.
 */
function countDeletedCharacters(
  doc: Y.Doc,
  client: number,
  range: { readonly clock: number; readonly len: number },
  change: Map<Y.XmlText, number>,
): boolean {
  if (range.len <= 0) return true;
  const end = range.clock + range.len;
  if (end > Y.getState(doc.store, client)) return false;
  const structs = doc.store.clients.get(client)!;
  for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
    const struct = structs[index]!;
    if (struct.id.clock >= end) break;
    if (struct instanceof Y.GC || (struct instanceof Y.Item && struct.deleted)) continue;
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return false;
    const text = liveTextOf(struct);
    if (text === null) return false;
    const overlap =
      Math.min(struct.id.clock + struct.length, end) - Math.max(struct.id.clock, range.clock);
    change.set(text, (change.get(text) ?? 0) - overlap);
  }
  return true;
}
