// "Übersicht der Änderungsvorschläge" (GGO, D-147): the decided change proposals by the author's
// office — accepted and rejected, with text and decider. Internal: the Vorlage page and the print
// view show it; the public OParl export never does.
import type { ProposalOverviewOffice } from '../../../domain/vorlage/proposal-decisions';
import { officeName } from '../../../wording/format';
import { PROPOSAL_LABELS } from '../../../wording/labels';
import { proposalAnchorId } from './proposal-citations';
import './proposals.css';

export function ProposalOverview({
  overview,
  headingLevel = 2,
}: {
  readonly overview: readonly ProposalOverviewOffice[];
  readonly headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="proposal-overview" aria-labelledby="proposal-overview-title">
      <Heading id="proposal-overview-title" className="proposal-overview__title">
        {PROPOSAL_LABELS.overviewTitle}
      </Heading>
      {overview.length === 0 ? (
        <p className="muted">{PROPOSAL_LABELS.overviewNone}</p>
      ) : (
        <dl className="proposal-overview__offices">
          {overview.map((office) => (
            <div key={office.officeId} className="proposal-overview__office">
              <dt>{officeName(office.officeId)}</dt>
              {[...office.accepted, ...office.rejected].map((decided) => (
                <dd
                  key={decided.proposalId}
                  id={proposalAnchorId(decided.proposalId)}
                  className="proposal-overview__entry"
                >
                  <span className="proposal-overview__decision">
                    {decided.decision === 'accepted'
                      ? PROPOSAL_LABELS.accepted
                      : PROPOSAL_LABELS.rejected}
                    :
                  </span>{' '}
                  {decided.inserted ? (
                    <>
                      {PROPOSAL_LABELS.inserts} „{decided.inserted}“{' '}
                    </>
                  ) : null}
                  {decided.deleted ? (
                    <>
                      {PROPOSAL_LABELS.deletes} „{decided.deleted}“{' '}
                    </>
                  ) : null}
                  <span className="muted small">
                    ({PROPOSAL_LABELS.overviewDecider} {decided.decidedBy.displayName})
                  </span>
                </dd>
              ))}
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
