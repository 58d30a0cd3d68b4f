// Who may change what of the accepted text and of the change proposals (D-143, D-144), checked on
// the scratch copy after an update was applied there: a signer's update must leave the accepted
// (canonical) text as it was — it may only add, extend or withdraw the signer's own proposals —
// and nobody's update may change or remove another person's proposal: those are decided through
// "Annehmen" / "Ablehnen" (a recorded event the server applies), never silently in the editor.
import * as Y from 'yjs';
import { canonicalJson } from '../domain/shared/canonical-json';
import { canonicalSection, type PmNode } from '../domain/text/canonical';
import { DELETION_MARK, INSERTION_MARK, proposalAuthorOf } from '../domain/text/proposals';
import type { SectionKey } from '../domain/text/sections';
import type { TextAuthor } from '../domain/text/text-events';
import { sectionFragment, sectionNodes } from '../editor/convert';
import { setsSuggestionMark } from './transaction-effect';

/** The update would change what the connection may not change; refused like a forbidden edit. */
export class ProposalRightsError extends Error {
  constructor(
    message: string,
    /** For the server log only: which section, and where the accepted text started to differ. */
    readonly diagnosis: string = '',
  ) {
    super(message);
    this.name = 'ProposalRightsError';
  }
}

/** Where two canonical forms start to differ, with a little context (for the log). */
function whereDiffers(key: SectionKey, before: string, after: string): string {
  let index = 0;
  while (index < before.length && before[index] === after[index]) index += 1;
  const from = Math.max(0, index - 40);
  return `${key} @${index}: ${before.slice(from, index + 60)} → ${after.slice(from, index + 60)}`;
}

/** Per section an update changed: the top-level blocks (of `after`) changed inside, or all. */
export type TouchedSections = ReadonlyMap<SectionKey, ReadonlySet<unknown> | 'all'>;

export interface ProposalPolicy {
  readonly author: TextAuthor;
  /** Signers: the accepted text must not change. */
  readonly proposeOnly: boolean;
}

/** Throws ProposalRightsError when `after` differs from `before` in a way the policy forbids. */
export function checkProposalRights(
  before: Y.Doc,
  after: Y.Doc,
  touched: TouchedSections,
  policy: ProposalPolicy,
): void {
  for (const [key, blocks] of touched) {
    // The common case — a member's keystroke where no proposal is near — converts nothing: with
    // no suggestion mark on either side of the touched blocks, no proposal changed.
    if (!policy.proposeOnly && !touchesSuggestionMarks(before, after, key, blocks)) continue;
    const old = sectionNodes(before, key);
    const now = sectionNodes(after, key);
    if (policy.proposeOnly) {
      const [before, after] = [acceptedForm(key, old), acceptedForm(key, now)];
      if (before !== after)
        throw new ProposalRightsError(
          'signers propose changes; a direct edit is refused',
          whereDiffers(key, before, after),
        );
    }
    const oldProposals = proposalRuns(old);
    const newProposals = proposalRuns(now);
    for (const id of new Set([...oldProposals.keys(), ...newProposals.keys()])) {
      if (oldProposals.get(id) === newProposals.get(id)) continue;
      const author = proposalAuthorOf(id);
      if (author?.userId !== policy.author.userId || author.officeId !== policy.author.officeId)
        throw new ProposalRightsError("another person's proposal changes only by a decision");
    }
  }
}

/**
 * Whether a suggestion mark is in a touched block before or after the update. Blocks outside the
 * touched ones are the same on both sides, so their proposals did not change. A touched block of
 * `after` is found in `before` by its Yjs id (absent when the update created it).
 */
function touchesSuggestionMarks(
  before: Y.Doc,
  after: Y.Doc,
  key: SectionKey,
  blocks: ReadonlySet<unknown> | 'all',
): boolean {
  if (blocks === 'all')
    return (
      holdsSuggestionMark(sectionFragment(before, key)) ||
      holdsSuggestionMark(sectionFragment(after, key))
    );
  for (const block of blocks) {
    const type = block as Y.AbstractType<unknown>;
    if (holdsSuggestionMark(type)) return true;
    const previous = type._item && itemIn(before, type._item.id);
    if (previous?.content instanceof Y.ContentType && holdsSuggestionMark(previous.content.type))
      return true;
  }
  return false;
}

function itemIn(doc: Y.Doc, id: Y.ID): Y.Item | null {
  if (Y.getState(doc.store, id.client) <= id.clock) return null;
  const struct = Y.getItem(doc.store, id);
  return struct instanceof Y.Item ? struct : null;
}

/**
 * Whether a suggestion mark starts anywhere in the type: a walk over its Yjs items looking for a
 * formatting item that sets `insertion` / `deletion` / `modification` (no conversion, no copies).
 */
export function holdsSuggestionMark(type: { readonly _start: Y.Item | null }): boolean {
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const { content } = item;
    if (setsSuggestionMark(content)) return true;
    if (content instanceof Y.ContentType && holdsSuggestionMark(content.type)) return true;
  }
  return false;
}

const acceptedForm = (key: SectionKey, nodes: PmNode[]) =>
  canonicalJson(canonicalSection({ [key]: nodes }, key));

/** Per proposal id: the marked text it covers, as one comparable string. */
function proposalRuns(nodes: readonly PmNode[]): Map<string, string> {
  const runs = new Map<string, string>();
  const visit = (list: readonly PmNode[]) => {
    for (const node of list) {
      for (const mark of node.marks ?? []) {
        if (mark.type !== INSERTION_MARK && mark.type !== DELETION_MARK) continue;
        const id = String(mark.attrs?.['id'] ?? '');
        runs.set(id, `${runs.get(id) ?? ''}${mark.type}:${node.text ?? ''}\u0000`);
      }
      visit(node.content ?? []);
    }
  };
  visit(nodes);
  return runs;
}
