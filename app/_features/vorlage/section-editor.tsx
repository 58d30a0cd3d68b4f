'use client';
// One text section of the Vorlage as a collaborative Tiptap editor bound to its Y.XmlFragment:
// rich sections (3, 4) with a toolbar, plain sections as single-line fields. Carets and
// selections of the others show with name, office and colour.
import { memo, useEffect, useId, useRef, useState, type FormEvent } from 'react';
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
import { PROPOSAL_CARET_LABELS, PROPOSAL_LABELS } from '../../../wording/labels';
import { proposalAtCaret } from '../../../editor/proposal-at-caret';
import { colourFor, selectionTint } from '../../_components/author-colours';
import { sectionFragment } from '../../../editor/convert';
import { FieldError } from '../../_components/field-error';
import { useRovingFocus } from '../../_components/roving-focus';
import {
  anchorOfRange,
  CommentHighlights,
  setCommentThreads,
  type AnchorRange,
  type AnchoredThread,
  type EncodedAnchor,
} from '../../../editor/comment-anchors';
import { COMMENT_LABELS } from '../../../wording/labels';
import './proposals.css';

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
  /** Comments (D-130…D-132): this section's threads to highlight, and the one in focus. */
  readonly comments: SectionComments;
}

export interface SectionComments {
  readonly threads: readonly AnchoredThread[];
  readonly activeThreadId: string | null;
  readonly canComment: boolean;
  /** The user chose a passage to comment on. */
  readonly onComment: (sectionKey: SectionKey, anchor: EncodedAnchor, quote: string) => void;
  /** Where the section's threads are now (null: passage deleted). */
  readonly onRanges: (sectionKey: SectionKey, ranges: ReadonlyMap<string, AnchorRange>) => void;
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

/** A peer's selection as a light tint of its colour, so the text under it stays readable (AA). */
function renderSelection(user: Record<string, unknown>) {
  return {
    nodeName: 'span',
    class: 'collaboration-carets__selection',
    style: `background-color: ${selectionTint(user.color)}`,
  };
}

function SectionEditorImpl({
  sectionKey,
  labelId,
  doc,
  provider,
  user,
  editable,
  comments,
  suggest,
  proposalAuthor,
}: Props) {
  const rich = sectionKind(sectionKey) === 'rich';
  // The latest callbacks, so the editor (created once per doc and section) always calls them.
  const latest = useRef(comments);
  useEffect(() => {
    latest.current = comments;
  });
  const [hint, setHint] = useState<string | null>(null);
  const [notProposable, setNotProposable] = useState(false);
  const requestComment = (): boolean => {
    if (!editor || editor.isDestroyed || !latest.current.canComment) return false;
    const range = selectedRange(editor);
    const anchor = range && anchorOfRange(editor.state, range.from, range.to);
    const quote = range && editor.state.doc.textBetween(range.from, range.to, ' ').trim();
    if (!range || !anchor || !quote) {
      setHint(COMMENT_LABELS.commentHint);
      return true;
    }
    setHint(null);
    latest.current.onComment(sectionKey, anchor, quote.slice(0, 2000));
    return true;
  };
  const requestCommentRef = useRef(requestComment);
  useEffect(() => {
    requestCommentRef.current = requestComment;
  });
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions: [
        ...sectionExtensions(sectionKey, PROPOSAL_PRESENTATION),
        Collaboration.configure({ fragment: sectionFragment(doc, sectionKey) }),
        SuggestMode.configure({
          author: proposalAuthor,
          enabled: suggest,
          // D-197: said at the text instead of silently dropping the keystroke.
          onNotProposable: () => setNotProposable(true),
        }),
        CollaborationCaret.configure({
          provider,
          user: { ...user },
          render: renderCaret,
          selectionRender: renderSelection,
        }),
        CommentHighlights.configure({
          onRanges: (ranges) => latest.current.onRanges(sectionKey, ranges),
        }),
      ],
      editorProps: {
        // Strg+Alt+M (as in common word processors): comment on the selected passage.
        handleKeyDown: (_view, event) =>
          (event.ctrlKey || event.metaKey) &&
          event.altKey &&
          event.code === 'KeyM' &&
          requestCommentRef.current(),
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
    setNotProposable(false);
  }, [editor, suggest]);
  useEffect(() => {
    if (!editor || editor.isDestroyed || !notProposable) return;
    // The message stays until the next edit that goes through.
    const clear = () => setNotProposable(false);
    editor.on('update', clear);
    return () => {
      editor.off('update', clear);
    };
  }, [editor, notProposable]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(editable);
    editor.view.dom.setAttribute('aria-readonly', editable ? 'false' : 'true');
  }, [editor, editable]);

  const { threads, activeThreadId } = comments;
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dispatch(setCommentThreads(editor.state.tr, threads, activeThreadId));
    if (!activeThreadId || !threads.some((thread) => thread.threadId === activeThreadId)) return;
    editor.view.dom
      .querySelector(`[data-thread-id="${CSS.escape(activeThreadId)}"]`)
      ?.scrollIntoView({ block: 'center' });
  }, [editor, threads, activeThreadId]);

  return (
    <div
      className={`section-editor ${editable ? '' : 'section-editor--readonly'}`}
      data-section={sectionKey}
    >
      {comments.canComment && editor ? (
        <div className="comment-bar">
          <button
            type="button"
            className="button button--quiet button--small"
            aria-describedby={`${labelId}-comment-hint`}
            // Keeps the passage selected (in read-only text too) while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => requestComment()}
          >
            {COMMENT_LABELS.comment}
            <span className="visually-hidden">
              {' '}
              ({TEXT_SECTIONS.find((section) => section.key === sectionKey)?.label})
            </span>
          </button>
          <p id={`${labelId}-comment-hint`} className="comment-bar__hint muted small" role="status">
            {hint ?? ''}
          </p>
        </div>
      ) : null}
      {rich && editor && editable ? (
        <Toolbar
          editor={editor}
          suggest={suggest}
          label={`Formatierung ${TEXT_SECTIONS.find((section) => section.key === sectionKey)?.label ?? ''}`}
        />
      ) : null}
      <EditorContent editor={editor} />
      {suggest && editable ? (
        <p className="section-editor__refusal small" role="status">
          {notProposable ? PROPOSAL_LABELS.notProposable : ''}
        </p>
      ) : null}
      {editor ? <ProposalAtCaretStatus editor={editor} /> : null}
    </div>
  );
}

