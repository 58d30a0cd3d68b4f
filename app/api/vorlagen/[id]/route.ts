// One Vorlage as the UI shows it: dashboard entry, text state, approvals, section 10 and what the
// user may do. `?after=<position>` waits until the read models include the user's last command.
import {
  getApprovalView,
  getCoSignedBy,
  getDashboardEntry,
  getDiscussion,
  getTextState,
} from '../../../../projections/queries';
import { proposalOverview } from '../../../../domain/vorlage/proposal-decisions';
import { HttpError, vorlageRoute } from '../../../_lib/http';
import { services } from '../../../_lib/services';
import { awaitPosition, loadReadableVorlage, permissionsOf } from '../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (request, user, id) => {
  const state = await loadReadableVorlage(user, id);
  await awaitPosition(new URL(request.url).searchParams.get('after'));
  const db = services().readModels();
  const now = new Date();
  const vorlage = getDashboardEntry(db, id, now);
  if (!vorlage) throw new HttpError('vorlage_not_found');
  return Response.json({
    vorlage,
    text: getTextState(db, id),
    approvals: getApprovalView(db, id, now),
    coSignedBy: getCoSignedBy(db, id),
    discussion: getDiscussion(db, id),
    permissions: permissionsOf(user, state),
    // D-147: internal (this endpoint needs a signed-in reader); never in the public export.
    proposalOverview: proposalOverview(state),
  });
});
