// Dissent after a refusal (issue 19, D-160…D-163) and the generated block "Verbliebene
// Meinungsverschiedenheiten": refusals from the lifecycle state, and comment threads marked as
// dissent (D-182), which live in the discussion stream and are passed in by the caller.
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

/** A refusal's entry in the block "Verbliebene Meinungsverschiedenheiten". */
export interface RefusalDisagreementEntry {
  readonly kind: 'refusal';
  readonly officeId: string;
  readonly reason: string;
  readonly attempts: readonly AgreementAttempt[];
  readonly state: Dissent['state'];
  readonly resolution: Dissent['resolution'];
  readonly boardDecision: Dissent['boardDecision'];
}

/** A comment thread as the block needs it (the discussion read model's thread satisfies it). */
export interface DissentThreadSource {
  readonly threadId: string;
  readonly sectionKey: string;
  readonly quote: string;
  readonly body: string;
  readonly author: { readonly officeId: string };
  readonly resolved: boolean;
  /** D-182: who marked it as dissent; null when it is not marked. */
  readonly dissent: { readonly by: string } | null;
}

/** D-182: a thread marked as dissent, in the block: office, passage and first comment. */
export interface ThreadDisagreementEntry {
  readonly kind: 'thread';
  readonly threadId: string;
  readonly officeId: string;
  readonly sectionKey: string;
  readonly quote: string;
  readonly comment: string;
  /** A resolved thread stays in the block, shown as resolved (like a resolved refusal, D-162). */
  readonly state: 'open' | 'resolved';
  readonly markedBy: string;
}

/** One entry of the block "Verbliebene Meinungsverschiedenheiten". */
export type DisagreementEntry = RefusalDisagreementEntry | ThreadDisagreementEntry;

/**
 * D-161: every dissent on record from refusals (open or marked for the board, and those later
 * resolved, shown as resolved), by office id.
 */
export function refusalDisagreements(state: VorlageState): RefusalDisagreementEntry[] {
  if (state.status === 'none') return [];
  return Object.values(state.dissent ?? {})
    .sort((a, b) => (a.officeId < b.officeId ? -1 : 1))
    .map((dissent) => ({ kind: 'refusal' as const, ...dissent }));
}

/** Longest passage or comment the block quotes; the thread itself keeps the whole text. */
export const DISSENT_EXCERPT_LENGTH = 300;

const excerpt = (text: string) =>
  text.length > DISSENT_EXCERPT_LENGTH ? `${text.slice(0, DISSENT_EXCERPT_LENGTH - 1)}…` : text;

/**
 * D-161, D-182: the block "Verbliebene Meinungsverschiedenheiten" — the refusals (above), then
 * the comment threads marked as dissent in the order given (the discussion's order).
 */
export function remainingDisagreements(
  state: VorlageState,
  threads: readonly DissentThreadSource[] = [],
): DisagreementEntry[] {
  if (state.status === 'none') return [];
  const marked = threads.flatMap((thread): ThreadDisagreementEntry[] =>
    thread.dissent
      ? [
          {
            kind: 'thread',
            threadId: thread.threadId,
            officeId: thread.author.officeId,
            sectionKey: thread.sectionKey,
            quote: excerpt(thread.quote),
            comment: excerpt(thread.body),
            state: thread.resolved ? 'resolved' : 'open',
            markedBy: thread.dissent.by,
          },
        ]
      : [],
  );
  return [...refusalDisagreements(state), ...marked];
}

/** Dissent still standing: open or before the board (not resolved, not decided). */
export function isStanding(dissent: Pick<Dissent, 'state'>): boolean {
  return dissent.state === 'open' || dissent.state === 'forBoard';
}
