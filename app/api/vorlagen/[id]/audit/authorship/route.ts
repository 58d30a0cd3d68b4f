// Who wrote what, as JSON (SPK, rapporteurs, auditors): per section the text as runs of one author,
// and the deleted runs with who wrote and who deleted them; `?fassung=<hash>` for a Fassung.
import { z } from 'zod';
import { readAuthorship } from '../../../../../_features/audit/authorship-view';
import { loadForAudit } from '../../../../../_features/audit/access';
import { HttpError, parseInput, vorlageRoute } from '../../../../../_lib/http';

export const dynamic = 'force-dynamic';

const QuerySchema = z.object({
  fassung: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'fassung ist der SHA-256-Hash einer Fassung (64 Hexziffern)')
    .nullable(),
});

export const GET = vorlageRoute(async (request, user, id) => {
  // Who may not read the audit learns nothing, not even that the query was malformed.
  await loadForAudit(user, id);
  const { fassung } = parseInput(QuerySchema, {
    fassung: new URL(request.url).searchParams.get('fassung'),
  });
  const view = await readAuthorship(id, fassung);
  if (!view) throw new HttpError('not_found');
  return Response.json({ vorlageId: id, ...view }, { headers: { 'cache-control': 'no-store' } });
});
