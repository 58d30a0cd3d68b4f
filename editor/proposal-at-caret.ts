// Which change proposal the caret (or the start of the selection) stands in, so the editor can
// name its author to keyboard and screen-reader users — the hover title alone reaches only a
// mouse. Mature editors do the same: CKEditor's track changes announces the suggestion the
// selection enters through its live-region announcer; Google Docs reads "suggestion by …".
import type { Mark } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import {
  DELETION_MARK,
  INSERTION_MARK,
  proposalAuthorNameOf,
  proposalAuthorOf,
  type ProposalAuthor,
  type ProposalKind,
} from '../domain/text/proposals';

export interface ProposalAtCaret {
  readonly id: string;
  readonly kind: ProposalKind;
  readonly author: ProposalAuthor;
  /** The name the proposal id carries (unverified, as the hover text), null when none. */
  readonly displayName: string | null;
  /** The proposal's text within the caret's paragraph. */
  readonly text: string;
}

const KINDS: Record<string, ProposalKind> = {
  [INSERTION_MARK]: 'insertion',
  [DELETION_MARK]: 'deletion',
};

/** The proposal the selection starts in or touches (the text right after the caret first). */
export function proposalAtCaret(state: EditorState): ProposalAtCaret | null {
  const { $from } = state.selection;
  const marks = [...($from.nodeAfter?.marks ?? []), ...($from.nodeBefore?.marks ?? [])];
  const mark = marks.find((candidate) => KINDS[candidate.type.name] && proposalOf(candidate));
  if (!mark) return null;
  const id = String(mark.attrs['id']);
  let text = '';
  $from.parent.forEach((child) => {
    if (child.isText && child.marks.some((other) => other.eq(mark))) text += child.text;
  });
  return {
    id,
    kind: KINDS[mark.type.name]!,
    author: proposalOf(mark)!,
    displayName: proposalAuthorNameOf(id),
    text,
  };
}

function proposalOf(mark: Mark): ProposalAuthor | null {
  return proposalAuthorOf(mark.attrs['id']);
}
