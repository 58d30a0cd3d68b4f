// The comment threads of one Vorlage (D-130…D-134), for whoever may read it. `?after=<position>`
// waits until the read models include the user's last command.
import { getDiscussion } from '../../../../../projections/queries';
import { vorlageRoute } from '../../../../_lib/http';
import { services } from '../../../../_lib/services';
import { awaitPosition, loadReadableVorlage } from '../../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (request, user, id) => {
  await loadReadableVorlage(user, id);
  await awaitPosition(new URL(request.url).searchParams.get('after'));
  return Response.json(
    { threads: getDiscussion(services().readModels(), id) },
    { headers: { 'cache-control': 'no-store' } },
  );
});
