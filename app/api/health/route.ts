// Health of the product as the app sees it, for load balancers and operators: 200 `ok` when the
// event store, the projection service and the collab server answer; 503 `degraded` naming the part
// that does not (e.g. while the start script restarts it). Liveness alone: /api/health/live.
import { probeParts } from '../../_lib/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const parts = await probeParts();
  const healthy = Object.values(parts).every((state) => state === 'ok');
  return Response.json(
    { status: healthy ? 'ok' : 'degraded', service: 'app', parts },
    { status: healthy ? 200 : 503 },
  );
}
