// The query API of the read models for the app (server side): open the read-model file read-only
// once, then call these functions; each returns plain typed objects. "Overdue" needs the current
// time, so queries that report it take `now`.
import type { SqliteDatabase } from './read-model-db.ts';

export { openReadModelDbReadOnly as openReadModels } from './read-model-db.ts';
export type { SqliteDatabase as ReadModelDb } from './read-model-db.ts';
export {
  APPROVAL_STATUS_LABELS,
  getApprovalView,
  getApprovalViews,
  type ApprovalEntry,
  type ApprovalStatus,
  type StaleSection,
} from './read-models/approval-view.ts';
export {
  countOfficeInboxes,
  listOfficeInbox,
  listOfficeInboxPage,
  type InboxEntry,
  type InboxPageRequest,
} from './read-models/office-inbox.ts';
export { InvalidCursorError } from './read-models/page-cursor.ts';
export { type ListViewer } from './read-models/vorlage-access.ts';
export {
  getDashboardEntry,
  listDashboard,
  listDashboardPage,
  summarizeDashboard,
  VORLAGE_STATUS_LABELS,
  type DashboardEntry,
  type DashboardFilter,
  type DashboardPage,
  type DashboardPageRequest,
  type DashboardTotals,
} from './read-models/spk-dashboard.ts';
export {
  getAuditHistory,
  type AuditEntry,
  type AuditHistory,
  type ChainStatus,
} from './read-models/audit-history.ts';
export {
  getCoSignedBy,
  type CoSignedBySection,
  type CoSigningOffice,
} from './read-models/co-signed-by.ts';
export { getTextState, type SectionState, type TextState } from './read-models/text-state.ts';
export { readCheckpoints } from './read-model-db.ts';

/** The position every read model has reached (null before the first event), e.g. for a status line. */
export function readModelsPosition(db: SqliteDatabase): bigint | null {
  const rows = db
    .prepare('SELECT position FROM projection_checkpoints')
    .safeIntegers(true)
    .pluck()
    .all() as (bigint | null)[];
  if (rows.length === 0 || rows.some((position) => position === null)) return null;
  return (rows as bigint[]).reduce((lowest, position) => (position < lowest ? position : lowest));
}
