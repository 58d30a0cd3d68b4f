// Read model: the approval view of one Vorlage — every asked office with its status (offen,
// zugestimmt, zugestimmt mit Anmerkungen, abgelehnt, zurückgezogen, veraltet, gilt als erteilt),
// who answered when on which Fassung, remarks or reason, deadline, and (at query time) overdue.
import { findCatalogueOffice, OFFICE_CATALOGUE } from '../../domain/offices/catalogue';
import { TEXT_SECTIONS, type SectionKey } from '../../domain/text/sections';
import type { TextAuthor } from '../../domain/text/text-events';
import {
  currentExtension,
  effectiveDeadline,
  signOffAnswerable,
  signOffStanding,
  type DeadlineExtension,
  type OfficeSignOff,
  type Reservation,
} from '../../domain/vorlage/state';
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';
import { utcTimestamp, type Row, type TableSpec } from '../row-sync';
import { currentFassung, type VorlageView } from '../vorlage-view';
import { APPROVAL_STATUS_LABELS, type ApprovalStatus } from '../../wording/labels';
import { formatScope, namedFassung } from '../../wording/format';

/** Statuses that wait for the office to act (answer, or answer again on the current text). */
export const NEEDS_ACTION: readonly ApprovalStatus[] = ['open', 'withdrawn', 'stale'];

export const APPROVAL_TABLE: TableSpec = {
  table: 'approval_view',
  key: ['vorlage_id', 'office_id'],
  columns: [
    'vorlage_id',
    'office_id',
    'sort_order',
    'status',
    'answer',
    'asked_in_round',
    'answered_in_round',
    'asked_at',
    'asked_by_name',
    'deadline',
    'deemed_given_policy',
    'requested_fassung_hash',
    'signer_user_id',
    'signer_name',
    'in_vertretung_for_name',
    'answered_at',
    'fassung_hash',
    'fassung_number',
    'fassung_named_at',
    'remarks',
    'reason',
    'withdrawn_at',
    'withdrawn_by_name',
    'withdrawal_reason',
    'stale_sections',
    'scope',
    'reservation',
    'actionable',
    'extension',
    'cited_thread_ids',
    'cited_proposal_ids',
  ],
  readModel: READ_MODELS.approvalView,
  changeKey: 'vorlage_id',
};

export const APPROVAL_DDL = `
  CREATE TABLE IF NOT EXISTS approval_view (
    vorlage_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL,
    asked_in_round INTEGER NOT NULL,
    answered_in_round INTEGER,
    asked_at TEXT,
    asked_by_name TEXT,
    deadline TEXT,
    deemed_given_policy TEXT,
    requested_fassung_hash TEXT,
    signer_user_id TEXT,
    signer_name TEXT,
    in_vertretung_for_name TEXT,
    answered_at TEXT,
    fassung_hash TEXT,
    fassung_number INTEGER,
    fassung_named_at TEXT,
    remarks TEXT,
    reason TEXT,
    withdrawn_at TEXT,
    withdrawn_by_name TEXT,
    withdrawal_reason TEXT,
    stale_sections TEXT,
    scope TEXT,
    reservation TEXT,
    actionable INTEGER NOT NULL,
    extension TEXT,
    cited_thread_ids TEXT,
    cited_proposal_ids TEXT,
    PRIMARY KEY (vorlage_id, office_id)
  ) STRICT;
`;

/** Catalogue order (seed 000) for display; offices outside the catalogue follow, by id. */
export function officeSortOrder(officeId: string): number {
  const index = OFFICE_CATALOGUE.findIndex((office) => office.id === officeId);
  return index === -1 ? OFFICE_CATALOGUE.length : index;
}

export function officeName(officeId: string): string {
  return findCatalogueOffice(officeId)?.name ?? officeId;
}

export interface StaleSection {
  readonly section: SectionKey;
  readonly label: string;
  /** The latest edit of the section: when, and the authors of that text batch. */
  readonly editedAt: string | null;
  readonly editedBy: readonly TextAuthor[];
}

/** The display status of one asked office, by the domain's standing against the current text. */
export function approvalStatus(
  view: VorlageView,
  record: OfficeSignOff,
): {
  status: ApprovalStatus;
  staleSections: StaleSection[] | null;
} {
  if (record.status === 'pending') {
    const withdrawn = view.offices[record.officeId]?.lastAction === 'withdrawn';
    return { status: withdrawn ? 'withdrawn' : 'open', staleSections: null };
  }
  if (record.status === 'refused') return { status: 'refused', staleSections: null };
  const fassung = currentFassung(view);
  const standing = fassung ? signOffStanding(record, fassung) : null;
  if (standing?.standing === 'stale') {
    const sections = (standing.changedSections ?? []).map((key) => staleSection(view, key));
    return { status: 'stale', staleSections: sections };
  }
  return { status: record.status, staleSections: null };
}

function staleSection(view: VorlageView, key: SectionKey): StaleSection {
  const edit = view.text?.sectionEdits[key];
  return {
    section: key,
    label: TEXT_SECTIONS.find((section) => section.key === key)?.label ?? key,
    editedAt: edit?.at ?? null,
    editedBy: edit?.authors ?? [],
  };
}

