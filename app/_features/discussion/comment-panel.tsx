'use client';
// The side panel "Kommentare": the new-comment form for a selected passage, and the threads by
// section (open ones; resolved ones on request), each with author and office, time, replies,
// "Antworten", "Erledigt" / "Wieder öffnen" and "Zur Textstelle". A thread whose passage was
// deleted stays listed as "Bezugstext gelöscht". Each thread is the target `#kommentar-<id>`.
// D-182: "Als Meinungsverschiedenheit festhalten" / "… aufheben" for those the domain allows.
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { TEXT_SECTIONS } from '../../../domain/text/sections';
import { MAX_COMMENT_LENGTH } from '../../../domain/discussion/events';
import type { EncodedAnchor } from '../../../editor/comment-anchors';
import { formatDateTime } from '../../../wording/format';
import { COMMENT_LABELS as L, DISSENT_LABELS } from '../../../wording/labels';
import { allows, type DissentRights } from '../../../domain/discussion/authorization';
import type { ApiError } from '../../_components/api-client';
import { FieldError } from '../../_components/field-error';
import type { DiscussionThread } from '../vorlage/types';
import type { LiveDetail } from '../vorlage/use-live-detail';
import type { PassageRegistry, PassageState } from './passage-registry';
import './discussion.css';

/** A passage the user chose to comment on, before the comment is written. */
export interface PendingComment {
  readonly sectionKey: string;
  readonly anchor: EncodedAnchor;
  readonly quote: string;
}

interface Props {
  readonly threads: readonly DiscussionThread[];
  readonly canComment: boolean;
  /** D-182: which threads the user may mark as dissent or unmark, and the user's office. */
  readonly dissentRights: DissentRights;
  readonly ownOfficeId: string;
  readonly passages: PassageRegistry;
  readonly pending: PendingComment | null;
  readonly onPendingDone: () => void;
  readonly activeThreadId: string | null;
  readonly onActivate: (threadId: string) => void;
  readonly showResolved: boolean;
  readonly onShowResolved: (show: boolean) => void;
  readonly runCommand: LiveDetail['runCommand'];
}

export const threadAnchorId = (threadId: string) => `kommentar-${threadId}`;

