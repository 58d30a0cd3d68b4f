// The audit review of one Vorlage (SPK, rapporteurs, auditors): the timeline from the read model,
// the chain verified now on the lifecycle stream as the store returns it, the Fassungen, and the
// discussion stream (comments, dissent marks) with its own chain, read from the store (D-183).
import { getAuditHistory } from '../../../../../projections/queries';
import { loadAuditBundle, loadDiscussionAudit } from '../../../../_features/audit/audit-service';
import { loadForAudit } from '../../../../_features/audit/access';
import { vorlageRoute } from '../../../../_lib/http';
import { services } from '../../../../_lib/services';

export const dynamic = 'force-dynamic';

export const GET = vorlageRoute(async (_request, user, id) => {
  await loadForAudit(user, id);
  const [bundle, discussion] = await Promise.all([loadAuditBundle(id), loadDiscussionAudit(id)]);
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
      discussion: {
        stream: discussion.stream,
        chain: discussion.chain,
        events: discussion.entries,
      },
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});
