// Read model: the SPK dashboard — every Vorlage with its state, sign-offs done / asked, the offices
// it waits for (overdue ones computed at query time from their deadlines), and the target session.
import type { VorlageStatus } from '../../domain/vorlage/state';
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';
import type { Row, TableSpec } from '../row-sync';
import { currentFassung, type VorlageView } from '../vorlage-view';
import { stageComplete } from '../../domain/vorlage/plan';
import {
  isStanding,
  refusalDisagreements,
  type RefusalDisagreementEntry,
} from '../../domain/vorlage/disagreements';
import { approvalRows, officeName, officeSortOrder } from './approval-view';
import { VORLAGE_STATUS_LABELS } from '../../wording/labels';
import { accessCondition, type ListViewer } from './vorlage-access';
import { decodeCursor, encodeCursor } from './page-cursor';

export const DASHBOARD_TABLE: TableSpec = {
  table: 'spk_dashboard',
  key: ['vorlage_id'],
  columns: [
    'vorlage_id',
    'title',
    'lead_office_id',
    'status',
    'rapporteur_name',
    'target_session_date',
    'session_date',
    'asked_count',
    'done_count',
    'refused_count',
    'stale_count',
    'open_count',
    'waiting_offices',
    'next_deadline',
    'editing_locked',
    'submission_overridden',
    'decision_outcome',
    'bvv_number',
    'created_at',
    'updated_at',
    'search_text',
    'plan',
    'disagreements',
    'participation',
  ],
  readModel: READ_MODELS.spkDashboard,
  changeKey: 'vorlage_id',
};

export const DASHBOARD_DDL = `
  CREATE TABLE IF NOT EXISTS spk_dashboard (
    vorlage_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    lead_office_id TEXT NOT NULL,
    status TEXT NOT NULL,
    rapporteur_name TEXT NOT NULL,
    target_session_date TEXT NOT NULL,
    session_date TEXT,
    asked_count INTEGER NOT NULL,
    done_count INTEGER NOT NULL,
    refused_count INTEGER NOT NULL,
    stale_count INTEGER NOT NULL,
    open_count INTEGER NOT NULL,
    waiting_offices TEXT NOT NULL,
    next_deadline TEXT,
    editing_locked INTEGER NOT NULL,
    submission_overridden INTEGER NOT NULL,
    decision_outcome TEXT,
    bvv_number TEXT,
    created_at TEXT,
    updated_at TEXT,
    search_text TEXT NOT NULL,
    plan TEXT,
    disagreements TEXT,
    participation TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS spk_dashboard_by_session
    ON spk_dashboard (target_session_date, title, vorlage_id);
`;

interface WaitingOffice {
  readonly officeId: string;
  readonly status: string;
  readonly deadline: string | null;
}

const VALID = new Set(['approved', 'approvedWithRemarks', 'deemedGiven']);

export function dashboardRows(
  view: VorlageView,
  approvals: readonly Row[] = approvalRows(view),
): Row[] {
  const state = view.lifecycle;
  if (state.status === 'none') return [];
  const count = (predicate: (row: Row) => boolean) => approvals.filter(predicate).length;
  const waiting: WaitingOffice[] = approvals
    .filter((row) => row.actionable === 1)
    .map((row) => ({
      officeId: String(row.office_id),
      status: String(row.status),
      deadline: (row.deadline as string | null) ?? null,
    }))
    .sort((a, b) => (a.officeId < b.officeId ? -1 : 1));
  const deadlines = waiting.flatMap((office) => (office.deadline ? [office.deadline] : [])).sort();
  const submission = 'submission' in state ? state.submission : null;
  const decision = 'decision' in state ? state.decision : null;
  return [
    {
      vorlage_id: view.vorlageId,
      title: state.title,
      lead_office_id: state.leadOfficeId,
      status: state.status,
      rapporteur_name: state.rapporteur.name,
      target_session_date: state.targetSessionDate,
      session_date: submission?.sessionDate ?? null,
      asked_count: approvals.length,
      done_count: count((row) => VALID.has(String(row.status))),
      refused_count: count((row) => row.status === 'refused'),
      stale_count: count((row) => row.status === 'stale'),
      open_count: count((row) => row.status === 'open' || row.status === 'withdrawn'),
      waiting_offices: JSON.stringify(waiting),
      next_deadline: deadlines[0] ?? null,
      editing_locked: state.editing.locked ? 1 : 0,
      submission_overridden: submission?.overridden ? 1 : 0,
      decision_outcome: decision?.outcome ?? null,
      bvv_number: state.status === 'published' ? state.bvvNumber : null,
      created_at: view.createdAt,
      updated_at: view.updatedAt,
      search_text: searchTextOf(state.title, view.vorlageId),
      plan: planJson(view),
      disagreements: disagreementsJson(view),
      participation: participationJson(view),
    },
  ];
}

