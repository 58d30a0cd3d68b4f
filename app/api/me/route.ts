// The signed-in user and the number of sign-offs waiting for their office (for the navigation).
import { publicUser } from '../../_lib/auth';
import { handle, requireUser } from '../../_lib/http';
import { inboxCountFor } from '../../_lib/read-models';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    return Response.json({ user: publicUser(user), inboxCount: inboxCountFor(user) });
  });
}
