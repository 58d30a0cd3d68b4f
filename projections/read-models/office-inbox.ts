// Read model: the office inbox — for each office, the Vorlagen waiting for its sign-off (not yet
// answered, withdrawn, or veraltet on the current text) while they can be signed, by deadline —
// and the other steps issue 19 asks of an office (D-166): confirming a reservation reported
// fulfilled, a representation's Stellungnahme, the lead office's open dissent.
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';
import type { Row, TableSpec } from '../row-sync';
import type { VorlageView } from '../vorlage-view';
import { decodeCursor, encodeCursor } from './page-cursor';
import { approvalRows, isOverdue } from './approval-view';
import {
  APPROVAL_STATUS_LABELS,
  INBOX_TASK_LABELS,
  isInboxTask,
  type ApprovalStatus,
  type InboxTask,
} from '../../wording/labels';
import { signOffAnswerable, type ExistingVorlage } from '../../domain/vorlage/state';

export const INBOX_TABLE: TableSpec = {
  table: 'office_inbox',
  key: ['office_id', 'vorlage_id'],
  columns: [
    'office_id',
    'vorlage_id',
    'title',
    'lead_office_id',
    'vorlage_status',
    'status',
    'answer',
    'round',
    'asked_at',
    'deadline',
    'target_session_date',
    'current_text_hash',
  ],
  readModel: READ_MODELS.officeInbox,
  changeKey: 'office_id',
};

export const INBOX_DDL = `
  CREATE TABLE IF NOT EXISTS office_inbox (
    office_id TEXT NOT NULL,
    vorlage_id TEXT NOT NULL,
    title TEXT NOT NULL,
    lead_office_id TEXT NOT NULL,
    vorlage_status TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT,
    round INTEGER NOT NULL,
    asked_at TEXT,
    deadline TEXT,
    target_session_date TEXT NOT NULL,
    current_text_hash TEXT,
    PRIMARY KEY (office_id, vorlage_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS office_inbox_by_deadline ON office_inbox (office_id, deadline);
`;

/** One row per actionable approval entry of the Vorlage, then one per other task (D-166). */
export function inboxRows(
  view: VorlageView,
  approvals: readonly Row[] = approvalRows(view),
): Row[] {
  const state = view.lifecycle;
  if (state.status === 'none') return [];
  const row = (officeId: string, status: ApprovalStatus | InboxTask, fields: Row = {}): Row => ({
    office_id: officeId,
    vorlage_id: view.vorlageId,
    title: state.title,
    lead_office_id: state.leadOfficeId,
    vorlage_status: state.status,
    status,
    answer: null,
    round: 0,
    asked_at: null,
    deadline: null,
    target_session_date: state.targetSessionDate,
    current_text_hash: view.text?.textHash ?? state.initialFassung.textHash,
    ...fields,
  });
  const signOffRows = approvals
    .filter((approval) => approval.actionable === 1)
    .map((approval) =>
      row(String(approval.office_id), approval.status as ApprovalStatus, {
        answer: approval.answer ?? null,
        round: approval.asked_in_round ?? null,
        asked_at: approval.asked_at ?? null,
        deadline: approval.deadline ?? null,
      }),
    );
  // One row per office and Vorlage: a sign-off the office owes comes first.
  const owing = new Set(signOffRows.map((entry) => entry.office_id));
  const taskRows = inboxTasks(state)
    .filter((task) => !owing.has(task.officeId))
    .map((task) => row(task.officeId, task.task, { round: task.round }));
  return [...signOffRows, ...taskRows];
}

/** D-166: the steps besides a sign-off that wait for an office, while the Vorlage admits them. */
export function inboxTasks(
  state: ExistingVorlage,
): { officeId: string; task: InboxTask; round: number }[] {
  const tasks: { officeId: string; task: InboxTask; round: number }[] = [];
  const signOffOpen = signOffAnswerable(state.status);
  if (signOffOpen) {
    for (const signOff of Object.values(state.signOffs)) {
      if (signOff.reservation?.state === 'fulfilled') {
        tasks.push({
          officeId: signOff.officeId,
          task: 'reservationFulfilled',
          round: signOff.askedInRound,
        });
      }
    }
    const dissentOpen = Object.values(state.dissent ?? {}).some((d) => d.state === 'open');
    if (dissentOpen) tasks.push({ officeId: state.leadOfficeId, task: 'dissentOpen', round: 0 });
  }
  if (signOffOpen || state.status === 'drafting') {
    for (const participation of Object.values(state.participation ?? {})) {
      if (participation.statement === null) {
        tasks.push({
          officeId: participation.representationId,
          task: 'statementRequested',
          round: 0,
        });
      }
    }
  }
  return tasks;
}

