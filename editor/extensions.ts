// The Tiptap extension lists of the Vorlage editor — one module shared by the browser editor and
// the collab server, so both agree on the schema. Rich sections: headings, lists, bold, italic,
// safe links, change-proposal marks. Plain sections: one paragraph of text (proposal marks only). Undo/redo is Yjs's (Collaboration).
import { Node, getSchema, type AnyExtension } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import type { Schema } from '@tiptap/pm/model';
import type { SectionKey } from '../domain/text/sections';
import { TEXT_SECTIONS } from '../domain/text/sections';
import { suggestionMarks, type ProposalPresentation } from './suggestion-marks';

/** Only these link protocols survive editing, conversion and rendering. */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/** Section headings are h2 on the page, so headings inside a section start at h3. */
export const HEADING_LEVELS = [3, 4] as const;

/** True for an absolute http(s) or mailto URL; everything else (javascript:, data:, relative) is not a link. */
export function isAllowedHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length === 0 || href.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    // Not an absolute URL: relative and scheme-less links are dropped, not guessed at.
    return false;
  }
  return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(url.protocol.slice(0, -1));
}

const disabledStarterKitParts = {
  blockquote: false,
  code: false,
  codeBlock: false,
  strike: false,
  underline: false,
  horizontalRule: false,
  hardBreak: false,
  undoRedo: false,
  trailingNode: false,
} as const;

/** Extensions of a rich section (Beschlussentwurf, Begründung). */
export function richSectionExtensions(
  presentation: ProposalPresentation | null = null,
): AnyExtension[] {
  return [
    StarterKit.configure({
      ...disabledStarterKitParts,
      heading: { levels: [...HEADING_LEVELS] },
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        protocols: [...ALLOWED_LINK_PROTOCOLS],
        isAllowedUri: (url) => isAllowedHref(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    ...suggestionMarks(presentation),
  ];
}

/** A plain section's document is exactly one paragraph. */
const PlainDocument = Node.create({ name: 'doc', topNode: true, content: 'paragraph' });

/** Extensions of a plain section (subject, rapporteur, …): a single paragraph, no marks. */
export function plainSectionExtensions(
  presentation: ProposalPresentation | null = null,
): AnyExtension[] {
  return [
    PlainDocument,
    StarterKit.configure({
      ...disabledStarterKitParts,
      document: false,
      bold: false,
      italic: false,
      link: false,
      heading: false,
      bulletList: false,
      orderedList: false,
      listItem: false,
      listKeymap: false,
    }),
    // Change proposals are the only marks a plain section may carry.
    ...suggestionMarks(presentation),
  ];
}

export type SectionKind = 'rich' | 'plain';

export function sectionKind(key: SectionKey): SectionKind {
  const section = TEXT_SECTIONS.find((candidate) => candidate.key === key);
  if (!section) throw new Error(`Unknown text section ${key}`);
  return section.kind;
}

/** `presentation`: how the browser shows proposal authors (schema-neutral; the server omits it). */
export function sectionExtensions(
  key: SectionKey,
  presentation: ProposalPresentation | null = null,
): AnyExtension[] {
  return sectionKind(key) === 'rich'
    ? richSectionExtensions(presentation)
    : plainSectionExtensions(presentation);
}

let richSchema: Schema | undefined;
let plainSchema: Schema | undefined;

/** The ProseMirror schema of a section kind (built once; getSchema needs no DOM). */
export function schemaFor(kind: SectionKind): Schema {
  if (kind === 'rich') return (richSchema ??= getSchema(richSectionExtensions()));
  return (plainSchema ??= getSchema(plainSectionExtensions()));
}
