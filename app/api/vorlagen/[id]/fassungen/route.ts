// The Fassungen a Vorlage's lifecycle names (with every event naming each) and the current text's hash.
import { loadAuditBundle, readTextHistory } from '../../../../_features/audit/audit-service';
import { currentFassung } from '../../../../../audit/fassung-text';
import { loadForAudit } from '../../../../_features/audit/access';
import { vorlageRoute } from '../../../../_lib/http';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (_request, user, id) => {
  await loadForAudit(user, id);
  const [bundle, textEvents] = await Promise.all([loadAuditBundle(id), readTextHistory(id)]);
  const current = await currentFassung(textEvents);
  return Response.json({
    current: { hash: current.hash, revision: current.revision, time: current.time },
    fassungen: bundle.fassungen.map(({ hash, firstSeen, references, frozenText }) => ({
      hash,
      firstSeen,
      references,
      frozenCopy: frozenText !== null,
    })),
  });
});
