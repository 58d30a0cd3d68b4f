// The internal export of a published Vorlage (D-111): the public OParl Paper plus `vorlagen:intern`
// with the Mitzeichnungen, refusals, override reason and notes. Sign-in and an audit role (SPK,
// rapporteur, auditor) required; the public export never carries these.
import { loadForAudit } from '../../../../../_features/audit/access';
import { internalPaperExportOf } from '../../../../../_features/export/export-service';
import { handle, HttpError, publicOrigin, requireUser } from '../../../../../_lib/http';

export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { id } = await context.params;
    const state = await loadForAudit(user, id);
    if (state.status !== 'published') throw new HttpError('not_published');
    const paper = await internalPaperExportOf(state, publicOrigin(request));
    return Response.json(paper, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `inline; filename="${id}-intern.json"`,
        'cache-control': 'private, no-store',
      },
    });
  });
}
