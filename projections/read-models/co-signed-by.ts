// Read model: section 10 "Die Vorlage hat mitgezeichnet" — generated from the sign-off events, never
// typed: the offices holding a valid approval of the current text, in catalogue order.
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';
import type { Row, TableSpec } from '../row-sync';
import type { VorlageView } from '../vorlage-view';
import { approvalRows, officeName, parseScope } from './approval-view';
import type { SectionKey } from '../../domain/text/sections';
import { formatScope } from '../../wording/format';
import { APPROVAL_STATUS_LABELS, type ApprovalStatus } from '../../wording/labels';

export const CO_SIGNED_TABLE: TableSpec = {
  table: 'co_signed_by',
  key: ['vorlage_id', 'office_id'],
  columns: [
    'vorlage_id',
    'office_id',
    'sort_order',
    'status',
    'signer_name',
    'in_vertretung_for_name',
    'signed_at',
    'fassung_hash',
    'scope',
  ],
  readModel: READ_MODELS.coSignedBy,
  changeKey: 'vorlage_id',
};

export const CO_SIGNED_DDL = `
  CREATE TABLE IF NOT EXISTS co_signed_by (
    vorlage_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    status TEXT NOT NULL,
    signer_name TEXT,
    in_vertretung_for_name TEXT,
    signed_at TEXT,
    fassung_hash TEXT NOT NULL,
    scope TEXT,
    PRIMARY KEY (vorlage_id, office_id)
  ) STRICT;
`;

const CO_SIGNING: readonly string[] = ['approved', 'approvedWithRemarks', 'deemedGiven'];

export function coSignedRows(
  view: VorlageView,
  approvals: readonly Row[] = approvalRows(view),
): Row[] {
  return approvals
    .filter((row) => CO_SIGNING.includes(String(row.status)))
    .map((row) => ({
      vorlage_id: view.vorlageId,
      office_id: row.office_id ?? null,
      sort_order: row.sort_order ?? null,
      status: row.status ?? null,
      signer_name: row.signer_name ?? null,
      in_vertretung_for_name: row.in_vertretung_for_name ?? null,
      signed_at: row.answered_at ?? null,
      fassung_hash: row.fassung_hash ?? null,
      scope: row.scope ?? null,
    }));
}

// ---- queries ------------------------------------------------------------------------------

export interface CoSigningOffice {
  readonly officeId: string;
  readonly officeName: string;
  readonly status: ApprovalStatus;
  readonly statusLabel: string;
  readonly signerName: string | null;
  readonly inVertretungFor: string | null;
  readonly signedAt: string | null;
  readonly fassungHash: string;
  /** D-150: the sections covered; null = the whole text. */
  readonly scope: readonly SectionKey[] | null;
}

export interface CoSignedBySection {
  readonly number: 10;
  readonly label: 'Die Vorlage hat mitgezeichnet';
  readonly offices: readonly CoSigningOffice[];
  /** The section's text as printed: the office names, or "./." when none has co-signed. */
  readonly text: string;
}

/** D-152: section 10 names an office's scope where it is not the whole text. */
function coSigningText(office: CoSigningOffice): string {
  return office.scope ? `${office.officeName} (${formatScope(office.scope)})` : office.officeName;
}

export function getCoSignedBy(db: Database, vorlageId: string): CoSignedBySection {
  const rows = db
    .prepare('SELECT * FROM co_signed_by WHERE vorlage_id = ? ORDER BY sort_order, office_id')
    .all(vorlageId) as {
    office_id: string;
    status: ApprovalStatus;
    signer_name: string | null;
    in_vertretung_for_name: string | null;
    signed_at: string | null;
    fassung_hash: string;
    scope: string | null;
  }[];
  const offices = rows.map((row) => ({
    officeId: row.office_id,
    officeName: officeName(row.office_id),
    status: row.status,
    statusLabel: APPROVAL_STATUS_LABELS[row.status],
    signerName: row.signer_name,
    inVertretungFor: row.in_vertretung_for_name,
    signedAt: row.signed_at,
    fassungHash: row.fassung_hash,
    scope: parseScope(row.scope),
  }));
  return {
    number: 10,
    label: 'Die Vorlage hat mitgezeichnet',
    offices,
    text: offices.length === 0 ? './.' : offices.map(coSigningText).join(', '),
  };
}
