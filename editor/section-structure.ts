// Every text section of the shared document starts with one paragraph holding one (empty)
// Y.XmlText, written identically by everyone who needs it.
//
// Why: a section without a paragraph makes every client that types first create its own paragraph
// and text node. Concurrent first keystrokes then leave two paragraphs (or two text nodes side by
// side) that the editor binding renders as one and writes back as its own new content — the
// doubled characters of issue 13 (upstream: y-prosemirror #160/#161).
//
// How: the placeholder of a section is always the same Yjs update, authored by a client id that
// is reserved for that section (clock 0: the paragraph, clock 1: its text). The collab server, the
// creation of a Vorlage and every browser apply it to an empty section; whoever applies it, the
// items are identical, so concurrent applications merge into one paragraph instead of two.
import * as Y from 'yjs';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';

/**
 * Reserved Yjs client ids, one per section. Real clients draw random 32-bit ids; the collab server
 * refuses a connection whose updates use one of these (see collab-server). Never change a value:
 * stored documents hold items with these ids.
 */
export const PLACEHOLDER_CLIENT_IDS: Readonly<Record<SectionKey, number>> = Object.freeze(
  Object.fromEntries(SECTION_KEYS.map((key, index) => [key, index + 1])) as Record<
    SectionKey,
    number
  >,
);

const RESERVED_CLIENT_IDS = new Set(Object.values(PLACEHOLDER_CLIENT_IDS));

export function isPlaceholderClientId(clientId: number): boolean {
  return RESERVED_CLIENT_IDS.has(clientId);
}

/** A placeholder is two items of its reserved id: the paragraph (clock 0) and its text (clock 1). */
const PLACEHOLDER_ITEM_COUNT = 2;

/**
 * True for an item no client may add: one under a reserved id beyond the placeholder's own items
 * (the placeholder itself is the same bytes for everyone, so re-sending it changes nothing).
 */
export function isForgedStructureItem(id: { client: number; clock: number }): boolean {
  return isPlaceholderClientId(id.client) && id.clock >= PLACEHOLDER_ITEM_COUNT;
}

const placeholderUpdates = new Map<SectionKey, Uint8Array>();

/** The one update that gives `key` its placeholder paragraph (the same bytes every time). */
export function placeholderUpdate(key: SectionKey): Uint8Array {
  let update = placeholderUpdates.get(key);
  if (!update) {
    const author = new Y.Doc({ gc: false });
    author.clientID = PLACEHOLDER_CLIENT_IDS[key];
    const paragraph = new Y.XmlElement('paragraph');
    author.getXmlFragment(key).insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText()]);
    update = Y.encodeStateAsUpdate(author);
    author.destroy();
    placeholderUpdates.set(key, update);
  }
  return update;
}

/**
 * Gives every section that holds nothing its placeholder paragraph. Idempotent: a section that
 * already received the placeholder (even if edited since) is left alone. Returns the sections that
 * changed, so a caller can persist or announce them.
 */
export function ensureSectionStructure(doc: Y.Doc, origin: unknown = null): SectionKey[] {
  const filled: SectionKey[] = [];
  doc.transact(() => {
    for (const key of SECTION_KEYS) {
      if (doc.getXmlFragment(key).length > 0) continue;
      Y.applyUpdate(doc, placeholderUpdate(key), origin);
      filled.push(key);
    }
  }, origin);
  return filled;
}

/**
 * True when the section holds only its placeholder paragraph without text: the section is empty,
 * exactly as a section that never had a paragraph (so the Fassung hash of an untouched section is
 * the same before and after the placeholder arrives).
 */
export function isUntouchedPlaceholder(fragment: Y.XmlFragment, key: SectionKey): boolean {
  if (!isPlaceholderParagraph(fragment, key)) return false;
  const only = fragment.get(0) as Y.XmlElement;
  return only.toArray().every((child) => child instanceof Y.XmlText && child.length === 0);
}

/** The section is exactly its placeholder paragraph (with or without text in it). */
export function isPlaceholderParagraph(fragment: Y.XmlFragment, key: SectionKey): boolean {
  if (fragment.length !== 1) return false;
  const only = fragment.get(0);
  if (!(only instanceof Y.XmlElement) || only.nodeName !== 'paragraph') return false;
  if (only._item?.id.client !== PLACEHOLDER_CLIENT_IDS[key]) return false;
  return Object.keys(only.getAttributes()).length === 0;
}