/** D-153: a stage of the sign-off plan as the overview and the approval view show it. */
export interface PlanStageEntry {
  readonly stage: number;
  readonly name: string;
  readonly officeIds: readonly string[];
  /** complete (D-154), running (requested, not complete) or waiting (not yet requested). */
  readonly state: 'complete' | 'running' | 'waiting';
}

/** D-164: the involved representations with their statements, in catalogue order. */
export interface ParticipationEntry {
  readonly representationId: string;
  readonly statement: string | null;
  readonly by: string | null;
}

function participationJson(view: VorlageView): string | null {
  const state = view.lifecycle;
  if (state.status === 'none' || !state.participation) return null;
  const entries: ParticipationEntry[] = Object.values(state.participation)
    .sort((a, b) => officeSortOrder(a.representationId) - officeSortOrder(b.representationId))
    .map((entry) => ({
      representationId: entry.representationId,
      statement: entry.statement,
      by: entry.by?.displayName ?? null,
    }));
  return entries.length > 0 ? JSON.stringify(entries) : null;
}

/** D-161: the block "Verbliebene Meinungsverschiedenheiten" as stored; null when there is none. */
function disagreementsJson(view: VorlageView): string | null {
  const entries = refusalDisagreements(view.lifecycle);
  return entries.length > 0 ? JSON.stringify(entries) : null;
}

function planJson(view: VorlageView): string | null {
  const state = view.lifecycle;
  const fassung = currentFassung(view);
  if (state.status === 'none' || !state.plan || !fassung) return null;
  const stages: PlanStageEntry[] = state.plan.stages.map((stage) => ({
    stage: stage.stage,
    name: stage.name,
    officeIds: stage.officeIds,
    state:
      stage.requestedInRound === null
        ? 'waiting'
        : stageComplete(state, stage, fassung)
          ? 'complete'
          : 'running',
  }));
  return JSON.stringify(stages);
}

/** What the list's search matches: title and id, lower-cased as German text (SQLite's lower() is ASCII only). */
export function searchTextOf(title: string, vorlageId: string): string {
  return `${title}\u0000${vorlageId}`.toLocaleLowerCase('de-DE');
}

// ---- queries ------------------------------------------------------------------------------

export interface DashboardEntry {
  readonly vorlageId: string;
  readonly title: string;
  readonly leadOfficeId: string;
  readonly leadOfficeName: string;
  readonly status: Exclude<VorlageStatus, 'none'>;
  readonly statusLabel: string;
  readonly rapporteurName: string;
  readonly targetSessionDate: string;
  /** The session it was submitted to, once submitted. */
  readonly sessionDate: string | null;
  readonly signOffs: {
    readonly asked: number;
    /** Valid approvals on the current text (zugestimmt, mit Anmerkungen, gilt als erteilt). */
    readonly done: number;
    readonly refused: number;
    readonly stale: number;
    readonly open: number;
  };
  /** Offices the Vorlage waits for, with their deadlines. */
  readonly waitingOffices: readonly (WaitingOffice & { readonly overdue: boolean })[];
  readonly overdueOfficeIds: readonly string[];
  readonly nextDeadline: string | null;
  readonly editingLocked: boolean;
  readonly submissionOverridden: boolean;
  readonly decisionOutcome: string | null;
  readonly bvvNumber: string | null;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  /** D-153: the stages of the sign-off plan; null for a single parallel round. */
  readonly plan: readonly PlanStageEntry[] | null;
  /**
   * D-161: every refusal's dissent on record (internal), for the dissent panel and the overview;
   * the block adds the threads marked as dissent (D-182) from the discussion.
   */
  readonly disagreements: readonly RefusalDisagreementEntry[];
  /** Dissent still standing (open or before the board). */
  readonly openDissent: number;
  /** D-164: the employee representations involved, with their statements. */
  readonly participation: readonly ParticipationEntry[];
}

