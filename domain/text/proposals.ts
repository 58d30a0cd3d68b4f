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

/**
 * The zero-width space the suggestion library writes beside a block boundary it proposes to insert
 * (a paragraph split: one at the end of the first block, one at the start of the second, both with
 * the insertion mark) or to delete (a join: the same with the deletion mark). It is no text.
 */
export const BOUNDARY_MARKER = '\u200B';
/** How an excerpt shows a proposed paragraph break (split or join). */
export const PARAGRAPH_BREAK_SIGN = '¶';

/** A marked run's text for an excerpt: markers dropped, a block's closing marker shown as ¶. */
function excerptText(text: string, lastInBlock: boolean): string {
  const shown = text.replaceAll(BOUNDARY_MARKER, '');
  return lastInBlock && text.endsWith(BOUNDARY_MARKER) ? `${shown}${PARAGRAPH_BREAK_SIGN}` : shown;
}

const proposalMarkOf = (node: PmNode | undefined, type: string): string | null => {
  const mark = node?.marks?.find((candidate) => candidate.type === type);
  return mark ? String(mark.attrs?.['id'] ?? '') : null;
};

const firstLeaf = (node: PmNode): PmNode =>
  node.content?.length ? firstLeaf(node.content[0]!) : node;
const lastLeaf = (node: PmNode): PmNode =>
  node.content?.length ? lastLeaf(node.content[node.content.length - 1]!) : node;

/**
 * The proposal whose `mark` covers both sides of the boundary between two sibling blocks (the
 * last inline of `a` and the first inline of `b`), or null: such a boundary is what the proposal
 * inserts (a split) or deletes (a join).
 */
export function boundaryProposal(a: PmNode, b: PmNode, mark: string): string | null {
  if (a.text !== undefined || b.text !== undefined) return null;
  const before = proposalMarkOf(lastLeaf(a), mark);
  return before !== null && before !== '' && before === proposalMarkOf(firstLeaf(b), mark)
    ? before
    : null;
}

/** `b` appended to `a` along their boundary (inline content joined at the deepest level). */
function joinBlocks(a: PmNode, b: PmNode): PmNode {
  const left = a.content ?? [];
  const right = b.content ?? [];
  const lastLeft = left[left.length - 1];
  const firstRight = right[0];
  if (!lastLeft || !firstRight || lastLeft.text !== undefined || firstRight.text !== undefined)
    return { ...a, content: [...left, ...right] };
  return {
    ...a,
    content: [...left.slice(0, -1), joinBlocks(lastLeft, firstRight), ...right.slice(1)],
  };
}

/**
 * D-197: the block structure of the accepted text. A pending paragraph split (the boundary is a
 * pending insertion) is not there yet — the two blocks are one; the boundary markers of a pending
 * join (deleted zero-width spaces) are no text. Texts without such proposals come back as they are.
 */
export function acceptedStructure(nodes: readonly PmNode[]): PmNode[] {
  const out: PmNode[] = [];
  for (const node of nodes) {
    let current = node;
    if (node.content) current = { ...node, content: acceptedStructure(node.content) };
    else if (node.text?.includes(BOUNDARY_MARKER) && proposalMarkOf(node, DELETION_MARK) !== null)
      current = { ...node, text: node.text.replaceAll(BOUNDARY_MARKER, '') };
    const previous = out[out.length - 1];
    if (previous && boundaryProposal(previous, current, INSERTION_MARK) !== null)
      out[out.length - 1] = joinBlocks(previous, current);
    else out.push(current);
  }
  return out;
}

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
    nodes.forEach((node, index) => {
      for (const mark of node.marks ?? []) {
        if (mark.type !== INSERTION_MARK && mark.type !== DELETION_MARK) continue;
        const id = String(mark.attrs?.['id'] ?? '');
        if (id === '') continue;
        const entry = found.get(id) ?? { section, inserted: '', deleted: '' };
        const shown = excerptText(node.text ?? '', index === nodes.length - 1);
        if (mark.type === INSERTION_MARK) entry.inserted += shown;
        else entry.deleted += shown;
        found.set(id, entry);
      }
      visit(section, node.content ?? []);
    });
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
