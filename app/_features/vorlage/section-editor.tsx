'use client';
// One text section of the Vorlage as a collaborative Tiptap editor bound to its Y.XmlFragment:
// rich sections (3, 4) with a toolbar, plain sections as single-line fields. Carets and
// selections of the others show with name, office and colour.
import { memo, useEffect, useId, useState, type FormEvent } from 'react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { TEXT_SECTIONS, type SectionKey } from '../../../domain/text/sections';
import { isAllowedHref, sectionExtensions, sectionKind } from '../../../editor/extensions';
import type { ProposalPresentation } from '../../../editor/suggestion-marks';
import { setSuggestMode, SuggestMode } from '../../../editor/suggestions';
import type { ProposalAuthor } from '../../../domain/text/proposals';
import { officeShortName } from '../../../wording/format';
import { PROPOSAL_LABELS } from '../../../wording/labels';
import { colourFor } from '../../_components/author-colours';
import { sectionFragment } from '../../../editor/convert';
import { FieldError } from '../../_components/field-error';

export interface CaretUser {
  readonly name: string;
  readonly office: string;
  readonly color: string;
}

interface Props {
  readonly sectionKey: SectionKey;
  readonly labelId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly user: CaretUser;
  readonly editable: boolean;
  /** "Vorschlagen": the user's edits become change proposals (always for signers). */
  readonly suggest: boolean;
  /** Whose proposals this editor writes. */
  readonly proposalAuthor: (ProposalAuthor & { readonly displayName: string }) | null;
}

const PROPOSAL_PRESENTATION: ProposalPresentation = {
  colourOf: colourFor,
  describe: (author, displayName) =>
    `${PROPOSAL_LABELS.by} ${displayName ?? author.userId} · ${officeShortName(author.officeId)}`,
};

function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color =
    typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#555555';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  const name = typeof user.name === 'string' ? user.name : 'Unbekannt';
  const office = typeof user.office === 'string' && user.office ? ` · ${user.office}` : '';
  label.textContent = `${name}${office}`;
  caret.append(label);
  return caret;
}

function SectionEditorImpl({
  sectionKey,
  labelId,
  doc,
  provider,
  user,
  editable,
  suggest,
  proposalAuthor,
}: Props) {
  const rich = sectionKind(sectionKey) === 'rich';
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions: [
        ...sectionExtensions(sectionKey, PROPOSAL_PRESENTATION),
        Collaboration.configure({ fragment: sectionFragment(doc, sectionKey) }),
        SuggestMode.configure({ author: proposalAuthor, enabled: suggest }),
        CollaborationCaret.configure({ provider, user: { ...user }, render: renderCaret }),
      ],
      editorProps: {
        attributes: {
          role: 'textbox',
          'aria-labelledby': labelId,
          'aria-multiline': rich ? 'true' : 'false',
          class: rich ? 'editor editor--rich' : 'editor editor--plain',
          spellcheck: 'true',
          lang: 'de',
        },
      },
    },
    [doc, provider, sectionKey, proposalAuthor],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    setSuggestMode(editor, suggest);
  }, [editor, suggest]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(editable);
    editor.view.dom.setAttribute('aria-readonly', editable ? 'false' : 'true');
  }, [editor, editable]);

  return (
    <div
      className={`section-editor ${editable ? '' : 'section-editor--readonly'}`}
      data-section={sectionKey}
    >
      {rich && editor && editable ? (
        <Toolbar
          editor={editor}
          label={`Formatierung ${TEXT_SECTIONS.find((section) => section.key === sectionKey)?.label ?? ''}`}
        />
      ) : null}
      <EditorContent editor={editor} />
    </div>
  );
}

export const SectionEditor = memo(SectionEditorImpl);