export function CommentPanel(props: Props) {
  const { threads, showResolved, onShowResolved, onActivate } = props;
  const id = useId();
  const passages = useSyncExternalStore(
    props.passages.subscribe,
    props.passages.snapshot,
    props.passages.snapshot,
  );
  const shown = threads.filter((thread) => showResolved || !thread.resolved);
  const resolvedCount = threads.length - threads.filter((thread) => !thread.resolved).length;

  const latestThreads = useRef(threads);
  useEffect(() => {
    latestThreads.current = threads;
  });
  // A link to `#kommentar-<id>` (the approval view's citations) opens that thread, resolved or not.
  useEffect(() => {
    const follow = () => {
      const hash = decodeURIComponent(window.location.hash.slice(1));
      const thread = latestThreads.current.find(
        (candidate) => threadAnchorId(candidate.threadId) === hash,
      );
      if (!thread) return;
      if (thread.resolved) onShowResolved(true);
      onActivate(thread.threadId);
      requestAnimationFrame(() => document.getElementById(hash)?.scrollIntoView());
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
    // Only when the threads change (a cited thread may arrive after the first paint).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the callbacks are stable setters
  }, [threads.length]);

  return (
    <section className="panel comment-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        {L.panelTitle}
      </h2>
      {props.canComment ? (
        <p className="muted small">{L.commentHint}</p>
      ) : (
        <p className="muted small">{L.readOnly}</p>
      )}
      {props.pending && props.canComment ? (
        <NewCommentForm
          pending={props.pending}
          onDone={props.onPendingDone}
          onStarted={onActivate}
          runCommand={props.runCommand}
        />
      ) : null}
      {resolvedCount > 0 ? (
        <div className="choice comment-panel__toggle">
          <input
            type="checkbox"
            id={`${id}-resolved`}
            checked={showResolved}
            onChange={(event) => onShowResolved(event.target.checked)}
          />
          <label htmlFor={`${id}-resolved`}>
            {L.showResolved} ({resolvedCount})
          </label>
        </div>
      ) : null}
      {shown.length === 0 ? <p className="empty-state">{L.none}</p> : null}
      {TEXT_SECTIONS.map((section) => {
        const inSection = shown.filter((thread) => thread.sectionKey === section.key);
        if (inSection.length === 0) return null;
        return (
          <div key={section.key} className="comment-panel__section">
            <h3 className="comment-panel__section-title">
              {section.number}. {section.label}
            </h3>
            <ol className="comment-panel__threads">
              {inSection.map((thread) => (
                <ThreadItem
                  key={thread.threadId}
                  thread={thread}
                  passage={passages.get(thread.threadId)}
                  active={thread.threadId === props.activeThreadId}
                  canComment={props.canComment}
                  mayMark={allows(
                    props.dissentRights.mark,
                    props.ownOfficeId,
                    thread.author.officeId,
                  )}
                  mayUnmark={allows(
                    props.dissentRights.unmark,
                    props.ownOfficeId,
                    thread.author.officeId,
                  )}
                  onActivate={onActivate}
                  runCommand={props.runCommand}
                />
              ))}
            </ol>
          </div>
        );
      })}
    </section>
  );
}

function NewCommentForm({
  pending,
  onDone,
  onStarted,
  runCommand,
}: {
  pending: PendingComment;
  onDone: () => void;
  onStarted: (threadId: string) => void;
  runCommand: LiveDetail['runCommand'];
}) {
  const id = useId();
  const [body, setBody] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') {
      setError({ code: 'invalid_input', message: 'Bitte schreiben Sie Ihren Kommentar.' });
      return;
    }
    setBusy(true);
    const result = await runCommand('start-thread', { ...pending, body: body.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const threadId = result.data.events[0]?.id;
    onDone();
    if (threadId) onStarted(threadId);
  };
  return (
    <form className="comment-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="comment-form__title">{L.newComment}</p>
      <blockquote className="comment-quote">{pending.quote}</blockquote>
      <div className="field">
        <label htmlFor={`${id}-body`}>{L.body}</label>
        <textarea
          id={`${id}-body`}
          rows={3}
          maxLength={MAX_COMMENT_LENGTH}
          value={body}
          autoFocus
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div className="comment-form__actions">
        <button type="submit" className="button button--primary button--small" disabled={busy}>
          {L.save}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onDone}>
          {L.cancel}
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error?.message} />
    </form>
  );
}

