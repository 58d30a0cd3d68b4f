// The office catalogue, for pickers in the UI.
import { OFFICE_CATALOGUE } from '../../../domain/offices/catalogue';
import { handle, requireUser } from '../../_lib/http';

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    await requireUser();
    return Response.json({ offices: OFFICE_CATALOGUE });
  });
}
