// Test support: a seeded generator of Yjs updates that are valid Yjs but carry wrong content —
// wrong root types, unknown roots, nodes and marks outside the editor schema, huge or unknown
// attributes, javascript: links, embeds, deep nesting, deletions of items that do not exist and
// structs that depend on edits nobody sent. Each update is built on a copy of a given state, so
// it integrates on the server (and exercises the content check, not only the decoder).
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';

export interface WrongContentUpdate {
  readonly kind: string;
  readonly update: Uint8Array;
}

type Random = () => number;
type Mutation = (doc: Y.Doc, random: Random) => void;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;
const section = (random: Random): SectionKey => pick(random, SECTION_KEYS);
const richSection = (random: Random): SectionKey =>
  pick(random, ['draftResolution', 'justification'] as const);
const plainSection = (random: Random): SectionKey =>
  pick(random, ['subject', 'rapporteur'] as const);
const word = (random: Random) => Math.floor(random() * 36 ** 6).toString(36);

/** A paragraph with one text node, in a new element (prelim, integrated on insert). */
function paragraphWith(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  content.insert(0, text, attributes as never);
  paragraph.insert(0, [content]);
  return paragraph;
}

/** The first XmlText of a section, if there is one (the honest text to attack from inside). */
function firstText(fragment: Y.XmlFragment): Y.XmlText | null {
  for (const node of fragment.createTreeWalker(() => true)) {
    if (node instanceof Y.XmlText) return node;
  }
  return null;
}

const MUTATIONS: Record<string, Mutation> = {
  textAtSectionRoot: (doc, random) => doc.getText(section(random)).insert(0, word(random)),
  arrayAtSectionRoot: (doc, random) =>
    doc.getArray(section(random)).insert(0, [{ evil: word(random) }, 42]),
  mapAtSectionRoot: (doc, random) => doc.getMap(section(random)).set(word(random), word(random)),
  unknownRoot: (doc, random) =>
    doc.getXmlFragment(`x${word(random)}`).insert(0, [paragraphWith(word(random))]),
  unknownNode: (doc, random) =>
    doc
      .getXmlFragment(section(random))
      .insert(0, [
        new Y.XmlElement(pick(random, ['script', 'img', 'iframe', 'doc', 'text', word(random)])),
      ]),
  textAtTopLevel: (doc, random) =>
    doc.getXmlFragment(section(random)).insert(0, [new Y.XmlText(word(random))]),
  listItemAtTopLevel: (doc, random) => {
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraphWith(word(random))]);
    doc.getXmlFragment(richSection(random)).insert(0, [item]);
  },
  headingInPlainSection: (doc, random) => {
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 3 as never);
    doc.getXmlFragment(plainSection(random)).insert(0, [heading]);
  },
  secondParagraphInPlainSection: (doc, random) => {
    const fragment = doc.getXmlFragment(plainSection(random));
    fragment.insert(fragment.length, [paragraphWith(word(random)), paragraphWith(word(random))]);
  },
  paragraphInParagraph: (doc, random) => {
    const outer = paragraphWith(word(random));
    outer.insert(0, [new Y.XmlElement('paragraph')]);
    doc.getXmlFragment(richSection(random)).insert(0, [outer]);
  },
  unknownMark: (doc, random) => {
    const mark = pick(random, ['strike', 'code', 'underline', 'blink', word(random)]);
    const target = firstText(doc.getXmlFragment(richSection(random)));
    if (target) target.insert(0, word(random), { [mark]: {} });
    else doc.getXmlFragment(richSection(random)).insert(0, [paragraphWith('x', { [mark]: {} })]);
  },
  markInPlainSection: (doc, random) =>
    doc.getXmlFragment(plainSection(random)).insert(0, [paragraphWith(word(random), { bold: {} })]),
  forbiddenLink: (doc, random) => {
    const href = pick(random, [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      '/relative/path',
      'ftp://example.org/file',
    ]);
    const target = firstText(doc.getXmlFragment(richSection(random)));
    if (target && target.length > 0) target.format(0, 1, { link: { href } });
    else
      doc
        .getXmlFragment(richSection(random))
        .insert(0, [paragraphWith('klick', { link: { href } })]);
  },
  hugeAttribute: (doc, random) => {
    const element = new Y.XmlElement('heading');
    doc.getXmlFragment(richSection(random)).insert(0, [element]);
    element.setAttribute('level', 'x'.repeat(10_000 + Math.floor(random() * 40_000)) as never);
  },
  unknownAttribute: (doc, random) => {
    const element = paragraphWith(word(random));
    doc.getXmlFragment(section(random)).insert(0, [element]);
    element.setAttribute(pick(random, ['onclick', 'style', 'class', word(random)]), 'x');
  },
  wrongHeadingLevel: (doc, random) => {
    const element = new Y.XmlElement('heading');
    doc.getXmlFragment(richSection(random)).insert(0, [element]);
    element.setAttribute('level', pick(random, [1, 2, 5, 7, -1, '3', 3.5]) as never);
  },
  hugeLink: (doc, random) =>
    doc
      .getXmlFragment(richSection(random))
      .insert(0, [paragraphWith('x', { link: { href: `https://x.de/${'a'.repeat(5000)}` } })]),
  embedInText: (doc, random) => {
    const paragraph = paragraphWith(word(random));
    doc.getXmlFragment(richSection(random)).insert(0, [paragraph]);
    (paragraph.get(0) as Y.XmlText).insertEmbed(0, { image: 'https://x.de/a.png' });
  },
  attributeOnText: (doc, random) => {
    const target = firstText(doc.getXmlFragment(section(random)));
    if (target) target.setAttribute('x', word(random));
    else doc.getXmlFragment(section(random)).insert(0, [new Y.XmlText('x')]);
  },
  deepNesting: (doc, random) => {
    const root = new Y.XmlElement('bulletList');
    doc.getXmlFragment(richSection(random)).insert(0, [root]);
    let parent: Y.XmlElement = root;
    for (let level = 0; level < 40; level++) {
      const item = new Y.XmlElement('listItem');
      parent.insert(0, [item]);
      const list = new Y.XmlElement('bulletList');
      item.insert(0, [paragraphWith('x'), list]);
      parent = list;
    }
  },
};