/** Rows of the approval view for one Vorlage: one per asked office. */
export function approvalRows(view: VorlageView): Row[] {
  const state = view.lifecycle;
  if (state.status === 'none') return [];
  const signOffOpen = signOffAnswerable(state.status);
  return Object.values(state.signOffs).map((record) => {
    const { status, staleSections } = approvalStatus(view, record);
    const round = state.rounds[record.askedInRound - 1];
    const activity = view.offices[record.officeId];
    const named = namedFassung(view.fassungen ?? [], record.fassung?.textHash);
    return {
      vorlage_id: view.vorlageId,
      office_id: record.officeId,
      sort_order: officeSortOrder(record.officeId),
      status,
      answer: record.status,
      asked_in_round: record.askedInRound,
      answered_in_round: record.answeredInRound,
      asked_at: activity?.askedAt ?? null,
      asked_by_name: activity?.askedBy?.displayName ?? null,
      // D-107: a granted Fristverlängerung moves this office's deadline.
      deadline: round
        ? utcTimestamp(effectiveDeadline(state, record.officeId) ?? round.deadline)
        : null,
      deemed_given_policy: round?.deemedGivenPolicy ?? null,
      requested_fassung_hash: round?.fassung.textHash ?? null,
      signer_user_id: record.signer?.userId ?? null,
      signer_name: record.signer?.displayName ?? null,
      in_vertretung_for_name: record.inVertretungFor?.principal.displayName ?? null,
      answered_at: activity?.answeredAt ?? null,
      fassung_hash: record.fassung?.textHash ?? null,
      fassung_number: named?.number ?? null,
      fassung_named_at: named?.at ?? null,
      remarks: record.remarks,
      reason: record.reason,
      withdrawn_at: activity?.withdrawal?.at ?? null,
      withdrawn_by_name: activity?.withdrawal?.by.displayName ?? null,
      withdrawal_reason: activity?.withdrawal?.reason ?? null,
      stale_sections: staleSections === null ? null : JSON.stringify(staleSections),
      scope: record.scope ? JSON.stringify(record.scope) : null,
      reservation: record.reservation ? JSON.stringify(record.reservation) : null,
      actionable: signOffOpen && NEEDS_ACTION.includes(status) ? 1 : 0,
      extension: extensionJson(currentExtension(state, record.officeId)),
      cited_thread_ids: record.citedThreadIds ? JSON.stringify(record.citedThreadIds) : null,
      cited_proposal_ids: record.citedProposalIds ? JSON.stringify(record.citedProposalIds) : null,
    };
  });
}

/** The office's Fristverlängerung of its current round, as the UI shows it. */
export interface ExtensionEntry {
  readonly status: 'requested' | 'granted' | 'refused';
  readonly days: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly proposedDeadline: string;
  readonly refusalReason: string | null;
}

function extensionJson(extension: DeadlineExtension | null): string | null {
  if (!extension) return null;
  const entry: ExtensionEntry = {
    status: extension.status,
    days: extension.days,
    reason: extension.reason,
    requestedBy: extension.requestedBy.displayName,
    proposedDeadline: utcTimestamp(extension.proposedDeadline),
    refusalReason: extension.refusalReason,
  };
  return JSON.stringify(entry);
}

// ---- queries ------------------------------------------------------------------------------

export interface ApprovalEntry {
  readonly officeId: string;
  readonly officeName: string;
  readonly status: ApprovalStatus;
  /** German label of the status, as the UI shows it. */
  readonly statusLabel: string;
  /** The domain's record: pending / approved / approvedWithRemarks / refused / deemedGiven. */
  readonly answer: string;
  readonly askedInRound: number;
  readonly answeredInRound: number | null;
  readonly askedAt: string | null;
  readonly askedBy: string | null;
  readonly deadline: string | null;
  readonly deemedGivenPolicy: string | null;
  /** The Fassung sent out with the office's latest request. */
  readonly requestedFassungHash: string | null;
  readonly signer: { readonly userId: string; readonly displayName: string } | null;
  /** Signed in Vertretung for this person. */
  readonly inVertretungFor: string | null;
  readonly answeredAt: string | null;
  /** The Fassung the answer names. */
  readonly fassungHash: string | null;
  /** Its number within the Vorlage and when it was first named ("Fassung 3 vom …"). */
  readonly fassungNumber: number | null;
  readonly fassungNamedAt: string | null;
  readonly remarks: string | null;
  readonly reason: string | null;
  readonly withdrawal: {
    readonly at: string;
    readonly by: string | null;
    readonly reason: string | null;
  } | null;
  /** For `stale`: the sections changed since the signed Fassung, and who last edited them when. */
  readonly staleSections: readonly StaleSection[] | null;
  /** D-150: the sections the office's sign-off covers; null = the whole text. */
  readonly scope: readonly SectionKey[] | null;
  /** The scope as the UI says it („ganze Vorlage“, „Abschnitte 5 (…), 7 (…)“). */
  readonly scopeLabel: string;
  /** D-158: the condition of a Zustimmung unter Vorbehalt and where it stands; null otherwise. */
  readonly reservation: Reservation | null;
  /** Waits for this office while the Vorlage can still be signed off. */
  readonly actionable: boolean;
  /** Actionable and past its deadline at the `now` the query was given. */
  readonly overdue: boolean;
  /** Fristverlängerung of the current round (D-105…D-107), or null. */
  readonly extension: ExtensionEntry | null;
  /** D-135: the discussion threads the answer cites. */
  readonly citedThreadIds: readonly string[];
  /** D-181: the change proposals the answer cites. */
  readonly citedProposalIds: readonly string[];
}

