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
  proposalAuthorOf,
} from '../domain/text/proposals';

/** Data attributes that let the page show and style a proposal's author. */
function authorAttributes(id: unknown): Record<string, string> {
  const author = proposalAuthorOf(id);
  if (!author) return {};
  return { 'data-proposal-office': author.officeId, 'data-proposal-user': author.userId };
}

function suggestionMark(
  name: string,
  spec: typeof insertionSpec,
  tag: 'ins' | 'del' | 'span',
  extraAttributes: Record<string, { default: unknown }> = {},
) {
  return Mark.create({
    name,
    inclusive: spec.inclusive ?? false,
    excludes: spec.excludes ?? '',
    addAttributes() {
      return {
        id: {
          default: null,
          parseHTML: (element: HTMLElement) => element.getAttribute('data-proposal-id'),
          renderHTML: (attributes: Record<string, unknown>) => ({
            'data-proposal-id': String(attributes['id'] ?? ''),
            ...authorAttributes(attributes['id']),
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
export function suggestionMarks(): AnyExtension[] {
  return [
    suggestionMark(INSERTION_MARK, insertionSpec, 'ins'),
    suggestionMark(DELETION_MARK, deletionSpec, 'del'),
    suggestionMark(MODIFICATION_MARK, modificationSpec, 'span', {
      type: { default: null },
      attrName: { default: null },
      previousValue: { default: null },
      newValue: { default: null },
    }),
  ];
}
