// Registering an office beyond the seeded catalogue (admins only, decided by the domain).
import {
  commandMetadata,
  handle,
  readJsonObject,
  requestCommandId,
  requireUser,
} from '../../../_lib/http';
import { services } from '../../../_lib/services';

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const body = await readJsonObject(request);
    const commandId = await requestCommandId(
      request,
      user,
      `RegisterOffice\u0000${String(body.officeId)}`,
    );
    const result = await services().directory.handle({
      type: 'RegisterOffice',
      data: body,
      metadata: commandMetadata(request, user, commandId),
    });
    return Response.json(
      { status: result.status, position: result.position.toString() },
      { status: 201 },
    );
  });
}
