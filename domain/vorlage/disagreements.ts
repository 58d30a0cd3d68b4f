// Dissent after a refusal (issue 19, D-160…D-163) and the generated block "Verbliebene
// Meinungsverschiedenheiten". The block is a function of the lifecycle state, so other sources of
// disagreement (open comment threads, #18) can be added to it later without changing its callers.
import type { DecisionOutcome, Person } from './events';
import type { VorlageState } from './state';

export interface AgreementAttempt {
  readonly date: string;
  readonly participants: string;
  readonly result: 'agreed' | 'failed';
  readonly note: string | null;
  readonly recordedBy: Person;
}

/**
 * One office's dissent: opened by its refusal; attempts to agree; marked for the Bezirksamt;
 * resolved by the office (withdrawn, or approved after all) or decided by the board.
 */
export interface Dissent {
  readonly officeId: string;
  readonly reason: string;
  readonly attempts: readonly AgreementAttempt[];
  readonly state: 'open' | 'forBoard' | 'resolved' | 'decided';
  /** How the office itself resolved it (D-162). */
  readonly resolution: 'withdrawn' | 'approved' | null;
  /** How the board decided it (D-163). */
  readonly boardDecision: { readonly outcome: DecisionOutcome; readonly note: string } | null;
}

/** One entry of the block "Verbliebene Meinungsverschiedenheiten". */
export interface DisagreementEntry {
  readonly kind: 'refusal';
  readonly officeId: string;
  readonly reason: string;
  readonly attempts: readonly AgreementAttempt[];
  readonly state: Dissent['state'];
  readonly resolution: Dissent['resolution'];
  readonly boardDecision: Dissent['boardDecision'];
}

/**
 * D-161: the disagreements a Vorlage carries to the board — every dissent on record (refusals,
 * open or marked for the board, and those later resolved, shown as resolved), by office id.
 */
export function remainingDisagreements(state: VorlageState): DisagreementEntry[] {
  if (state.status === 'none') return [];
  return Object.values(state.dissent ?? {})
    .sort((a, b) => (a.officeId < b.officeId ? -1 : 1))
    .map((dissent) => ({ kind: 'refusal' as const, ...dissent }));
}

/** Dissent still standing: open or before the board (not resolved, not decided). */
export function isStanding(dissent: Pick<Dissent, 'state'>): boolean {
  return dissent.state === 'open' || dissent.state === 'forBoard';
}
