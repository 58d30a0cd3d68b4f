// One Fassung's text exactly as it was: replayed from the text stream up to the revision that
// recorded its hash, re-hashed, and reported with whether the recomputed hash matches.
import { plainText } from '../../../../../../domain/text/plain-text';
import { loadAuditBundle, readTextHistory } from '../../../../../_features/audit/audit-service';
import { fassungText } from '../../../../../../audit/fassung-text';
import { loadForAudit, parseFassungHash } from '../../../../../_features/audit/access';
import { handle, HttpError, requireUser } from '../../../../../_lib/http';

export const dynamic = 'force-dynamic';

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string; hash: string }> },
): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { id, hash: rawHash } = await context.params;
    const hash = parseFassungHash(rawHash);
    await loadForAudit(user, id);
    const [bundle, textEvents] = await Promise.all([loadAuditBundle(id), readTextHistory(id)]);
    const summary = bundle.fassungen.find((fassung) => fassung.hash === hash);
    const result = await fassungText(textEvents, summary, hash);
    if (!result) throw new HttpError('not_found');
    return Response.json({
      hash,
      verification: {
        verified: result.verified,
        computedHash: result.computedHash,
        source: result.source,
        textRevision: result.revision,
      },
      references: summary?.references ?? [],
      authors: result.authors,
      text: result.text,
      plainText: plainText(result.text),
    });
  });
}
