// The audit review of one Vorlage (SPK, rapporteurs, auditors): the timeline from the read model,
// the chain verified now on the lifecycle stream as the store returns it, and the Fassungen.
import { getAuditHistory } from '../../../../../projections/queries';
import { loadAuditBundle } from '../../../../_features/audit/audit-service';
import { loadForAudit } from '../../../../_features/audit/access';
import { vorlageRoute } from '../../../../_lib/http';
import { services } from '../../../../_lib/services';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (_request, user, id) => {
  await loadForAudit(user, id);
  const bundle = await loadAuditBundle(id);
  return Response.json(
    {
      vorlageId: id,
      chain: bundle.chain,
      timeline: getAuditHistory(services().readModels(), id),
      fassungen: bundle.fassungen.map(({ hash, firstSeen, references }) => ({
        hash,
        firstSeen,
        references,
      })),
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});
