// Runs one discussion command (start a thread, reply, Erledigt, Wieder öffnen) on a Vorlage. The
// body is the command's data without the Vorlage id; the domain validates it and decides, including
// every authorization rule (D-130, D-131). Who may not read the Vorlage learns nothing: the read
// check runs on the lifecycle before the command's own rules.
import {
  commandMetadata,
  HttpError,
  readJsonObject,
  requestCommandId,
  vorlageRoute,
} from '../../../../../_lib/http';
import { services } from '../../../../../_lib/services';
import { assertReadable, loadReadableVorlage } from '../../../../../_lib/vorlage-access';
import { discussionCommandTypeFor } from './commands';

export const POST = vorlageRoute<{ id: string; command: string }>(
  async (request, user, id, params) => {
    const type = discussionCommandTypeFor(params.command);
    if (!type) throw new HttpError('not_found');
    // 404 / 403 before anything is parsed, so a refusal tells an outsider nothing.
    await loadReadableVorlage(user, id);
    const body = await readJsonObject(request);
    const commandId = await requestCommandId(request, user, `${type}\u0000${id}`);
    const result = await services().discussion.handle(
      {
        type,
        data: { ...body, vorlageId: id },
        metadata: commandMetadata(request, user, commandId),
      },
      { check: (state) => void assertReadable(user, state) },
    );
    return Response.json(
      {
        position: result.position.toString(),
        revision: result.revision.toString(),
        events: result.events.map((event) => ({ type: event.type, id: event.id })),
      },
      result.status === 'alreadyApplied' ? { headers: { 'idempotent-replayed': 'true' } } : {},
    );
  },
);