export const SectionEditor = memo(SectionEditorImpl);

/** Longest proposal text the status line quotes. */
const QUOTE_LENGTH = 80;

/**
 * Names the proposal the caret stands in ("Vorschlag von … · Amt: fügt ein „…“"), visibly and as a
 * polite live region, while the editor has the focus: the inline marks' hover title reaches only
 * a mouse.
 */
function ProposalAtCaretStatus({ editor }: { editor: Editor }) {
  const message = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current || !current.isFocused) return '';
      const proposal = proposalAtCaret(current.state);
      if (!proposal) return '';
      const text =
        proposal.text.length > QUOTE_LENGTH
          ? `${proposal.text.slice(0, QUOTE_LENGTH).trimEnd()}…`
          : proposal.text;
      const change =
        proposal.kind === 'insertion' ? PROPOSAL_LABELS.inserts : PROPOSAL_LABELS.deletes;
      return `${PROPOSAL_PRESENTATION.describe(proposal.author, proposal.displayName)}: ${change} „${text.trim()}“. ${PROPOSAL_CARET_LABELS.decideHint}`;
    },
  });
  return (
    <p className="proposal-caret small" role="status">
      {message}
    </p>
  );
}

/**
 * The passage the user selected: the editor's selection, or in read-only text (where the editor
 * does not follow the DOM selection) the browser's selection inside this editor.
 */
function selectedRange(editor: Editor): { from: number; to: number } | null {
  const { from, to, empty } = editor.state.selection;
  if (!empty) return { from, to };
  const selection = window.getSelection();
  const { view } = editor;
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) {
    return null;
  }
  const start = view.posAtDOM(range.startContainer, range.startOffset);
  const end = view.posAtDOM(range.endContainer, range.endOffset);
  return start < end ? { from: start, to: end } : null;
}

function Toolbar({ editor, label, suggest }: { editor: Editor; label: string; suggest: boolean }) {
  const id = useId();
  // D-197: block types cannot be proposed (the library has no suggestion for them in our schema).
  const structureNote = suggest ? `${id}-suggest-note` : undefined;
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
  const roving = useRovingFocus<HTMLDivElement>();
  return (
    <div className="toolbar-wrap">
      <div
        role="toolbar"
        aria-label={label}
        className="toolbar"
        ref={roving.ref}
        onFocus={roving.onFocus}
        onKeyDown={roving.onKeyDown}
      >
        <ToolButton
          label="Überschrift"
          disabled={suggest}
          describedBy={structureNote}
          short="Ü1"
          pressed={state.h3}
          onClick={() => chain().toggleHeading({ level: 3 }).run()}
        />
        <ToolButton
          label="Unterüberschrift"
          disabled={suggest}
          describedBy={structureNote}
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
          disabled={suggest}
          describedBy={structureNote}
          short="•"
          pressed={state.bulletList}
          onClick={() => chain().toggleBulletList().run()}
        />
        <ToolButton
          label="Nummerierte Liste"
          disabled={suggest}
          describedBy={structureNote}
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
      {structureNote ? (
        <p id={structureNote} className="toolbar__note muted small">
          {PROPOSAL_LABELS.suggestToolbarNote}
        </p>
      ) : null}
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
  describedBy?: string | undefined;
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
      aria-describedby={props.describedBy}
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
