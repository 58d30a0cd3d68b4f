// Read model: the comment threads of each Vorlage (D-130…D-134) — anchor, quoted passage, author
// and office, replies, Erledigt / Wieder öffnen — for the editor's highlights and the "Kommentare"
// panel. A plain fold over `discussion-<id>`; announced as `discussion` keyed by the Vorlage.
import { defineProjection } from '../definition';
import { DISCUSSION_PRODUCT_EVENT_TYPES, type ProductEvent } from '../product-events';
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';
import { officeName } from '../../wording/format';

/** 2: threads marked as dissent (D-182). */
export const DISCUSSION_VERSION = 2;

export const DISCUSSION_DDL = `
  CREATE TABLE IF NOT EXISTS discussion_threads (
    vorlage_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    section_key TEXT NOT NULL,
    anchor_start TEXT NOT NULL,
    anchor_end TEXT NOT NULL,
    quote TEXT NOT NULL,
    body TEXT NOT NULL,
    author_user_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_office_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0,
    resolved_by_name TEXT,
    resolved_at TEXT,
    dissent_by_name TEXT,
    dissent_by_office_id TEXT,
    dissent_at TEXT,
    PRIMARY KEY (vorlage_id, thread_id)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS discussion_replies (
    vorlage_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    reply_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    author_user_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    author_office_id TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    PRIMARY KEY (vorlage_id, thread_id, reply_id)
  ) STRICT;
`;

export const discussionProjection = defineProjection<ProductEvent>({
  name: READ_MODELS.discussion,
  version: DISCUSSION_VERSION,
  handles: DISCUSSION_PRODUCT_EVENT_TYPES,
  tables: ['discussion_threads', 'discussion_replies'],
  init: (db) => db.exec(DISCUSSION_DDL),
  apply: (tx, product) => {
    if (product.kind !== 'discussion') return;
    const { vorlageId, position, time, event } = product;
    switch (event.type) {
      case 'ThreadStarted': {
        const { threadId, sectionKey, anchor, quote, body, author } = event.data;
        tx.run(
          `INSERT INTO discussion_threads (vorlage_id, thread_id, position, section_key, anchor_start,
             anchor_end, quote, body, author_user_id, author_name, author_office_id, started_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          vorlageId,
          threadId,
          position,
          sectionKey,
          anchor.start,
          anchor.end,
          quote,
          body,
          author.userId,
          author.displayName,
          author.officeId,
          time,
        );
        break;
      }
      case 'ReplyPosted': {
        const { threadId, replyId, body, author } = event.data;
        tx.run(
          `INSERT INTO discussion_replies (vorlage_id, thread_id, reply_id, position, body,
             author_user_id, author_name, author_office_id, posted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          vorlageId,
          threadId,
          replyId,
          position,
          body,
          author.userId,
          author.displayName,
          author.officeId,
          time,
        );
        break;
      }
      case 'ThreadResolved':
      case 'ThreadReopened': {
        const resolved = event.type === 'ThreadResolved';
        tx.run(
          `UPDATE discussion_threads SET resolved = ?, resolved_by_name = ?, resolved_at = ?
           WHERE vorlage_id = ? AND thread_id = ?`,
          resolved ? 1 : 0,
          resolved ? event.data.by.displayName : null,
          resolved ? time : null,
          vorlageId,
          event.data.threadId,
        );
        break;
      }
      case 'ThreadMarkedAsDissent':
      case 'ThreadDissentUnmarked': {
        const marked = event.type === 'ThreadMarkedAsDissent';
        tx.run(
          `UPDATE discussion_threads SET dissent_by_name = ?, dissent_by_office_id = ?, dissent_at = ?
           WHERE vorlage_id = ? AND thread_id = ?`,
          marked ? event.data.by.displayName : null,
          marked ? event.data.by.officeId : null,
          marked ? time : null,
          vorlageId,
          event.data.threadId,
        );
        break;
      }
    }
    tx.changed(vorlageId);
  },
});

// ---- queries ------------------------------------------------------------------------------

export interface CommentAuthor {
  readonly userId: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly officeName: string;
}

export interface ThreadReply {
  readonly replyId: string;
  readonly body: string;
  readonly author: CommentAuthor;
  readonly postedAt: string;
}

export interface DiscussionThread {
  readonly threadId: string;
  readonly sectionKey: string;
  /** Yjs relative positions (base64) of the passage's start and end. */
  readonly anchor: { readonly start: string; readonly end: string };
  /** The passage as it read when the thread was started. */
  readonly quote: string;
  readonly body: string;
  readonly author: CommentAuthor;
  readonly startedAt: string;
  readonly resolved: boolean;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  /** D-182: who marked the thread as a remaining disagreement, and when; null when unmarked. */
  readonly dissent: {
    readonly by: string;
    readonly byOfficeId: string;
    readonly at: string;
  } | null;
  readonly replies: readonly ThreadReply[];
}

interface ThreadRow {
  thread_id: string;
  section_key: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  body: string;
  author_user_id: string;
  author_name: string;
  author_office_id: string;
  started_at: string;
  resolved: number;
  resolved_by_name: string | null;
  resolved_at: string | null;
  dissent_by_name: string | null;
  dissent_by_office_id: string | null;
  dissent_at: string | null;
}

interface ReplyRow {
  thread_id: string;
  reply_id: string;
  body: string;
  author_user_id: string;
  author_name: string;
  author_office_id: string;
  posted_at: string;
}

const author = (userId: string, displayName: string, officeId: string): CommentAuthor => ({
  userId,
  displayName,
  officeId,
  officeName: officeName(officeId),
});

/** Every thread of the Vorlage, oldest first, each with its replies in order. */
export function getDiscussion(db: Database, vorlageId: string): DiscussionThread[] {
  const threads = db
    .prepare('SELECT * FROM discussion_threads WHERE vorlage_id = ? ORDER BY position')
    .all(vorlageId) as ThreadRow[];
  const replies = db
    .prepare('SELECT * FROM discussion_replies WHERE vorlage_id = ? ORDER BY position')
    .all(vorlageId) as ReplyRow[];
  const byThread = new Map<string, ThreadReply[]>();
  for (const row of replies) {
    const list = byThread.get(row.thread_id) ?? [];
    list.push({
      replyId: row.reply_id,
      body: row.body,
      author: author(row.author_user_id, row.author_name, row.author_office_id),
      postedAt: row.posted_at,
    });
    byThread.set(row.thread_id, list);
  }
  return threads.map((row) => ({
    threadId: row.thread_id,
    sectionKey: row.section_key,
    anchor: { start: row.anchor_start, end: row.anchor_end },
    quote: row.quote,
    body: row.body,
    author: author(row.author_user_id, row.author_name, row.author_office_id),
    startedAt: row.started_at,
    resolved: row.resolved === 1,
    resolvedBy: row.resolved_by_name,
    resolvedAt: row.resolved_at,
    dissent:
      row.dissent_by_name === null
        ? null
        : {
            by: row.dissent_by_name,
            byOfficeId: row.dissent_by_office_id ?? '',
            at: row.dissent_at ?? '',
          },
    replies: byThread.get(row.thread_id) ?? [],
  }));
}
