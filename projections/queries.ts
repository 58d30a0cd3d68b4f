// The query API of the read models for the app (server side): open the read-model file read-only
// once, then call these functions; each returns plain typed objects. "Overdue" needs the current
// time, so queries that report it take `now`.
import type { SqliteDatabase } from './read-model-db';

export { openReadModelDbReadOnly as openReadModels } from './read-model-db';
export type { SqliteDatabase as ReadModelDb } from './read-model-db';
export { type ApprovalStatus } from '../wording/labels';
export {
  getApprovalView,
  getApprovalViews,
  type ApprovalEntry,
  type StaleSection,
} from './read-models/approval-view';
export {
  countOfficeInbox,
  listOfficeInbox,
  listOfficeInboxPage,
  type InboxEntry,
  type InboxPageRequest,
} from './read-models/office-inbox';
export { InvalidCursorError } from './read-models/page-cursor';
export { type ListViewer } from './read-models/vorlage-access';
export {
  getDashboardEntry,
  listDashboard,
  listDashboardPage,
  summarizeDashboard,
  type DashboardEntry,
  type ParticipationEntry,
  type PlanStageEntry,
  type DashboardFilter,
  type DashboardPage,
  type DashboardPageRequest,
  type DashboardTotals,
} from './read-models/spk-dashboard';
export {
  getAuditHistory,
  type AuditEntry,
  type AuditHistory,
  type ChainStatus,
} from './read-models/audit-history';
export {
  getCoSignedBy,
  type CoSignedBySection,
  type CoSigningOffice,
} from './read-models/co-signed-by';
export {
  getDiscussion,
  type CommentAuthor,
  type DiscussionThread,
  type ThreadReply,
} from './read-models/discussion';
export { getTextState, type SectionState, type TextState } from './read-models/text-state';
export { readCheckpoints } from './read-model-db';

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