interface ApprovalRow {
  vorlage_id: string;
  office_id: string;
  status: ApprovalStatus;
  answer: string;
  asked_in_round: number;
  answered_in_round: number | null;
  asked_at: string | null;
  asked_by_name: string | null;
  deadline: string | null;
  deemed_given_policy: string | null;
  requested_fassung_hash: string | null;
  signer_user_id: string | null;
  signer_name: string | null;
  in_vertretung_for_name: string | null;
  answered_at: string | null;
  fassung_hash: string | null;
  fassung_number: number | null;
  fassung_named_at: string | null;
  remarks: string | null;
  reason: string | null;
  withdrawn_at: string | null;
  withdrawn_by_name: string | null;
  withdrawal_reason: string | null;
  stale_sections: string | null;
  scope: string | null;
  reservation: string | null;
  actionable: number;
  extension: string | null;
  cited_thread_ids: string | null;
  cited_proposal_ids: string | null;
}

/** Every asked office of a Vorlage, in catalogue order; [] when none was asked (or no such Vorlage). */
export function getApprovalView(db: Database, vorlageId: string, now: Date): ApprovalEntry[] {
  const rows = db
    .prepare(`SELECT * FROM approval_view WHERE vorlage_id = ? ORDER BY sort_order, office_id`)
    .all(vorlageId) as ApprovalRow[];
  const nowIso = now.toISOString();
  return rows.map((row) => toEntry(row, nowIso));
}

/** The approval views of several Vorlagen in one query (a list page's sign-off matrix). */
export function getApprovalViews(
  db: Database,
  vorlageIds: readonly string[],
  now: Date,
): Map<string, ApprovalEntry[]> {
  const rows = db
    .prepare(
      `SELECT * FROM approval_view WHERE vorlage_id IN (SELECT value FROM json_each(?))
       ORDER BY vorlage_id, sort_order, office_id`,
    )
    .all(JSON.stringify(vorlageIds)) as ApprovalRow[];
  const nowIso = now.toISOString();
  const views = new Map<string, ApprovalEntry[]>(vorlageIds.map((id) => [id, []]));
  for (const row of rows) views.get(row.vorlage_id)?.push(toEntry(row, nowIso));
  return views;
}

export function parseScope(json: string | null): SectionKey[] | null {
  return json === null ? null : (JSON.parse(json) as SectionKey[]);
}

export function isOverdue(deadline: string | null, actionable: boolean, nowIso: string): boolean {
  return actionable && deadline !== null && deadline < nowIso;
}

function toEntry(row: ApprovalRow, nowIso: string): ApprovalEntry {
  const actionable = row.actionable === 1;
  return {
    officeId: row.office_id,
    officeName: officeName(row.office_id),
    status: row.status,
    statusLabel: APPROVAL_STATUS_LABELS[row.status],
    answer: row.answer,
    askedInRound: row.asked_in_round,
    answeredInRound: row.answered_in_round,
    askedAt: row.asked_at,
    askedBy: row.asked_by_name,
    deadline: row.deadline,
    deemedGivenPolicy: row.deemed_given_policy,
    requestedFassungHash: row.requested_fassung_hash,
    signer:
      row.signer_user_id === null
        ? null
        : { userId: row.signer_user_id, displayName: row.signer_name ?? row.signer_user_id },
    inVertretungFor: row.in_vertretung_for_name,
    answeredAt: row.answered_at,
    fassungHash: row.fassung_hash,
    fassungNumber: row.fassung_number,
    fassungNamedAt: row.fassung_named_at,
    remarks: row.remarks,
    reason: row.reason,
    withdrawal:
      row.withdrawn_at === null
        ? null
        : { at: row.withdrawn_at, by: row.withdrawn_by_name, reason: row.withdrawal_reason },
    staleSections:
      row.stale_sections === null ? null : (JSON.parse(row.stale_sections) as StaleSection[]),
    scope: parseScope(row.scope),
    scopeLabel: formatScope(parseScope(row.scope)),
    reservation: row.reservation === null ? null : (JSON.parse(row.reservation) as Reservation),
    actionable,
    overdue: isOverdue(row.deadline, actionable, nowIso),
    extension: row.extension === null ? null : (JSON.parse(row.extension) as ExtensionEntry),
    citedThreadIds:
      row.cited_thread_ids === null ? [] : (JSON.parse(row.cited_thread_ids) as string[]),
    citedProposalIds:
      row.cited_proposal_ids === null ? [] : (JSON.parse(row.cited_proposal_ids) as string[]),
  };
}