export interface DashboardFilter {
  readonly status?: readonly Exclude<VorlageStatus, 'none'>[];
  readonly leadOfficeId?: string;
  /** Only Vorlagen with at least one overdue office at `now`. */
  readonly overdueOnly?: boolean;
  /** Target session on or before this date (YYYY-MM-DD). */
  readonly targetSessionUntil?: string;
  /** Title or id contains this text (case-insensitive, German). */
  readonly query?: string;
  readonly limit?: number;
}

export interface DashboardPageRequest extends DashboardFilter {
  /** Whose Vorlagen: all (default), or those an office takes part in (vorlage_access). */
  readonly viewer?: ListViewer;
  /** From `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string;
}

export interface DashboardPage {
  readonly entries: DashboardEntry[];
  /** Present when more entries follow: pass it as `cursor` for the next page. */
  readonly nextCursor: string | null;
}

interface DashboardRow {
  vorlage_id: string;
  title: string;
  lead_office_id: string;
  status: Exclude<VorlageStatus, 'none'>;
  rapporteur_name: string;
  target_session_date: string;
  session_date: string | null;
  asked_count: number;
  done_count: number;
  refused_count: number;
  stale_count: number;
  open_count: number;
  waiting_offices: string;
  next_deadline: string | null;
  editing_locked: number;
  submission_overridden: number;
  decision_outcome: string | null;
  bvv_number: string | null;
  created_at: string | null;
  updated_at: string | null;
  plan: string | null;
  disagreements: string | null;
  participation: string | null;
}

const DEFAULT_LIMIT = 1000;

/** Every Vorlage matching the filter, by target session then title (the first `limit`). */
export function listDashboard(
  db: Database,
  now: Date,
  filter: DashboardFilter = {},
): DashboardEntry[] {
  return listDashboardPage(db, now, filter).entries;
}

/**
 * One page of the Vorlagen a viewer may see, by target session, title and id: one SQL query (the
 * access rule is a join on vorlage_access), keyset-paged so a page costs the same at any depth.
 */
export function listDashboardPage(
  db: Database,
  now: Date,
  request: DashboardPageRequest = {},
): DashboardPage {
  const nowIso = now.toISOString();
  const { where, params } = dashboardCondition(request, nowIso);
  if (request.cursor !== undefined) {
    const after = decodeCursor(request.cursor, isDashboardCursor);
    where.push('(d.target_session_date, d.title, d.vorlage_id) > (?, ?, ?)');
    params.push(...after);
  }
  const limit = request.limit ?? DEFAULT_LIMIT;
  const rows = db
    .prepare(
      `SELECT d.* FROM spk_dashboard d WHERE ${where.join(' AND ')}
       ORDER BY d.target_session_date, d.title, d.vorlage_id LIMIT ?`,
    )
    .all(...params, limit + 1) as DashboardRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((row) => toDashboardEntry(row, nowIso)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([last.target_session_date, last.title, last.vorlage_id])
        : null,
  };
}

/** Figures over every Vorlage a list request matches (all its pages, not one). */
export interface DashboardTotals {
  readonly count: number;
  readonly inSignOff: number;
  /** Vorlagen with at least one overdue office at `now`. */
  readonly overdue: number;
  /** Vorlagen with at least one refusal. */
  readonly refused: number;
  /** Asked sign-offs not validly given: open, withdrawn, stale or refused. */
  readonly missingSignOffs: number;
}

