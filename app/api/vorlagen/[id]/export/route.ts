// The machine-readable export of a published Vorlage: OParl 1.1 Paper plus the extension
// `vorlagen:beschlussvorlage` (sections, decision, publication) — publishable content only
// (D-110); the Mitzeichnungen are in `/export/intern`. Before publication: 409.
import { paperExportOf } from '../../../../_features/export/export-service';
import { handle, HttpError, publicOrigin, requireUser } from '../../../../_lib/http';
import { loadReadableVorlage } from '../../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { id } = await context.params;
    const state = await loadReadableVorlage(user, id);
    if (state.status !== 'published') throw new HttpError('not_published');
    const paper = await paperExportOf(state, publicOrigin(request));
    return Response.json(paper, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `inline; filename="${id}.json"`,
      },
    });
  });
}