// ---- queries ------------------------------------------------------------------------------

export interface InboxEntry {
  readonly vorlageId: string;
  readonly title: string;
  readonly leadOfficeId: string;
  readonly vorlageStatus: string;
  /**
   * Why it waits: open, withdrawn (answer taken back) or stale (text changed since the answer);
   * or another step (D-166).
   */
  readonly status: ApprovalStatus | InboxTask;
  readonly statusLabel: string;
  /**
   * The office's answer a `stale` entry was given on: `deemedGiven` when its consent was only
   * deemed after the deadline (nothing was signed), otherwise what it signed.
   */
  readonly answer: string | null;
  readonly round: number;
  readonly askedAt: string | null;
  readonly deadline: string | null;
  readonly overdue: boolean;
  readonly targetSessionDate: string;
  /** The Fassung a sign-off now has to name. */
  readonly currentTextHash: string | null;
}

interface InboxRow {
  vorlage_id: string;
  title: string;
  lead_office_id: string;
  vorlage_status: string;
  status: ApprovalStatus | InboxTask;
  answer: string | null;
  round: number;
  asked_at: string | null;
  deadline: string | null;
  target_session_date: string;
  current_text_hash: string | null;
}

/** What waits for `officeId`, earliest deadline first (no deadline last). */
export function listOfficeInbox(
  db: Database,
  officeId: string,
  now: Date,
  options: InboxPageRequest = {},
): InboxEntry[] {
  return listOfficeInboxPage(db, officeId, now, options).entries;
}

export interface InboxPageRequest {
  readonly overdueOnly?: boolean;
  readonly limit?: number;
  /** From `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** One page of an office's inbox: one SQL query, keyset-paged on (no deadline, deadline, id). */
export function listOfficeInboxPage(
  db: Database,
  officeId: string,
  now: Date,
  options: InboxPageRequest = {},
): { entries: InboxEntry[]; nextCursor: string | null } {
  const nowIso = now.toISOString();
  const where = ['office_id = ?'];
  const params: (string | number)[] = [officeId];
  if (options.overdueOnly) {
    where.push('deadline IS NOT NULL AND deadline < ?');
    params.push(nowIso);
  }
  if (options.cursor !== undefined) {
    const after = decodeCursor(options.cursor, isInboxCursor);
    where.push("(deadline IS NULL, coalesce(deadline, ''), vorlage_id) > (?, ?, ?)");
    params.push(...after);
  }
  const limit = options.limit ?? 500;
  const rows = db
    .prepare(
      `SELECT * FROM office_inbox WHERE ${where.join(' AND ')}
       ORDER BY deadline IS NULL, coalesce(deadline, ''), vorlage_id LIMIT ?`,
    )
    .all(...params, limit + 1) as InboxRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((row) => toInboxEntry(row, nowIso)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([last.deadline === null ? 1 : 0, last.deadline ?? '', last.vorlage_id])
        : null,
  };
}

type InboxCursor = [noDeadline: 0 | 1, deadline: string, vorlageId: string];

const isInboxCursor = (value: unknown): value is InboxCursor =>
  Array.isArray(value) &&
  value.length === 3 &&
  (value[0] === 0 || value[0] === 1) &&
  typeof value[1] === 'string' &&
  typeof value[2] === 'string';

function toInboxEntry(row: InboxRow, nowIso: string): InboxEntry {
  return {
    vorlageId: row.vorlage_id,
    title: row.title,
    leadOfficeId: row.lead_office_id,
    vorlageStatus: row.vorlage_status,
    status: row.status,
    statusLabel: isInboxTask(row.status)
      ? INBOX_TASK_LABELS[row.status]
      : APPROVAL_STATUS_LABELS[row.status],
    answer: row.answer,
    round: row.round,
    askedAt: row.asked_at,
    deadline: row.deadline,
    overdue: isOverdue(row.deadline, true, nowIso),
    targetSessionDate: row.target_session_date,
    currentTextHash: row.current_text_hash,
  };
}

/** How many items wait for each office (badges); offices with none are absent. */
/** How many items wait for one office (a range of the primary key, not a count of every office). */
export function countOfficeInbox(db: Database, officeId: string): number {
  const row = db
    .prepare('SELECT COUNT(*) AS n FROM office_inbox WHERE office_id = ?')
    .get(officeId) as { n: number };
  return row.n;
}