function ThreadItem({
  thread,
  passage,
  active,
  canComment,
  mayMark,
  mayUnmark,
  onActivate,
  runCommand,
}: {
  thread: DiscussionThread;
  passage: PassageState | undefined;
  active: boolean;
  canComment: boolean;
  mayMark: boolean;
  mayUnmark: boolean;
  onActivate: (threadId: string) => void;
  runCommand: LiveDetail['runCommand'];
}) {
  const id = useId();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (
    command:
      | 'reply-to-thread'
      | 'resolve-thread'
      | 'reopen-thread'
      | 'mark-thread-as-dissent'
      | 'unmark-thread-as-dissent',
    extra: Record<string, unknown> = {},
  ) => {
    setBusy(true);
    setError(null);
    const result = await runCommand(command, { threadId: thread.threadId, ...extra });
    setBusy(false);
    if (!result.ok) setError(result.error);
    return result.ok;
  };
  const sendReply = async (event: FormEvent) => {
    event.preventDefault();
    if (reply.trim() === '') {
      setError({ code: 'invalid_input', message: 'Bitte schreiben Sie Ihre Antwort.' });
      return;
    }
    if (await run('reply-to-thread', { body: reply.trim() })) {
      setReply('');
      setReplying(false);
    }
  };
  const deleted = passage === 'deleted';
  return (
    <li
      id={threadAnchorId(thread.threadId)}
      className={`comment-thread${active ? ' comment-thread--active' : ''}${thread.resolved ? ' comment-thread--resolved' : ''}`}
      data-thread-id={thread.threadId}
      aria-labelledby={`${id}-author`}
    >
      {deleted ? (
        <p className="comment-thread__deleted">
          <span aria-hidden="true">⌫ </span>
          {L.passageDeleted}
        </p>
      ) : null}
      <blockquote className={`comment-quote${deleted ? ' comment-quote--deleted' : ''}`}>
        {thread.quote}
      </blockquote>
      <p id={`${id}-author`} className="comment-thread__author small">
        <strong>{thread.author.displayName}</strong> · {thread.author.officeName} ·{' '}
        <time dateTime={thread.startedAt}>{formatDateTime(thread.startedAt)}</time>
        {thread.resolved ? <span className="tag">{L.resolved}</span> : null}
        {thread.dissent ? (
          <span
            className="tag tag--danger"
            title={`${DISSENT_LABELS.threadMarkedBy} ${thread.dissent.by}`}
          >
            {DISSENT_LABELS.markedTag}
          </span>
        ) : null}
      </p>
      <p className="comment-thread__body">{thread.body}</p>
      {thread.replies.length > 0 ? (
        <ol className="comment-thread__replies">
          {thread.replies.map((entry) => (
            <li key={entry.replyId} className="comment-reply">
              <p className="comment-thread__author small">
                <strong>{entry.author.displayName}</strong> · {entry.author.officeName} ·{' '}
                <time dateTime={entry.postedAt}>{formatDateTime(entry.postedAt)}</time>
              </p>
              <p className="comment-thread__body">{entry.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="comment-thread__actions">
        {!deleted ? (
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => onActivate(thread.threadId)}
            aria-describedby={`${id}-author`}
          >
            {L.showPassage}
          </button>
        ) : null}
        {canComment && !thread.resolved ? (
          <>
            <button
              type="button"
              className="button button--secondary button--small"
              aria-expanded={replying}
              aria-controls={`${id}-reply`}
              aria-describedby={`${id}-author`}
              onClick={() => setReplying((open) => !open)}
            >
              {L.reply}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              aria-describedby={`${id}-author`}
              onClick={() => void run('resolve-thread')}
            >
              {L.resolve}
            </button>
          </>
        ) : null}
        {canComment && thread.resolved ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy}
            aria-describedby={`${id}-author`}
            onClick={() => void run('reopen-thread')}
          >
            {L.reopen}
          </button>
        ) : null}
        {mayMark && !thread.resolved && !thread.dissent ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy}
            aria-describedby={`${id}-author`}
            onClick={() => void run('mark-thread-as-dissent')}
          >
            {DISSENT_LABELS.mark}
          </button>
        ) : null}
        {mayUnmark && thread.dissent ? (
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={busy}
            aria-describedby={`${id}-author`}
            onClick={() => void run('unmark-thread-as-dissent')}
          >
            {DISSENT_LABELS.unmark}
          </button>
        ) : null}
      </div>
      {replying ? (
        <form
          id={`${id}-reply`}
          className="comment-form"
          onSubmit={(event) => void sendReply(event)}
          noValidate
        >
          <div className="field">
            <label htmlFor={`${id}-reply-body`}>{L.replyBody}</label>
            <textarea
              id={`${id}-reply-body`}
              rows={2}
              maxLength={MAX_COMMENT_LENGTH}
              value={reply}
              autoFocus
              onChange={(event) => setReply(event.target.value)}
            />
          </div>
          <div className="comment-form__actions">
            <button type="submit" className="button button--primary button--small" disabled={busy}>
              {L.sendReply}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => setReplying(false)}
            >
              {L.cancel}
            </button>
          </div>
        </form>
      ) : null}
      <FieldError id={`${id}-error`} message={error?.message} />
    </li>
  );
}
