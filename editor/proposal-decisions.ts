// Accepting or rejecting a change proposal on the Yjs document directly (no editor), so the collab
// server can apply a recorded decision (D-146) exactly as the library's applySuggestion /
// revertSuggestion would in an editor: accepted insertions and rejected deletions lose their
// mark; accepted deletions and rejected insertions are removed.
import * as Y from 'yjs';
import { DELETION_MARK, INSERTION_MARK } from '../domain/text/proposals';
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
      for (const text of textsOf(sectionFragment(doc, key))) {
        if (decideInText(text, id, decision)) found = true;
      }
    }
  }, origin);
  return found;
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
  for (const run of text.toDelta() as DeltaRun[]) {
    const length = typeof run.insert === 'string' ? run.insert.length : 1;
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
    if (range.action === 'remove') text.delete(range.index, range.length);
    else text.format(range.index, range.length, { [range.mark]: null });
  }
  return ranges.length > 0;
}
