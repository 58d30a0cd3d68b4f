// The suggestion marks of @handlewithcare/prosemirror-suggest-changes as Tiptap marks: part of the
// ONE shared schema (editor/extensions.ts), so the browser writes them and the collab server's
// schema check admits them. The id attribute names the proposal and its author.
import { Mark, mergeAttributes, type AnyExtension } from '@tiptap/core';
import {
  deletion as deletionSpec,
  insertion as insertionSpec,
  modification as modificationSpec,
} from '@handlewithcare/prosemirror-suggest-changes';
import {
  DELETION_MARK,
  INSERTION_MARK,
  MODIFICATION_MARK,
  proposalAuthorNameOf,
  proposalAuthorOf,
  type ProposalAuthor,
} from '../domain/text/proposals';

/** How the browser shows a proposal's author (the server renders no HTML and passes none). */
export interface ProposalPresentation {
  /** The author's colour (underline / strike-through). */
  colourOf(userId: string): string;
  /** The hover text naming the author: name and office. */
  describe(author: ProposalAuthor, displayName: string | null): string;
}

/** Data attributes that let the page find and style a proposal's author. */
function authorAttributes(
  id: unknown,
  presentation: ProposalPresentation | null,
): Record<string, string> {
  const author = proposalAuthorOf(id);
  if (!author) return {};
  const attributes: Record<string, string> = {
    'data-proposal-office': author.officeId,
    'data-proposal-user': author.userId,
  };
  if (presentation) {
    attributes['style'] = `--proposal-colour: ${presentation.colourOf(author.userId)}`;
    attributes['title'] = presentation.describe(author, proposalAuthorNameOf(id));
  }
  return attributes;
}

function suggestionMark(
  name: string,
  spec: typeof insertionSpec,
  tag: 'ins' | 'del' | 'span',
  extraAttributes: Record<string, { default: unknown }> = {},
) {
  return Mark.create<{ presentation: ProposalPresentation | null }>({
    name,
    addOptions() {
      return { presentation: null };
    },
    inclusive: spec.inclusive ?? false,
    excludes: spec.excludes ?? '',
    addAttributes() {
      const presentation = this.options.presentation;
      return {
        id: {
          default: null,
          parseHTML: (element: HTMLElement) => element.getAttribute('data-proposal-id'),
          renderHTML: (attributes: Record<string, unknown>) => ({
            'data-proposal-id': String(attributes['id'] ?? ''),
            ...authorAttributes(attributes['id'], presentation),
          }),
        },
        ...extraAttributes,
      };
    },
    parseHTML() {
      return [{ tag: `${tag}[data-proposal-id]` }];
    },
    renderHTML({ HTMLAttributes }) {
      return [tag, mergeAttributes(HTMLAttributes, { class: `proposal proposal--${name}` }), 0];
    },
  });
}

/** The three suggestion marks (names fixed by the library, which finds them in the schema). */
export function suggestionMarks(presentation: ProposalPresentation | null = null): AnyExtension[] {
  const marks = [
    suggestionMark(INSERTION_MARK, insertionSpec, 'ins'),
    suggestionMark(DELETION_MARK, deletionSpec, 'del'),
    suggestionMark(MODIFICATION_MARK, modificationSpec, 'span', {
      type: { default: null },
      attrName: { default: null },
      previousValue: { default: null },
      newValue: { default: null },
    }),
  ];
  return presentation ? marks.map((mark) => mark.configure({ presentation })) : marks;
}
