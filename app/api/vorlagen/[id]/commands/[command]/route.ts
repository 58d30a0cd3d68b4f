// Runs one lifecycle command on a Vorlage. The body is the command's data without the Vorlage id;
// the domain validates it and decides, including every authorization rule.
import {
  handle,
  HttpError,
  commandIdFor,
  commandMetadata,
  readJson,
  requireUser,
} from '../../../../../_lib/http';
import { services } from '../../../../../_lib/services';
import { loadReadableVorlage } from '../../../../../_lib/vorlage-access';
import { commandTypeFor, IdempotencyKeySchema } from './commands';

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
    const body = await readJson(request);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError('invalid_input', [
        { path: '', message: 'Erwartet wird ein JSON-Objekt.' },
      ]);
    }
    const key = IdempotencyKeySchema.safeParse(request.headers.get('idempotency-key') ?? undefined);
    if (!key.success) {
      throw new HttpError('invalid_input', [
        { path: 'Idempotency-Key', message: 'Erwartet wird eine UUID.' },
      ]);
    }
    const result = await services().vorlagen.handle({
      type,
      data: { ...body, vorlageId: id },
      metadata: commandMetadata(
        request,
        user,
        await commandIdFor(user, `${type}\u0000${id}`, key.data),
      ),
    });
    return Response.json({
      status: result.status,
      position: result.position.toString(),
      revision: result.revision.toString(),
      events: result.events.map((event) => ({ type: event.type })),
    });
  });
}
