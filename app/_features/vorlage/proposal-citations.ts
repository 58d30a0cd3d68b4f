// D-181: change proposals as a sign-off cites them — pending ones live from the text, decided ones
// from the overview — with the page anchor both the panel and the overview give each proposal.
import type { PendingProposal } from '../../../domain/text/proposals';
import { proposalAuthorOf } from '../../../domain/text/proposals';
import type { ProposalOverviewOffice } from '../../../domain/vorlage/proposal-decisions';
import { PROPOSAL_LABELS } from '../../../wording/labels';

export interface CitableProposal {
  readonly id: string;
  readonly officeId: string | null;
  readonly inserted: string;
  readonly deleted: string;
  /** null while pending in the text. */
  readonly decision: 'accepted' | 'rejected' | null;
}

/** The element id of a proposal on the Vorlage page (panel entry or overview entry). */
export function proposalAnchorId(proposalId: string): string {
  return `vorschlag-${proposalId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Every proposal the page knows: pending in the text, then decided (a proposal is one or the other). */
export function knownProposals(
  pending: readonly PendingProposal[],
  overview: readonly ProposalOverviewOffice[],
): CitableProposal[] {
  const decided = overview.flatMap((office) => [...office.accepted, ...office.rejected]);
  return [
    ...pending.map((proposal) => ({
      id: proposal.id,
      officeId: proposal.author?.officeId ?? null,
      inserted: proposal.inserted,
      deleted: proposal.deleted,
      decision: null,
    })),
    ...decided.map((entry) => ({
      id: entry.proposalId,
      officeId: proposalAuthorOf(entry.proposalId)?.officeId ?? entry.author.officeId,
      inserted: entry.inserted,
      deleted: entry.deleted,
      decision: entry.decision,
    })),
  ];
}

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** „fügt ein »…«, streicht »…«“ and where it stands (offen / angenommen / abgelehnt). */
export function proposalCitationText(proposal: CitableProposal | undefined): string {
  if (!proposal) return PROPOSAL_LABELS.unknown;
  const parts = [];
  if (proposal.inserted) parts.push(`${PROPOSAL_LABELS.inserts} „${clip(proposal.inserted)}“`);
  if (proposal.deleted) parts.push(`${PROPOSAL_LABELS.deletes} „${clip(proposal.deleted)}“`);
  const state =
    proposal.decision === null
      ? PROPOSAL_LABELS.pending
      : proposal.decision === 'accepted'
        ? PROPOSAL_LABELS.accepted
        : PROPOSAL_LABELS.rejected;
  return `${parts.join(', ')} (${state})`;
}
