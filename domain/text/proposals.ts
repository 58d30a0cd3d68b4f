// Change proposals (Änderungsvorschläge) inside the text: suggestion marks (`insertion`,
// `deletion`, `modification`, as written by @handlewithcare/prosemirror-suggest-changes) whose id
// names the proposal and its author. The canonical text is the ACCEPTED text (D-140): pending
// insertions are left out, pending deletions count as plain text, so a proposal changes the
// Fassung only once it is accepted.
import { canonicalJson } from '../shared/canonical-json';
import { sha256Hex } from '../shared/crypto';
import type { PmMark, PmNode, VorlageText } from './canonical';
import { SECTION_KEYS, type SectionKey } from './sections';

export const INSERTION_MARK = 'insertion';
export const DELETION_MARK = 'deletion';
export const MODIFICATION_MARK = 'modification';
/** Marks an empty section's placeholder paragraph that holds only pending insertions (D-140). */
export const PROPOSAL_PLACEHOLDER_ATTR = 'proposalPlaceholder';

export const SUGGESTION_MARKS: ReadonlySet<string> = new Set([
  INSERTION_MARK,
  DELETION_MARK,
  MODIFICATION_MARK,
]);

export interface ProposalAuthor {
  readonly userId: string;
  readonly officeId: string;
}

/**
 * A proposal id carries its author, so every client and the collab server can tell whose it is
 * without a lookup: `p:<nonce>:<office>:<user>[:<display name>]` (parts URI-encoded). The collab
 * server checks on every update that office and user are the connection's (D-143); the display
 * name is shown on hover only and not verified.
 */
export function encodeProposalId(
  author: ProposalAuthor & { readonly displayName?: string },
  nonce: string,
): string {
  const parts = ['p', nonce, author.officeId, author.userId];
  if (author.displayName) parts.push(author.displayName.slice(0, 100));
  return parts.map(encodeURIComponent).join(':');
}

/** The display name a proposal id carries (unverified; for hover texts), or null. */
export function proposalAuthorNameOf(id: unknown): string | null {
  if (typeof id !== 'string' || proposalAuthorOf(id) === null) return null;
  const part = id.split(':')[4];
  return part ? decodeURIComponent(part) : null;
}

export function proposalAuthorOf(id: unknown): ProposalAuthor | null {
  if (typeof id !== 'string') return null;
  const parts = id.split(':');
  if ((parts.length !== 4 && parts.length !== 5) || parts[0] !== 'p') return null;
  try {
    const [, , officeId, userId] = parts.map(decodeURIComponent);
    if (!officeId || !userId) return null;
    return { officeId, userId };
  } catch {
    return null;
  }
}

export const isSuggestionMark = (mark: PmMark): boolean => SUGGESTION_MARKS.has(mark.type);

/** True when the node (a text run) is a pending insertion: not part of the accepted text. */
export function isPendingInsertion(node: PmNode): boolean {
  return node.marks?.some((mark) => mark.type === INSERTION_MARK) ?? false;
}

export type ProposalKind = 'insertion' | 'deletion';

/** One pending proposal as found in the text: its id, author, and what it inserts/deletes. */
export interface PendingProposal {
  readonly id: string;
  readonly author: ProposalAuthor | null;
  readonly section: SectionKey;
  readonly inserted: string;
  readonly deleted: string;
}

/** The pending proposals of a text, in document order (one entry per id). */
export function pendingProposals(text: VorlageText): PendingProposal[] {
  const found = new Map<string, { section: SectionKey; inserted: string; deleted: string }>();
  const visit = (section: SectionKey, nodes: readonly PmNode[]) => {
    for (const node of nodes) {
      for (const mark of node.marks ?? []) {
        if (mark.type !== INSERTION_MARK && mark.type !== DELETION_MARK) continue;
        const id = String(mark.attrs?.['id'] ?? '');
        if (id === '') continue;
        const entry = found.get(id) ?? { section, inserted: '', deleted: '' };
        if (mark.type === INSERTION_MARK) entry.inserted += node.text ?? '';
        else entry.deleted += node.text ?? '';
        found.set(id, entry);
      }
      visit(section, node.content ?? []);
    }
  };
  for (const key of SECTION_KEYS) visit(key, text[key] ?? []);
  return [...found].map(([id, entry]) => ({ id, author: proposalAuthorOf(id), ...entry }));
}

/** What a decision says a proposal inserts and deletes (the texts the overview shows). */
export interface ProposalExcerpt {
  readonly inserted: string;
  readonly deleted: string;
}

/** A decision records at most this many characters of each text (DecideProposals' limit). */
export const PROPOSAL_EXCERPT_MAX_CHARS = 5000;

/** The excerpt of a pending proposal that a decision names: its texts, cut to the limit. */
export function excerptOf(proposal: ProposalExcerpt): ProposalExcerpt {
  return {
    inserted: proposal.inserted.slice(0, PROPOSAL_EXCERPT_MAX_CHARS),
    deleted: proposal.deleted.slice(0, PROPOSAL_EXCERPT_MAX_CHARS),
  };
}

/**
 * D-195: the string a proposal's excerpt is hashed over. The collab server stores the digest of
 * every pending proposal with each content event (hashing synchronously with Node's crypto); the
 * domain hashes the excerpt a decision names and compares (fingerprint.test.ts checks both agree).
 */
export const proposalExcerptCanonical = (proposal: ProposalExcerpt): string => {
  const { inserted, deleted } = excerptOf(proposal);
  return canonicalJson({ deleted, inserted });
};

export function proposalDigest(excerpt: ProposalExcerpt): Promise<string> {
  return sha256Hex(proposalExcerptCanonical(excerpt));
}