/** A delete set for items that do not exist (no structs): Yjs would keep it pending. */
function ghostDeletion(random: Random): Uint8Array {
  const deletions = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
    client: Math.floor(random() * 2 ** 31),
    clock: Math.floor(random() * 10_000),
    len: 1 + Math.floor(random() * 10_000),
  }));
  return deletionOnlyUpdate(deletions);
}

/** A V1 update without structs that deletes one range per entry (each of a different client). */
export function deletionOnlyUpdate(
  deletions: readonly { readonly client: number; readonly clock: number; readonly len: number }[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, deletions.length);
  for (const { client, clock, len } of deletions) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, 1); // one range
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint(encoder, len);
  }
  return encoding.toUint8Array(encoder);
}

/** Structs whose predecessors were never sent: Yjs would park them until someone fills the gap. */
function danglingStructs(base: Uint8Array, random: Random): Uint8Array {
  const doc = docFrom(base, random);
  doc.getXmlFragment(richSection(random)).insert(0, [paragraphWith(word(random))]);
  const before = Y.encodeStateVector(doc);
  const target =
    firstText(doc.getXmlFragment('justification')) ??
    firstText(doc.getXmlFragment('draftResolution'));
  if (target) target.insert(target.length, word(random));
  else doc.getXmlFragment('justification').insert(0, [paragraphWith(word(random))]);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

function docFrom(base: Uint8Array, random: Random): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1 + Math.floor(random() * (2 ** 31 - 2));
  Y.applyUpdate(doc, base);
  return doc;
}

export const WRONG_CONTENT_KINDS = [
  ...Object.keys(MUTATIONS),
  'ghostDeletion',
  'danglingStructs',
] as const;

/** One wrong-content update on top of `base` (the current shared state), chosen by `random`. */
export function wrongContentUpdate(base: Uint8Array, random: Random): WrongContentUpdate {
  const kind = pick(random, WRONG_CONTENT_KINDS);
  if (kind === 'ghostDeletion') return { kind, update: ghostDeletion(random) };
  if (kind === 'danglingStructs') return { kind, update: danglingStructs(base, random) };
  const doc = docFrom(base, random);
  const before = Y.encodeStateVector(doc);
  MUTATIONS[kind]!(doc, random);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return { kind, update };
}
