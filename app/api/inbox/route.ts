// What waits for the user's office, by deadline.
import { listOfficeInbox } from '../../../projections/queries';
import { handle, requireUser } from '../../_lib/http';
import { services } from '../../_lib/services';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const isOfficeUser = user.role === 'member' || user.role === 'signer';
    const entries = isOfficeUser
      ? listOfficeInbox(services().readModels(), user.officeId, new Date())
      : [];
    return Response.json({ entries });
  });
}
