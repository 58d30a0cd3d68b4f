// The keystroke reader (issue 22, session 9) lets updates past the scratch copy, so it must never
// call an update text-only whose effect is not: checked here against the effect Yjs itself
// produces (transaction-effect.ts), on honest edits, on the structure fuzzer's hostile updates and
// on hand-encoded items whose neighbours lie.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { vorlageTextToDoc } from '../editor/convert';
import { deletionOnlyUpdate, wrongContentUpdate } from './structure-fuzz';
import { SAMPLE_TEXT, justificationText, seededRandom } from './test-support';
import { isTextOnlyUpdate } from './text-only-update';
import { transactionEffect } from './transaction-effect';

/** What applying `update` to a copy of `doc` does, read by the guard's effect reader. */
function effectIsTextOnly(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let textOnly = true;
  copy.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!transactionEffect(transaction).textOnly) textOnly = false;
  });
  try {
    Y.applyUpdate(copy, update);
    if (copy.store.pendingStructs !== null || copy.store.pendingDs !== null) return false;
  } catch {
    return false;
  } finally {
    copy.destroy();
  }
  return textOnly;
}

const texts = (doc: Y.Doc): Y.XmlText[] => {
  const found: Y.XmlText[] = [];
  for (const key of ['subject', 'draftResolution', 'justification']) {
    for (const node of doc.getXmlFragment(key).createTreeWalker(() => true))
      if (node instanceof Y.XmlText) found.push(node);
  }
  return found;
};

/** An honest edit of the kinds people make: type, delete, format, split, join, empty a text. */
function honestEdit(doc: Y.Doc, random: () => number): void {
  const all = texts(doc);
  const text = all[Math.floor(random() * all.length)]!;
  const at = Math.floor(random() * (text.length + 1));
  const roll = random();
  if (roll < 0.45) text.insert(at, random() < 0.9 ? 'x' : 'längeres Wort ');
  else if (roll < 0.7 && text.length > 0)
    text.delete(Math.min(at, text.length - 1), 1 + Math.floor(random() * 3));
  else if (roll < 0.78 && text.length > 0) text.delete(0, text.length);
  else if (roll < 0.86 && text.length > 1) text.format(0, 1, { bold: {} });
  else {
    const fragment = doc.getXmlFragment('justification');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(random() < 0.5 ? '' : 'neu')]);
    fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph]);
  }
}

/** A hand-written V1 update of one string item, with whatever neighbours a hostile client names. */
function craftedInsert(options: {
  readonly client: number;
  readonly clock: number;
  readonly origin: Y.ID | null;
  readonly rightOrigin: Y.ID | null;
  readonly text: string;
}): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1); // one struct
  encoding.writeVarUint(encoder, options.client);
  encoding.writeVarUint(encoder, options.clock);
  const info = 4 | (options.origin ? 0x80 : 0) | (options.rightOrigin ? 0x40 : 0); // ContentString
  encoding.writeUint8(encoder, info);
  for (const id of [options.origin, options.rightOrigin]) {
    if (!id) continue;
    encoding.writeVarUint(encoder, id.client);
    encoding.writeVarUint(encoder, id.clock);
  }
  if (!options.origin && !options.rightOrigin) {
    encoding.writeVarUint(encoder, 1); // parent named by its root key
    encoding.writeVarString(encoder, 'justification');
  }
  encoding.writeVarString(encoder, options.text);
  encoding.writeVarUint(encoder, 0); // no deletions
  return encoding.toUint8Array(encoder);
}

/** The id of the character at `index` of `text` (an id inside the item that holds it). */
function idOfCharacter(text: Y.XmlText, index: number): Y.ID {
  let rest = index;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    if (rest < item.length) return Y.createID(item.id.client, item.id.clock + rest);
    rest -= item.length;
  }
  throw new Error('no such character');
}

