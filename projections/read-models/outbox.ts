// Read model: the notification outbox (D-120, D-121) — which e-mails the lifecycle calls for, one
// row per mail and office, keyed so that a replay or rebuild yields the same rows: a request asks
// each office, deemed consent and a granted extension tell the office, and a text change that
// turns an approval veraltet tells the office once per approval. The mailer (mailer/) composes the
// German text at sending time and records delivery in its own store, outside the read models, so
// a rebuild never sends anything twice. Reminders are due by the clock, not by an event: the mailer
// derives them from the approval view.
import type { MailKind } from '../../domain/notifications/mail';
import type { SectionHashes } from '../../domain/text/canonical';
import type { SectionKey } from '../../domain/text/sections';
import { signOffStanding } from '../../domain/vorlage/state';
import { defineProjection, type ReadModelTx } from '../definition';
import {
  LIFECYCLE_EVENT_TYPES,
  TEXT_CONTENT_EVENT_TYPES,
  type ProductEvent,
} from '../product-events';

export const OUTBOX_VERSION = 1;

export const OUTBOX_DDL = `
  CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    vorlage_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    title TEXT NOT NULL,
    deadline TEXT,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS outbox_by_position ON outbox (position);
`;

/** Per Vorlage: its title and the Fassung each office approved (to notice veraltet). */
interface OutboxState {
  readonly title: string;
  readonly approvals: Readonly<Record<string, string>>;
  /** The approval (by its Fassung) each office was last told is veraltet. */
  readonly staleNotified: Readonly<Record<string, string>>;
  /** D-150: the section hashes of each approval and the scope of each asked office (if partial). */
  readonly approvedSections?: Readonly<Record<string, SectionHashes | null>>;
  readonly scopes?: Readonly<Record<string, readonly SectionKey[]>>;
}

/** D-151 in the outbox: whether the text now in force still leaves the office's approval valid. */
function approvalHolds(
  state: OutboxState,
  officeId: string,
  approved: string,
  now: { textHash: string; sectionHashes: SectionHashes },
): boolean {
  const signOff = {
    officeId,
    status: 'approved' as const,
    fassung: { textHash: approved, sectionHashes: state.approvedSections?.[officeId] ?? null },
    scope: state.scopes?.[officeId] ?? null,
  };
  return signOffStanding(signOff, now).standing === 'valid';
}

export interface OutboxRow {
  readonly key: string;
  readonly kind: MailKind;
  readonly vorlageId: string;
  readonly officeId: string;
  readonly title: string;
  readonly deadline: string | null;
  readonly position: bigint;
  readonly createdAt: string;
}

function queue(tx: ReadModelTx, row: OutboxRow): void {
  tx.run(
    `INSERT OR IGNORE INTO outbox (key, kind, vorlage_id, office_id, title, deadline, position, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    row.key,
    row.kind,
    row.vorlageId,
    row.officeId,
    row.title,
    row.deadline,
    row.position,
    row.createdAt,
  );
  tx.changed(row.vorlageId);
}

export const outboxProjection = defineProjection<ProductEvent>({
  name: 'outbox',
  version: OUTBOX_VERSION,
  handles: [...LIFECYCLE_EVENT_TYPES, ...TEXT_CONTENT_EVENT_TYPES],
  tables: ['outbox'],
  init: (db) => db.exec(OUTBOX_DDL),
  apply: (tx, event) => {
    const state = tx.loadState<OutboxState>(event.vorlageId);
    const base = { vorlageId: event.vorlageId, position: event.position, createdAt: event.time };
    if (event.kind === 'textContent') {
      if (!state) return;
      let staleNotified = state.staleNotified;
      for (const [officeId, approved] of Object.entries(state.approvals)) {
        if (approvalHolds(state, officeId, approved, event.metadata)) continue;
        if (staleNotified[officeId] === approved) continue;
        queue(tx, {
          ...base,
          key: `stale:${event.vorlageId}:${officeId}:${approved}`,
          kind: 'signOffStale',
          officeId,
          title: state.title,
          deadline: null,
        });
        staleNotified = { ...staleNotified, [officeId]: approved };
      }
      if (staleNotified !== state.staleNotified)
        tx.saveState(event.vorlageId, { ...state, staleNotified });
      return;
    }
    if (event.kind !== 'lifecycle' || event.event === null) return;
    const e = event.event;
    if (e.type === 'VorlageCreated') {
      tx.saveState<OutboxState>(event.vorlageId, {
        title: e.data.title,
        approvals: {},
        staleNotified: {},
      });
      return;
    }
    if (!state) return;
    const mail = (officeId: string, kind: MailKind, deadline: string | null) =>
      queue(tx, {
        ...base,
        key: `${event.id}:${officeId}`,
        kind,
        officeId,
        title: state.title,
        deadline,
      });
    const approvals = (
      officeId: string,
      fassung: { textHash: string; sectionHashes: SectionHashes | null } | null,
    ) => {
      const { [officeId]: _previous, ...rest } = state.approvals;
      const { [officeId]: _sections, ...restSections } = state.approvedSections ?? {};
      tx.saveState<OutboxState>(event.vorlageId, {
        ...state,
        approvals: fassung === null ? rest : { ...rest, [officeId]: fassung.textHash },
        approvedSections:
          fassung === null ? restSections : { ...restSections, [officeId]: fassung.sectionHashes },
      });
    };
    switch (e.type) {
      case 'SignOffsRequested': {
        for (const officeId of e.data.officeIds)
          mail(officeId, 'signOffRequested', e.data.deadline);
        const scopes = { ...state.scopes };
        for (const officeId of e.data.officeIds) {
          const scope = e.data.scopes?.[officeId];
          if (scope) scopes[officeId] = scope;
          else delete scopes[officeId];
        }
        tx.saveState<OutboxState>(event.vorlageId, { ...state, scopes });
        return;
      }
      case 'SignOffDeemedGiven':
        mail(e.data.officeId, 'deemedGiven', e.data.deadline);
        return approvals(e.data.officeId, e.data.fassung);
      case 'DeadlineExtensionGranted':
        return mail(e.data.officeId, 'extensionGranted', e.data.deadline);
      case 'SignOffGiven':
        return approvals(e.data.officeId, e.data.fassung);
      case 'SignOffRefused':
      case 'SignOffWithdrawn':
        return approvals(e.data.officeId, null);
      default:
        return;
    }
  },
});

interface OutboxDbRow {
  key: string;
  kind: MailKind;
  vorlage_id: string;
  office_id: string;
  title: string;
  deadline: string | null;
  position: bigint | number;
  created_at: string;
}

/** The mailer's cursor: rows are ordered by (position, key); one event may queue several. */
export interface OutboxCursor {
  readonly position: bigint;
  readonly key: string;
}

export const OUTBOX_START: OutboxCursor = { position: -1n, key: '' };

/** Outbox rows after `cursor`, oldest first. */
export function outboxAfter(
  db: { prepare(sql: string): { all(...params: unknown[]): unknown[] } },
  cursor: OutboxCursor,
  limit = 500,
): OutboxRow[] {
  return (
    db
      .prepare('SELECT * FROM outbox WHERE (position, key) > (?, ?) ORDER BY position, key LIMIT ?')
      .all(cursor.position, cursor.key, limit) as OutboxDbRow[]
  ).map((row) => ({
    key: row.key,
    kind: row.kind,
    vorlageId: row.vorlage_id,
    officeId: row.office_id,
    title: row.title,
    deadline: row.deadline,
    position: BigInt(row.position),
    createdAt: row.created_at,
  }));
}
