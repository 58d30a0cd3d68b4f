// The Vorlagen a user may read (GET, filtered) and creating a new one from the template (POST).
import { createVorlage } from '../../../domain/application/create-vorlage';
import { yjsInitialText } from '../../../editor/initial-text';
import {
  commandMetadata,
  handle,
  parseInput,
  readJson,
  requestCommandId,
  requireUser,
} from '../../_lib/http';
import { listReadableVorlagen } from '../../_lib/read-models';
import { services } from '../../_lib/services';
import { templateText, newVorlageId } from '../../_lib/template';
import { CreateVorlageRequestSchema, ListVorlagenQuerySchema } from './schemas';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const params = new URL(request.url).searchParams;
    const query = parseInput(ListVorlagenQuerySchema, {
      ...Object.fromEntries(params),
      ...(params.has('status') ? { status: params.getAll('status') } : {}),
    });
    const page = listReadableVorlagen(user, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.leadOffice ? { leadOfficeId: query.leadOffice } : {}),
      ...(query.sessionUntil ? { targetSessionUntil: query.sessionUntil } : {}),
      ...(query.q ? { query: query.q } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      overdueOnly: query.overdue !== undefined,
      limit: query.limit,
    });
    return Response.json({ vorlagen: page.entries, nextCursor: page.nextCursor });
  });
}

export async function POST(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const input = parseInput(CreateVorlageRequestSchema, await readJson(request));
    const commandId = await requestCommandId(request, user, 'CreateVorlage');
    const vorlageId = newVorlageId(input.targetSessionDate, commandId);
    const { store, vorlagen } = services();
    const result = await createVorlage(
      { store, vorlagen, text: yjsInitialText },
      {
        vorlageId,
        title: input.title,
        leadOfficeId: input.leadOfficeId,
        rapporteur: { name: input.rapporteurName, userId: null },
        targetSessionDate: input.targetSessionDate,
        initialText: templateText(input.title, input.rapporteurName),
      },
      commandMetadata(request, user, commandId),
    );
    return Response.json({ vorlageId, position: result.position.toString() }, { status: 201 });
  });
}
