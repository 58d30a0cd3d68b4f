// The canonical text fingerprint (textHash + sectionHashes) computed synchronously with Node's
// crypto. Same canonical strings as domain/text/canonical.ts (which hashes with async Web Crypto,
// ~10× slower per digest); fingerprint.test.ts proves both agree. The collab server hashes on every
// flush, so this is on its hot path: fingerprintOfDoc converts and hashes only the sections edited
// since the document's previous fingerprint and assembles the text's canonical string from the
// cached per-section strings.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { canonicalJson } from '../domain/shared/canonical-json';
import {
  CANONICAL_TEXT_VERSION,
  canonicalSection,
  type SectionHashes,
  type VorlageText,
} from '../domain/text/canonical';
import {
  pendingProposals,
  proposalExcerptCanonical,
  type PendingProposal,
} from '../domain/text/proposals';
import { SECTION_KEYS, type SectionKey } from '../domain/text/sections';
import { sectionFragment, sectionNodes } from '../editor/convert';

export interface TextFingerprint {
  readonly textHash: string;
  readonly sectionHashes: SectionHashes;
  /** D-145: ids of the pending change proposals, in document order. */
  readonly openProposals?: readonly string[];
  /** D-195: per pending proposal id, the SHA-256 of its excerpt (`proposalExcerptCanonical`). */
  readonly openProposalDigests?: Readonly<Record<string, string>>;
}

const sha256Hex = (input: string) => createHash('sha256').update(input, 'utf8').digest('hex');

/** canonicalJson sorts object keys by UTF-16 code unit; so do the assembled strings below. */
const SORTED_SECTION_KEYS = [...SECTION_KEYS].sort();

/** canonicalJson({ nodes, section, version }): keys in canonical (sorted) order. */
const sectionCanonical = (key: SectionKey, nodesJson: string) =>
  `{"nodes":${nodesJson},"section":${JSON.stringify(key)},"version":${CANONICAL_TEXT_VERSION}}`;

/** canonicalText from each section's canonical node JSON. */
const textCanonical = (nodesJson: (key: SectionKey) => string) =>
  `{"sections":{${SORTED_SECTION_KEYS.map((key) => `${JSON.stringify(key)}:${nodesJson(key)}`).join(',')}},"version":${CANONICAL_TEXT_VERSION}}`;

/** One section in canonical form: its nodes as canonical JSON, and the section hash over them. */
export interface CanonicalSectionForm {
  readonly nodesJson: string;
  readonly hash: string;
}

export function canonicalSectionForm(key: SectionKey, text: VorlageText): CanonicalSectionForm {
  const nodesJson = canonicalJson(canonicalSection(text, key));
  return { nodesJson, hash: sha256Hex(sectionCanonical(key, nodesJson)) };
}

/**
 * The fingerprint assembled from every section's canonical form; equal to the domain's
 * fingerprintText of the same text (fingerprint.test.ts), without re-serializing the sections.
 */
export function fingerprintOfSections(
  section: (key: SectionKey) => CanonicalSectionForm,
): TextFingerprint {
  const sectionHashes = {} as SectionHashes;
  for (const key of SECTION_KEYS) sectionHashes[key] = section(key).hash;
  return { textHash: sha256Hex(textCanonical((key) => section(key).nodesJson)), sectionHashes };
}

/** Per document: the canonical form of each section, recomputed only after the section changed. */
class DocFingerprint {
  private readonly sections = new Map<SectionKey, CanonicalSectionForm>();
  private readonly proposals = new Map<SectionKey, readonly PendingProposal[]>();
  private readonly dirty = new Set<SectionKey>(SECTION_KEYS);

  constructor(private readonly doc: Y.Doc) {
    for (const key of SECTION_KEYS) {
      sectionFragment(doc, key).observeDeep(() => this.dirty.add(key));
    }
  }

  current(): TextFingerprint {
    for (const key of this.dirty) this.computeSection(key);
    this.dirty.clear();
    return {
      ...fingerprintOfSections((key) => this.sections.get(key) as CanonicalSectionForm),
      ...openProposalFields(SECTION_KEYS.flatMap((key) => this.proposals.get(key) ?? [])),
    };
  }

  private computeSection(key: SectionKey): void {
    const text = { [key]: sectionNodes(this.doc, key) };
    this.sections.set(key, canonicalSectionForm(key, text));
    this.proposals.set(key, pendingProposals(text));
  }
}

/**
 * D-145/D-195: ids and excerpt digests of the pending proposals, from each section's proposals in
 * section order — one excerpt per id across sections, as `pendingProposals` of the whole text.
 */
function openProposalFields(
  perSection: readonly PendingProposal[],
): Pick<TextFingerprint, 'openProposals' | 'openProposalDigests'> {
  if (perSection.length === 0) return {};
  const excerpts = new Map<string, { inserted: string; deleted: string }>();
  for (const { id, inserted, deleted } of perSection) {
    const excerpt = excerpts.get(id);
    excerpts.set(
      id,
      excerpt
        ? { inserted: excerpt.inserted + inserted, deleted: excerpt.deleted + deleted }
        : { inserted, deleted },
    );
  }
  const openProposalDigests: Record<string, string> = {};
  for (const [id, excerpt] of excerpts)
    openProposalDigests[id] = sha256Hex(proposalExcerptCanonical(excerpt));
  return { openProposals: [...excerpts.keys()], openProposalDigests };
}

const trackers = new WeakMap<Y.Doc, DocFingerprint>();

/** The fingerprint of the document's current text (equal to the domain's fingerprintDoc). */
export function fingerprintOfDoc(doc: Y.Doc): TextFingerprint {
  let tracker = trackers.get(doc);
  if (!tracker) {
    tracker = new DocFingerprint(doc);
    trackers.set(doc, tracker);
  }
  return tracker.current();
}
