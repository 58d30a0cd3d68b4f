// One Vorlage as the UI shows it: dashboard entry, text state, approvals, section 10 and what the
// user may do. `?after=<position>` waits until the read models include the user's last command.
import { HttpError, vorlageRoute } from '../../../_lib/http';
import { services } from '../../../_lib/services';
import { readVorlageDetail } from '../../../_lib/vorlage-detail';
import { awaitPosition, loadReadableVorlage, permissionsOf } from '../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (request, user, id) => {
  const state = await loadReadableVorlage(user, id);
  await awaitPosition(new URL(request.url).searchParams.get('after'));
  const detail = readVorlageDetail(
    services().readModels(),
    state,
    permissionsOf(user, state),
    new Date(),
  );
  if (!detail) throw new HttpError('vorlage_not_found');
  return Response.json(detail);
});
