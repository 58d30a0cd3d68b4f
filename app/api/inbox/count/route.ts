// How many items wait in the user's office inbox (the header's badge keeps itself current with it).
import { handle, requireUser } from '../../../_lib/http';
import { inboxCountFor } from '../../../_lib/read-models';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    return Response.json(
      { count: inboxCountFor(user) },
      { headers: { 'cache-control': 'no-store' } },
    );
  });
}
