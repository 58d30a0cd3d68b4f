// Conversions between the shared Yjs document (one Y.XmlFragment per text section, named by its
// key) and the domain's VorlageText (ProseMirror JSON nodes per section). Links with protocols
// other than http/https/mailto are dropped on the way in both directions.
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import {
  fingerprintText,
  hashText,
  type PmMark,
  type PmNode,
  type SectionHashes,
  type VorlageText,
} from '../domain/text/canonical';
import { isAllowedHref, schemaFor, sectionKind } from './extensions';
import {
  ensureSectionStructure,
  isPlaceholderParagraph,
  isUntouchedPlaceholder,
} from './section-structure';
import { isPendingInsertion, PROPOSAL_PLACEHOLDER_ATTR } from '../domain/text/proposals';

/** Link marks whose href is not an allowed absolute URL are removed; everything else is kept. */
function sanitizeMarks(marks: readonly PmMark[] | undefined): PmMark[] | undefined {
  if (!marks) return undefined;
  const kept = marks.filter((mark) => mark.type !== 'link' || isAllowedHref(mark.attrs?.['href']));
  return kept.length > 0 ? kept : undefined;
}

function sanitizeNode(node: PmNode): PmNode {
  const out: PmNode = { type: node.type };
  if (node.attrs) out.attrs = node.attrs;
  if (node.text !== undefined) out.text = node.text;
  const marks = sanitizeMarks(node.marks);
  if (marks) out.marks = marks;
  if (node.content) out.content = node.content.map(sanitizeNode);
  return out;
}

/**
 * A section's nodes in the form the editor schema gives them (default attrs filled in, links
 * sanitized). Content the schema does not know is kept as it is, so the hash still covers it.
 */
export function normalizeSection(key: SectionKey, nodes: readonly PmNode[]): PmNode[] {
  const sanitized = nodes.map(sanitizeNode);
  try {
    const doc = schemaFor(sectionKind(key)).nodeFromJSON({ type: 'doc', content: sanitized });
    return ((doc.toJSON() as PmNode).content ?? []).map(sanitizeNode);
  } catch {
    // Unknown node or mark types (written by a foreign client): hash what is there.
    return sanitized;
  }
}

/** Every section in schema form; missing sections stay missing (= empty). */
export function normalizeVorlageText(text: VorlageText): VorlageText {
  const out: VorlageText = {};
  for (const key of SECTION_KEYS) {
    const nodes = text[key];
    if (nodes) out[key] = normalizeSection(key, nodes);
  }
  return out;
}

/** The section's fragment; reading it creates the (local, unsynced) root type if absent. */
export function sectionFragment(doc: Y.Doc, key: SectionKey): Y.XmlFragment {
  return doc.getXmlFragment(key);
}

/** One section's nodes in schema form; a section holding only its untouched placeholder is empty. */
export function sectionNodes(doc: Y.Doc, key: SectionKey): PmNode[] {
  const fragment = sectionFragment(doc, key);
  if (isUntouchedPlaceholder(fragment, key)) return [];
  const json = yXmlFragmentToProsemirrorJSON(fragment) as PmNode;
  const nodes = normalizeSection(key, json.content ?? []);
  // D-140: the placeholder holding only proposed text is still an empty section (canonical.ts).
  const [only] = nodes;
  if (
    nodes.length === 1 &&
    only!.content?.length &&
    only!.content.every(isPendingInsertion) &&
    isPlaceholderParagraph(fragment, key)
  )
    nodes[0] = { ...only!, attrs: { ...only!.attrs, [PROPOSAL_PLACEHOLDER_ATTR]: true } };
  return nodes;
}

export function docToVorlageText(doc: Y.Doc): VorlageText {
  const text: VorlageText = {};
  for (const key of SECTION_KEYS) text[key] = sectionNodes(doc, key);
  return text;
}

/**
 * Writes the text into `doc` (normally a fresh one); sections must be empty before. Sections
 * without text get their placeholder paragraph (see section-structure.ts).
 */
export function writeVorlageTextToDoc(text: VorlageText, doc: Y.Doc): Y.Doc {
  doc.transact(() => {
    for (const key of SECTION_KEYS) {
      const nodes = text[key];
      if (!nodes || nodes.length === 0) continue;
      const fragment = sectionFragment(doc, key);
      if (fragment.length > 0) throw new Error(`Section ${key} is not empty`);
      prosemirrorJSONToYXmlFragment(
        schemaFor(sectionKind(key)),
        { type: 'doc', content: normalizeSection(key, nodes) },
        fragment,
      );
    }
  });
  // A transaction of its own: applying the placeholder updates marks a transaction as remote, and
  // Yjs would take the text written above for another client's and change this doc's client id.
  ensureSectionStructure(doc);
  return doc;
}

export function vorlageTextToDoc(text: VorlageText): Y.Doc {
  return writeVorlageTextToDoc(text, new Y.Doc());
}

/** The canonical Fassung hash of the document's current text. */
export async function textHashOfDoc(doc: Y.Doc): Promise<string> {
  return hashText(docToVorlageText(doc));
}

/** textHash and per-section hashes of the document's current text. */
export async function fingerprintDoc(
  doc: Y.Doc,
): Promise<{ textHash: string; sectionHashes: SectionHashes }> {
  return fingerprintText(docToVorlageText(doc));
}