function Toolbar({ editor, label }: { editor: Editor; label: string }) {
  const id = useId();
  const [linkOpen, setLinkOpen] = useState(false);
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      h3: current.isActive('heading', { level: 3 }),
      h4: current.isActive('heading', { level: 4 }),
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      link: current.isActive('link'),
      href: (current.getAttributes('link').href as string | undefined) ?? '',
      canUndo: current.can().undo(),
      canRedo: current.can().redo(),
    }),
  });

  const chain = () => editor.chain().focus();
  return (
    <div className="toolbar-wrap">
      <div role="toolbar" aria-label={label} className="toolbar">
        <ToolButton
          label="Überschrift"
          short="Ü1"
          pressed={state.h3}
          onClick={() => chain().toggleHeading({ level: 3 }).run()}
        />
        <ToolButton
          label="Unterüberschrift"
          short="Ü2"
          pressed={state.h4}
          onClick={() => chain().toggleHeading({ level: 4 }).run()}
        />
        <span className="toolbar__sep" aria-hidden="true" />
        <ToolButton
          label="Fett"
          short="F"
          strong
          pressed={state.bold}
          onClick={() => chain().toggleBold().run()}
        />
        <ToolButton
          label="Kursiv"
          short="K"
          italic
          pressed={state.italic}
          onClick={() => chain().toggleItalic().run()}
        />
        <span className="toolbar__sep" aria-hidden="true" />
        <ToolButton
          label="Aufzählung"
          short="•"
          pressed={state.bulletList}
          onClick={() => chain().toggleBulletList().run()}
        />
        <ToolButton
          label="Nummerierte Liste"
          short="1."
          pressed={state.orderedList}
          onClick={() => chain().toggleOrderedList().run()}
        />
        <span className="toolbar__sep" aria-hidden="true" />
        <button
          type="button"
          className="toolbar__button"
          aria-expanded={linkOpen}
          aria-controls={`${id}-link`}
          aria-pressed={state.link}
          onClick={() => setLinkOpen((open) => !open)}
        >
          Link
        </button>
        <span className="toolbar__sep" aria-hidden="true" />
        <ToolButton
          label="Rückgängig"
          short="↶"
          disabled={!state.canUndo}
          onClick={() => chain().undo().run()}
        />
        <ToolButton
          label="Wiederholen"
          short="↷"
          disabled={!state.canRedo}
          onClick={() => chain().redo().run()}
        />
      </div>
      {linkOpen ? (
        <LinkForm
          id={`${id}-link`}
          initialHref={state.href}
          onApply={(href) => {
            if (editor.state.selection.empty && !editor.isActive('link')) {
              // Nothing selected: insert the address itself as the link text.
              chain()
                .insertContent({
                  type: 'text',
                  text: href,
                  marks: [{ type: 'link', attrs: { href } }],
                })
                .unsetMark('link')
                .run();
            } else {
              chain().extendMarkRange('link').setLink({ href }).run();
            }
            setLinkOpen(false);
          }}
          onRemove={() => {
            chain().extendMarkRange('link').unsetLink().run();
            setLinkOpen(false);
          }}
          onCancel={() => {
            setLinkOpen(false);
            editor.commands.focus();
          }}
        />
      ) : null}
    </div>
  );
}

function ToolButton(props: {
  label: string;
  short: string;
  pressed?: boolean;
  disabled?: boolean;
  strong?: boolean;
  italic?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="toolbar__button"
      aria-label={props.label}
      title={props.label}
      aria-pressed={props.pressed}
      disabled={props.disabled}
      onMouseDown={(event) => event.preventDefault()}
      onClick={props.onClick}
    >
      <span
        aria-hidden="true"
        style={{
          fontWeight: props.strong ? 700 : undefined,
          fontStyle: props.italic ? 'italic' : undefined,
        }}
      >
        {props.short}
      </span>
    </button>
  );
}

function LinkForm(props: {
  id: string;
  initialHref: string;
  onApply: (href: string) => void;
  onRemove: () => void;
  onCancel: () => void;
}) {
  const [href, setHref] = useState(props.initialHref);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = href.trim();
    if (!isAllowedHref(value)) {
      setError('Nur vollständige Links mit http://, https:// oder mailto: sind erlaubt.');
      return;
    }
    props.onApply(value);
  };
  return (
    <form className="link-form" id={props.id} onSubmit={submit} noValidate>
      <label htmlFor={`${props.id}-href`}>Linkadresse</label>
      <input
        id={`${props.id}-href`}
        type="url"
        value={href}
        placeholder="https://…"
        autoFocus
        onChange={(event) => setHref(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') props.onCancel();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${props.id}-error` : undefined}
      />
      <button type="submit" className="button button--secondary button--small">
        Übernehmen
      </button>
      {props.initialHref ? (
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={props.onRemove}
        >
          Link entfernen
        </button>
      ) : null}
      <button type="button" className="button button--quiet button--small" onClick={props.onCancel}>
        Abbrechen
      </button>
      <FieldError id={`${props.id}-error`} message={error} />
    </form>
  );
}
