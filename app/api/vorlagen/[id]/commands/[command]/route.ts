// Runs one lifecycle command on a Vorlage. The body is the command's data without the Vorlage id;
// the domain validates it and decides, including every authorization rule.
import {
  commandMetadata,
  handle,
  HttpError,
  readJsonObject,
  requestCommandId,
  requireUser,
} from '../../../../../_lib/http';
import { services } from '../../../../../_lib/services';
import { loadReadableVorlage } from '../../../../../_lib/vorlage-access';
import { assertOfficesCanSignOff } from '../../../../../_lib/sign-off-offices';
import { commandTypeFor } from './commands';

export async function POST(
  request: Request,
  context: { params: Promise<{ id: string; command: string }> },
): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { id, command } = await context.params;
    const type = commandTypeFor(command);
    if (!type) throw new HttpError('not_found');
    // Whoever may not read the Vorlage learns nothing from a command's refusal (its status, the
    // offices asked): 403 first. Everyone the domain lets act on a Vorlage may also read it.
    await loadReadableVorlage(user, id);
    const body = await readJsonObject(request);
    if (type === 'RequestSignOffs') await assertOfficesCanSignOff(body.officeIds);
    const commandId = await requestCommandId(request, user, `${type}\u0000${id}`);
    const result = await services().vorlagen.handle({
      type,
      data: { ...body, vorlageId: id },
      metadata: commandMetadata(request, user, commandId),
    });
    return Response.json({
      status: result.status,
      position: result.position.toString(),
      revision: result.revision.toString(),
      events: result.events.map((event) => ({ type: event.type })),
    });
  });
}
