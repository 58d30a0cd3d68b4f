// The machine-readable export of a published Vorlage: OParl 1.1 Paper plus the extension
// `vorlagen:beschlussvorlage` (Mitzeichnungen, sections, decision). Before publication: 409.
import { paperExportOf } from '../../../../_features/export/export-service';
import { HttpError, publicOrigin, vorlageRoute } from '../../../../_lib/http';
import { loadReadableVorlage } from '../../../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (request, user, id) => {
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
