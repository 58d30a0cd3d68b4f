// Directory commands on one user: role, password, (de)activation, deputy arrangements (admins
// only, decided by the domain). A new password is hashed here; only the hash enters the event.
import {
  commandMetadata,
  handle,
  HttpError,
  parseInput,
  readJsonObject,
  requestCommandId,
  requireUser,
} from '../../../../../../_lib/http';
import { hashPassword } from '../../../../../../_lib/passwords';
import { services } from '../../../../../../_lib/services';
import { ChangePasswordRequestSchema, userCommandTypeFor } from '../../../../schemas';

export async function POST(
  request: Request,
  context: { params: Promise<{ userId: string; command: string }> },
): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { userId, command } = await context.params;
    const type = userCommandTypeFor(command);
    if (!type) throw new HttpError('not_found');
    const body = await readJsonObject(request);
    const data =
      type === 'ChangeUserPassword'
        ? {
            userId,
            passwordHash: await hashPassword(
              parseInput(ChangePasswordRequestSchema, body).password,
            ),
          }
        : { ...body, userId };
    const commandId = await requestCommandId(request, user, `${type}\u0000${userId}`);
    const result = await services().directory.handle({
      type,
      data,
      metadata: commandMetadata(request, user, commandId),
    });
    return Response.json({ status: result.status, position: result.position.toString() });
  });
}
