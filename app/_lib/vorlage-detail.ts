// One Vorlage as the UI shows it (`GET /api/vorlagen/{id}` and the page's first paint): the read
// models' rows, the user's permissions and the internal generated blocks (D-147, D-161, D-182).
import 'server-only';
import { remainingDisagreements } from '../../domain/vorlage/disagreements';
import { proposalOverview } from '../../domain/vorlage/proposal-decisions';
import type { ExistingVorlage } from '../../domain/vorlage/state';
import {
  getApprovalView,
  getCoSignedBy,
  getDashboardEntry,
  getDiscussion,
  getTextState,
} from '../../projections/queries';
import type { VorlageDetail } from '../_features/vorlage/types';
import type { SqliteDatabase } from '../../projections/read-model-db';

/** null when the read models do not hold the Vorlage yet. */
export function readVorlageDetail(
  db: SqliteDatabase,
  state: ExistingVorlage,
  permissions: VorlageDetail['permissions'],
  now: Date,
): VorlageDetail | null {
  const id = state.vorlageId;
  const vorlage = getDashboardEntry(db, id, now);
  if (!vorlage) return null;
  const discussion = getDiscussion(db, id);
  return {
    vorlage,
    text: getTextState(db, id),
    approvals: getApprovalView(db, id, now),
    coSignedBy: getCoSignedBy(db, id),
    discussion,
    permissions,
    // Internal (a signed-in reader's view); never in the public export.
    proposalOverview: proposalOverview(state),
    disagreements: remainingDisagreements(state, discussion),
  };
}
