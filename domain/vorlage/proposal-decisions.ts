// Deciding change proposals (D-144…D-146): the lead office or SPK accepts or rejects proposals
// that are pending in the stored text; each decision is one ProposalDecided event naming the
// proposal's author and the decider. Kept beside the decider so its switch only dispatches here.
import { proposalAuthorOf } from '../text/proposals';
import type { TextHead } from '../text/text-events';
import type { Actor } from '../shared/actor';
import { canDecideProposals } from './authorization';
import type { VorlageCommandOf } from './commands';
import type { ProposalDecided, VorlageEvent } from './events';
import { isEditingOpen, type VorlageState } from './state';
import { failVorlageCommand as fail, type VorlageDecideContext } from './decider';

/** D-145: proposals still pending in the text head (ids recorded by the collab server). */
export function openProposalsOf(text: TextHead): readonly string[] {
  return text.openProposals ?? [];
}

export function decideProposals(
  command: VorlageCommandOf<'DecideProposals'>,
  state: VorlageState,
  { text, decisionDigests = {} }: VorlageDecideContext,
): VorlageEvent[] {
  const actor: Actor = command.metadata.actor;
  if (state.status === 'none') fail('vorlage_not_found', 'Vorlage does not exist');
  if (!canDecideProposals(actor, state)) {
    fail('forbidden', `${actor.role} may not decide change proposals`, {
      action: 'decide change proposals',
      role: actor.role,
      officeId: actor.officeId,
    });
  }
  if (!isEditingOpen(state)) {
    fail('invalid_transition', 'Proposals are decided while editing is open', {
      status: state.status,
      command: command.type,
    });
  }
  if (!text) fail('context_missing', 'DecideProposals needs the text head');
  const open = new Set(openProposalsOf(text));
  return command.data.decisions.map((decision): ProposalDecided => {
    const author = proposalAuthorOf(decision.proposalId);
    if (!author || !open.has(decision.proposalId)) {
      fail('proposal_not_open', 'The proposal is not pending in the text', {
        proposalId: decision.proposalId,
      });
    }
    refuseForeignExcerpt(text, decision.proposalId, decisionDigests[decision.proposalId]);
    if (state.decidedProposals?.[decision.proposalId]) {
      fail('proposal_already_decided', 'The proposal was decided already', {
        proposalId: decision.proposalId,
      });
    }
    return {
      type: 'ProposalDecided',
      data: {
        proposalId: decision.proposalId,
        decision: decision.decision,
        author,
        decidedBy: {
          userId: actor.userId,
          displayName: actor.displayName,
          officeId: actor.officeId,
        },
        inserted: decision.inserted,
        deleted: decision.deleted,
      },
    };
  });
}

/**
 * D-195: the texts a decision names (for the overview) must be the proposal's texts in the stored
 * text — the collab server records each pending proposal's excerpt digest with the content event.
 * A head stored before D-195 carries no digests; its excerpts cannot be checked.
 */
function refuseForeignExcerpt(text: TextHead, proposalId: string, named: string | undefined): void {
  const stored = text.openProposalDigests?.[proposalId];
  if (stored === undefined || stored === named) return;
  fail(
    'proposal_text_mismatch',
    'The decision names other text than the proposal holds in the stored text',
    { proposalId },
  );
}

/** D-146: locking editing with proposals pending asks to decide them first. */
export function refuseLockWithOpenProposals(text: TextHead): void {
  const open = openProposalsOf(text);
  if (open.length > 0) {
    fail('proposals_open', 'Change proposals are pending; decide them before locking', {
      openProposals: [...open],
    });
  }
}

export function evolveProposalDecided(state: VorlageState, event: ProposalDecided): VorlageState {
  if (state.status === 'none') return state;
  return {
    ...state,
    decidedProposals: { ...state.decidedProposals, [event.data.proposalId]: event.data },
  };
}

/** One office's block of the GGO overview "Übersicht der Änderungsvorschläge" (D-147). */
export interface ProposalOverviewOffice {
  readonly officeId: string;
  readonly accepted: readonly ProposalDecided['data'][];
  readonly rejected: readonly ProposalDecided['data'][];
}

/**
 * D-147: the decided proposals by the author's office (offices in order of their first decided
 * proposal, decisions in the order made). Internal only: never part of a public export.
 */
export function proposalOverview(state: VorlageState): ProposalOverviewOffice[] {
  if (state.status === 'none') return [];
  const byOffice = new Map<
    string,
    { accepted: ProposalDecided['data'][]; rejected: ProposalDecided['data'][] }
  >();
  for (const decided of Object.values(state.decidedProposals ?? {})) {
    const entry = byOffice.get(decided.author.officeId) ?? { accepted: [], rejected: [] };
    entry[decided.decision].push(decided);
    byOffice.set(decided.author.officeId, entry);
  }
  return [...byOffice].map(([officeId, entry]) => ({ officeId, ...entry }));
}
