// The export's main file: the published Vorlage as plain text in the seed's layout. Its bytes are
// exactly what `mainFile.sha512Checksum` in the OParl export covers.
import { loadReadableVorlage } from '../../../../../_lib/vorlage-access';
import { mainFileOf } from '../../../../../_features/export/export-service';
import { HttpError, vorlageRoute } from '../../../../../_lib/http';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (_request, user, id) => {
  const state = await loadReadableVorlage(user, id);
  if (state.status !== 'published') throw new HttpError('not_published');
  const { bytes } = await mainFileOf(state);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `inline; filename="${id}.txt"`,
    },
  });
});