describe('isTextOnlyUpdate', () => {
  it('never calls an update text-only whose effect is not (honest edits and hostile ones, seeded)', () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const live = vorlageTextToDoc(SAMPLE_TEXT);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    const said = { textOnly: 0, other: 0 };
    try {
      for (let round = 0; round < 600; round++) {
        const hostile = random() < 0.3;
        const before = Y.encodeStateVector(client);
        const update = hostile
          ? wrongContentUpdate(Y.encodeStateAsUpdate(live), random).update
          : (honestEdit(client, random), Y.encodeStateAsUpdate(client, before));
        const textOnly = isTextOnlyUpdate(live, update);
        said[textOnly ? 'textOnly' : 'other']++;
        if (textOnly) expect(effectIsTextOnly(live, update)).toBe(true);
        if (!hostile) Y.applyUpdate(live, update);
      }
    } catch (error) {
      console.error(`isTextOnlyUpdate fuzz failed with FUZZ_SEED=${seed}`);
      throw error;
    }
    // Both answers occurred, so the comparison above was exercised on both sides.
    expect(said.textOnly).toBeGreaterThan(50);
    expect(said.other).toBeGreaterThan(50);
  });

  it('reads keystrokes as text-only, and the first character of an empty text, the last one deleted, marks and new blocks not', () => {
    const live = vorlageTextToDoc(SAMPLE_TEXT);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    const read = (edit: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(client);
      edit(client);
      const update = Y.encodeStateAsUpdate(client, before);
      const textOnly = isTextOnlyUpdate(live, update);
      expect(effectIsTextOnly(live, update) || !textOnly).toBe(true);
      Y.applyUpdate(live, update);
      return textOnly;
    };
    const paragraph = (doc: Y.Doc) => justificationText(doc)!;
    expect(read((doc) => paragraph(doc).insert(0, 'a'))).toBe(true);
    expect(read((doc) => paragraph(doc).insert(paragraph(doc).length, 'z'))).toBe(true);
    expect(read((doc) => paragraph(doc).delete(1, 2))).toBe(true);
    expect(read((doc) => paragraph(doc).format(0, 1, { bold: {} }))).toBe(false);
    expect(read((doc) => paragraph(doc).insert(0, 'b', { italic: {} }))).toBe(false);
    expect(read((doc) => paragraph(doc).delete(0, paragraph(doc).length))).toBe(false);
    expect(read((doc) => paragraph(doc).insert(0, 'c'))).toBe(false); // into the emptied text
    expect(
      read((doc) => {
        const block = new Y.XmlElement('paragraph');
        block.insert(0, [new Y.XmlText('neu')]);
        doc.getXmlFragment('justification').insert(1, [block]);
      }),
    ).toBe(false);
    expect(read((doc) => doc.getXmlFragment('justification').delete(1, 1))).toBe(false);
    expect(read(() => undefined)).toBe(true); // nothing at all
  });

  it('refuses hand-written items whose neighbours are not characters of one held text', () => {
    const live = vorlageTextToDoc(SAMPLE_TEXT);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    const block = new Y.XmlElement('paragraph');
    block.insert(0, [new Y.XmlText('zweiter Absatz')]);
    const before = Y.encodeStateVector(client);
    client.getXmlFragment('justification').insert(1, [block]);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(client, before));

    const first = justificationText(live)!;
    const second = (live.getXmlFragment('justification').get(1) as Y.XmlElement).get(
      0,
    ) as Y.XmlText;
    const attacker = 4242;
    const insert = (origin: Y.ID | null, rightOrigin: Y.ID | null, clock = 0) =>
      craftedInsert({ client: attacker, clock, origin, rightOrigin, text: 'x' });

    const honest = insert(idOfCharacter(first, 0), idOfCharacter(first, 1));
    expect(isTextOnlyUpdate(live, honest)).toBe(true);
    expect(effectIsTextOnly(live, honest)).toBe(true);
    // Left neighbour in one text, right neighbour in another.
    expect(isTextOnlyUpdate(live, insert(idOfCharacter(first, 0), idOfCharacter(second, 0)))).toBe(
      false,
    );
    // A neighbour that is a block, not a character: the item would land beside the paragraph.
    expect(isTextOnlyUpdate(live, insert(second._item!.id, null))).toBe(false);
    expect(isTextOnlyUpdate(live, insert(null, block._item!.id))).toBe(false);
    // A neighbour the server does not hold, and a clock that skips ahead.
    expect(isTextOnlyUpdate(live, insert(Y.createID(99, 5), null))).toBe(false);
    expect(isTextOnlyUpdate(live, insert(idOfCharacter(first, 0), null, 7))).toBe(false);
    // No neighbour at all: the parent is named, as for the first character of an empty text.
    expect(isTextOnlyUpdate(live, insert(null, null))).toBe(false);
    // Deleting a mark's boundary (a formatting item) removes formatting, not characters.
    const formatting = client.getXmlFragment('justification');
    const beforeMark = Y.encodeStateVector(client);
    ((formatting.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { bold: {} });
    Y.applyUpdate(live, Y.encodeStateAsUpdate(client, beforeMark));
    let boundary: Y.Item | null = null;
    for (let item = first._start; item !== null; item = item.right)
      if (item.content instanceof Y.ContentFormat && !item.deleted) boundary = boundary ?? item;
    const unmark = deletionOnlyUpdate([{ ...boundary!.id, len: 1 }]);
    expect(effectIsTextOnly(live, unmark)).toBe(false);
    expect(isTextOnlyUpdate(live, unmark)).toBe(false);
    // Deleting characters beyond what the server holds.
    expect(
      isTextOnlyUpdate(live, deletionOnlyUpdate([{ client: attacker, clock: 0, len: 1 }])),
    ).toBe(false);
    // Not an update.
    expect(isTextOnlyUpdate(live, new Uint8Array([0xff, 0xff, 0xff]))).toBe(false);
  });
});
