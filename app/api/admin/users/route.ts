// Registering a local account (admins only, decided by the domain). The password is hashed here
// (argon2id); only the hash enters the event.
import { userIdForLogin } from '../../../../domain/directory/decider';
import {
  commandMetadata,
  handle,
  parseInput,
  readJsonObject,
  requestCommandId,
  requireUser,
} from '../../../_lib/http';
import { hashPassword } from '../../../../platform/passwords';
import { services } from '../../../_lib/services';
import { RegisterUserRequestSchema } from '../schemas';

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { password, ...input } = parseInput(
      RegisterUserRequestSchema,
      await readJsonObject(request),
    );
    const userId = await userIdForLogin(input.login);
    const commandId = await requestCommandId(request, user, `RegisterUser\u0000${userId}`);
    const result = await services().directory.handle({
      type: 'RegisterUser',
      data: { ...input, userId, passwordHash: await hashPassword(password) },
      metadata: commandMetadata(request, user, commandId),
    });
    return Response.json(
      { userId, status: result.status, position: result.position.toString() },
      { status: 201 },
    );
  });
}