/** The totals of a list request (filter and viewer; paging ignored) in one SQL aggregate. */
export function summarizeDashboard(
  db: Database,
  now: Date,
  request: Omit<DashboardPageRequest, 'cursor' | 'limit'> = {},
): DashboardTotals {
  const nowIso = now.toISOString();
  const { where, params } = dashboardCondition(request, nowIso);
  const row = db
    .prepare(
      `SELECT count(*) AS count,
         coalesce(sum(d.status = 'inSignOff'), 0) AS inSignOff,
         coalesce(sum(d.next_deadline IS NOT NULL AND d.next_deadline < ?), 0) AS overdue,
         coalesce(sum(d.refused_count > 0), 0) AS refused,
         coalesce(sum(d.open_count + d.stale_count + d.refused_count), 0) AS missingSignOffs
       FROM spk_dashboard d WHERE ${where.join(' AND ')}`,
    )
    .get(nowIso, ...params) as DashboardTotals;
  return { ...row };
}

/** The WHERE conditions (on alias `d`) of a list request's viewer and filter. */
function dashboardCondition(
  request: Omit<DashboardPageRequest, 'cursor' | 'limit'>,
  nowIso: string,
): { where: string[]; params: (string | number)[] } {
  const access = accessCondition(request.viewer ?? { scope: 'all' });
  const where: string[] = [access.sql];
  const params: (string | number)[] = [...access.params];
  if (request.status?.length) {
    where.push(`d.status IN (${request.status.map(() => '?').join(', ')})`);
    params.push(...request.status);
  }
  if (request.leadOfficeId) {
    where.push('d.lead_office_id = ?');
    params.push(request.leadOfficeId);
  }
  if (request.targetSessionUntil) {
    where.push('d.target_session_date <= ?');
    params.push(request.targetSessionUntil);
  }
  if (request.overdueOnly) {
    where.push('d.next_deadline IS NOT NULL AND d.next_deadline < ?');
    params.push(nowIso);
  }
  const needle = request.query?.trim().toLocaleLowerCase('de-DE');
  if (needle) {
    where.push('instr(d.search_text, ?) > 0');
    params.push(needle);
  }
  return { where, params };
}

type DashboardCursor = [targetSessionDate: string, title: string, vorlageId: string];

const isDashboardCursor = (value: unknown): value is DashboardCursor =>
  Array.isArray(value) && value.length === 3 && value.every((part) => typeof part === 'string');

export function getDashboardEntry(
  db: Database,
  vorlageId: string,
  now: Date,
): DashboardEntry | null {
  const row = db.prepare('SELECT * FROM spk_dashboard WHERE vorlage_id = ?').get(vorlageId) as
    DashboardRow | undefined;
  return row ? toDashboardEntry(row, now.toISOString()) : null;
}

function toDashboardEntry(row: DashboardRow, nowIso: string): DashboardEntry {
  const waiting = (JSON.parse(row.waiting_offices) as WaitingOffice[]).map((office) => ({
    ...office,
    overdue: office.deadline !== null && office.deadline < nowIso,
  }));
  return {
    vorlageId: row.vorlage_id,
    title: row.title,
    leadOfficeId: row.lead_office_id,
    leadOfficeName: officeName(row.lead_office_id),
    status: row.status,
    statusLabel: VORLAGE_STATUS_LABELS[row.status],
    rapporteurName: row.rapporteur_name,
    targetSessionDate: row.target_session_date,
    sessionDate: row.session_date,
    signOffs: {
      asked: row.asked_count,
      done: row.done_count,
      refused: row.refused_count,
      stale: row.stale_count,
      open: row.open_count,
    },
    waitingOffices: waiting,
    overdueOfficeIds: waiting.filter((office) => office.overdue).map((office) => office.officeId),
    nextDeadline: row.next_deadline,
    editingLocked: row.editing_locked === 1,
    submissionOverridden: row.submission_overridden === 1,
    decisionOutcome: row.decision_outcome,
    bvvNumber: row.bvv_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    plan: row.plan === null ? null : (JSON.parse(row.plan) as PlanStageEntry[]),
    ...disagreementsOf(row.disagreements),
    participation:
      row.participation === null ? [] : (JSON.parse(row.participation) as ParticipationEntry[]),
  };
}

function disagreementsOf(json: string | null) {
  const disagreements = json === null ? [] : (JSON.parse(json) as RefusalDisagreementEntry[]);
  return { disagreements, openDissent: disagreements.filter(isStanding).length };
}
