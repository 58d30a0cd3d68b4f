// A word diff, section by section, from Fassung `hash` to another Fassung (`?against=<hash>`) or to
// the current text (`?against=current`, the default). Both sides are replayed and re-hashed.
import { z } from 'zod';
import { loadAuditBundle, readTextHistory } from '../../../../../../_features/audit/audit-service';
import { currentFassung, fassungText } from '../../../../../../../audit/fassung-text';
import { loadForAudit, parseFassungHash } from '../../../../../../_features/audit/access';
import { diffTexts } from '../../../../../../../audit/text-diff';
import { handle, HttpError, parseInput, requireUser } from '../../../../../../_lib/http';

export const dynamic = 'force-dynamic';

const QuerySchema = z.strictObject({
  against: z
    .union([
      z.literal('current'),
      z.string().regex(/^[0-9a-f]{64}$/, 'ein SHA-256-Hash oder "current"'),
    ])
    .default('current'),
});

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string; hash: string }> },
): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const { id, hash: rawHash } = await context.params;
    const hash = parseFassungHash(rawHash);
    const { against } = parseInput(
      QuerySchema,
      Object.fromEntries(new URL(request.url).searchParams),
    );
    await loadForAudit(user, id);
    const [bundle, textEvents] = await Promise.all([loadAuditBundle(id), readTextHistory(id)]);
    const find = (h: string) => bundle.fassungen.find((fassung) => fassung.hash === h);
    const from = await fassungText(textEvents, find(hash), hash);
    if (!from) throw new HttpError('not_found');
    const to =
      against === 'current'
        ? { ...(await currentFassung(textEvents)), verified: true }
        : await fassungText(textEvents, find(against), against);
    if (!to) throw new HttpError('not_found');
    return Response.json({
      from: { hash, verified: from.verified },
      to: { hash: to.hash, current: against === 'current', verified: to.verified },
      sections: diffTexts(from.text, to.text),
    });
  });
}
