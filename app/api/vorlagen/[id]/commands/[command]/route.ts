// Runs one lifecycle command on a Vorlage. The body is the command's data without the Vorlage id;
// the domain validates it and decides, including every authorization rule.
import {
  commandMetadata,
  handle,
  HttpError,
  isHttpError,
  readJsonObject,
  requestCommandId,
  requireUser,
} from '../../../../../_lib/http';
import { services } from '../../../../../_lib/services';
import { assertReadable, loadReadableVorlage } from '../../../../../_lib/vorlage-access';
import { isDomainError } from '../../../../../../domain/shared/errors';
import { VorlageIdSchema } from '../../../../../../domain/vorlage/commands';
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
    // An id no Vorlage can have names none; the store is not asked.
    if (!VorlageIdSchema.safeParse(id).success) throw new HttpError('vorlage_not_found');
    // Whoever may not read the Vorlage learns nothing from a command's refusal (its status, the
    // offices asked): the read check runs on the state each attempt folds, before the command's
    // own rules, so the lifecycle is read once per attempt. Everyone the domain lets act on a
    // Vorlage may also read it.
    const runCommand = async () => {
      const body = await readJsonObject(request);
      if (type === 'RequestSignOffs') await assertOfficesCanSignOff(body.officeIds);
      const commandId = await requestCommandId(request, user, `${type}\u0000${id}`);
      return services().vorlagen.handle(
        {
          type,
          data: { ...body, vorlageId: id },
          metadata: commandMetadata(request, user, commandId),
        },
        {
          check: (state) => void assertReadable(user, state),
          // D-108: a command with the client's key may be sent again: its refusal is recorded.
          recordRefusal: commandId !== undefined,
        },
      );
    };
    const result = await runCommand().catch(async (error: unknown) => {
      // Malformed input is refused before any read; its sender gets 403 / 404 all the same when
      // they may not read the Vorlage (the extra read happens on this error path only).
      if (isMalformedInput(error)) await loadReadableVorlage(user, id);
      throw error;
    });
    // D-108: a re-send answers the same body; that it was a re-send shows in a header only.
    return Response.json(
      {
        position: result.position.toString(),
        revision: result.revision.toString(),
        events: result.events.map((event) => ({ type: event.type })),
      },
      result.status === 'alreadyApplied' ? { headers: { 'idempotent-replayed': 'true' } } : {},
    );
  });
}

function isMalformedInput(error: unknown): boolean {
  return (
    (isHttpError(error) && error.code === 'invalid_input') ||
    (isDomainError(error) && error.code === 'invalid_command')
  );
}
