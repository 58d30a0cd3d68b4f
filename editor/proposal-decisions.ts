// Accepting or rejecting a change proposal on the Yjs document directly (no editor), so the collab
// server can apply a recorded decision (D-146) exactly as the library's applySuggestion /
// revertSuggestion would in an editor: accepted insertions and rejected deletions lose their
// mark; accepted deletions and rejected insertions are removed. Proposed paragraph splits and
// joins (D-197): the boundary markers go, and where the boundary is removed the blocks are joined.
import * as Y from 'yjs';
import { BOUNDARY_MARKER, DELETION_MARK, INSERTION_MARK } from '../domain/text/proposals';
import { SECTION_KEYS } from '../domain/text/sections';
import { sectionFragment } from './convert';

export type ProposalDecision = 'accepted' | 'rejected';

/**
 * Accepts or rejects one proposal in a Yjs document, at the Yjs level (no editor needed): accepted
 * insertions lose their mark, accepted deletions are removed; rejected insertions are removed,
 * rejected deletions lose their mark. Returns whether the document held the proposal.
 */
export function decideProposalInDoc(
  doc: Y.Doc,
  id: string,
  decision: ProposalDecision,
  origin?: unknown,
): boolean {
  let found = false;
  doc.transact(() => {
    for (const key of SECTION_KEYS) {
      const fragment = sectionFragment(doc, key);
      // A boundary the decision removes: an accepted join, a rejected split (found before the
      // marked runs change).
      const joins = boundariesOf(
        fragment,
        id,
        decision === 'accepted' ? DELETION_MARK : INSERTION_MARK,
      );
      for (const text of textsOf(fragment)) {
        if (decideInText(text, id, decision)) found = true;
      }
      for (const [first, second] of joins.reverse()) joinElements(first, second);
    }
  }, origin);
  return found;
}

type Block = Y.XmlElement | Y.XmlText;

function runAttributes(text: Y.XmlText, which: 'first' | 'last'): Record<string, unknown> {
  const runs = text.toDelta() as DeltaRun[];
  return (which === 'first' ? runs[0] : runs[runs.length - 1])?.attributes ?? {};
}

/** The id of `mark` on the inline run at the block's start or end (deepest), or null. */
function edgeMarkId(block: Block, which: 'first' | 'last', mark: string): string | null {
  if (block instanceof Y.XmlText) {
    const attrs = runAttributes(block, which)[mark] as { id?: unknown } | undefined;
    return attrs ? String(attrs.id) : null;
  }
  const children = block.toArray() as Block[];
  const edge = which === 'first' ? children[0] : children[children.length - 1];
  return edge ? edgeMarkId(edge, which, mark) : null;
}

/** Sibling element pairs (any depth, document order) whose boundary `mark` of `id` covers. */
function boundariesOf(
  parent: Y.XmlFragment | Y.XmlElement,
  id: string,
  mark: string,
): [Y.XmlElement, Y.XmlElement][] {
  const pairs: [Y.XmlElement, Y.XmlElement][] = [];
  const children = parent.toArray();
  children.forEach((child, index) => {
    if (!(child instanceof Y.XmlElement)) return;
    pairs.push(...boundariesOf(child, id, mark));
    const next = children[index + 1];
    if (
      next instanceof Y.XmlElement &&
      edgeMarkId(child, 'last', mark) === id &&
      edgeMarkId(next, 'first', mark) === id
    )
      pairs.push([child, next]);
  });
  return pairs;
}

/** Appends `second` to `first` along their boundary (as the editor's join would) and removes it. */
function joinElements(first: Y.XmlElement, second: Y.XmlElement): void {
  const left = first.toArray();
  const right = second.toArray();
  const lastLeft = left[left.length - 1];
  const firstRight = right[0];
  let rest = right;
  if (lastLeft instanceof Y.XmlText && firstRight instanceof Y.XmlText) {
    let at = lastLeft.length;
    for (const run of firstRight.toDelta() as DeltaRun[]) {
      if (typeof run.insert !== 'string') continue;
      lastLeft.insert(at, run.insert, run.attributes ?? {});
      at += run.insert.length;
    }
    rest = right.slice(1);
  } else if (lastLeft instanceof Y.XmlElement && firstRight instanceof Y.XmlElement) {
    joinElements(lastLeft, firstRight);
    rest = right.slice(1);
  }
  if (rest.length > 0)
    first.insert(
      first.length,
      rest.map((child) => (child as Y.XmlElement | Y.XmlText).clone()),
    );
  const parent = second.parent as Y.XmlFragment | Y.XmlElement;
  parent.delete(parent.toArray().indexOf(second), 1);
}

function textsOf(parent: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) texts.push(child);
    else if (child instanceof Y.XmlElement) texts.push(...textsOf(child));
  }
  return texts;
}

interface DeltaRun {
  readonly insert?: unknown;
  readonly attributes?: Record<string, unknown>;
}

function decideInText(text: Y.XmlText, id: string, decision: ProposalDecision): boolean {
  const ranges: { index: number; length: number; action: 'unmark' | 'remove'; mark: string }[] = [];
  let index = 0;
  let plain = '';
  for (const run of text.toDelta() as DeltaRun[]) {
    const length = typeof run.insert === 'string' ? run.insert.length : 1;
    plain += typeof run.insert === 'string' ? run.insert : ' ';
    for (const mark of [INSERTION_MARK, DELETION_MARK]) {
      const attrs = run.attributes?.[mark] as { id?: unknown } | undefined;
      if (!attrs || String(attrs.id) !== id) continue;
      const keep = (mark === INSERTION_MARK) === (decision === 'accepted');
      ranges.push({ index, length, action: keep ? 'unmark' : 'remove', mark });
    }
    index += length;
  }
  // From the end, so earlier indexes stay valid while later ranges are removed.
  for (const range of ranges.reverse()) {
    if (range.action === 'remove') {
      text.delete(range.index, range.length);
      continue;
    }
    text.format(range.index, range.length, { [range.mark]: null });
    // Boundary markers kept by the decision are no text (D-197).
    for (let offset = range.length - 1; offset >= 0; offset -= 1)
      if (plain[range.index + offset] === BOUNDARY_MARKER) text.delete(range.index + offset, 1);
  }
  return ranges.length > 0;
}
