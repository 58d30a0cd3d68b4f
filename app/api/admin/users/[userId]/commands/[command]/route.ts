// Directory commands on one user: role, office, password, (de)activation, deputy arrangements (admins
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
import { assertNotLastAdmin } from '../../../../../../_lib/admins';
import { endOtherSessions } from '../../../../../../_lib/auth';
import { hashPassword } from '../../../../../../../platform/passwords';
import { services } from '../../../../../../_lib/services';
import { ChangePasswordRequestSchema, userCommandTypeFor } from '../../../../schemas';

/**
 * After these, old session cookies of the user must not work (a reactivation must not revive them;
 * an office change must not leave an open editor with the old office's rights).
 */
const SESSION_ENDING = new Set([
  'ChangeUserPassword',
  'ChangeUserOffice',
  'DeactivateUser',
  'ReactivateUser',
]);

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
    if (type === 'ChangeUserRole' || type === 'DeactivateUser') {
      await assertNotLastAdmin(userId, type === 'ChangeUserRole' ? body.role : undefined);
    }
    const commandId = await requestCommandId(request, user, `${type}\u0000${userId}`);
    const result = await services().directory.handle({
      type,
      data,
      metadata: commandMetadata(request, user, commandId),
    });
    if (SESSION_ENDING.has(type)) await endOtherSessions(userId);
    return Response.json({ status: result.status, position: result.position.toString() });
  });
}
