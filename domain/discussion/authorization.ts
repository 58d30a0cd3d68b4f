// Who may take part in a Vorlage's discussion (D-130, D-131), as domain rules over the actor and
// the lifecycle state. The decider enforces them; the app asks the same query to show the controls.
import type { Actor } from '../shared/actor';
import { officeTakesPart } from '../vorlage/authorization';
import type { VorlageState, VorlageStatus } from '../vorlage/state';

/**
 * D-131: comments are part of preparing the decision: open from drafting until the board has
 * decided (a deferred Vorlage comes back, so it stays open); closed once adopted, rejected,
 * published or withdrawn. The threads stay readable.
 */
export const DISCUSSION_OPEN_STATUSES = [
  'drafting',
  'inSignOff',
  'submitted',
  'deferred',
] as const satisfies readonly VorlageStatus[];

export function isDiscussionOpen(state: VorlageState): boolean {
  return (DISCUSSION_OPEN_STATUSES as readonly string[]).includes(state.status);
}

/**
 * D-130: members and signers of the lead office and of every asked office, and the SPK, may start
 * threads, reply, resolve and reopen; rapporteurs and auditors read only; admins see nothing.
 */
export function mayDiscuss(actor: Actor, state: VorlageState): boolean {
  if (state.status === 'none') return false;
  if (actor.role === 'coordination') return true;
  return (actor.role === 'member' || actor.role === 'signer') && officeTakesPart(actor, state);
}

/** D-130 and D-131 together: what the UI asks before it offers "Kommentieren". */
export function canComment(actor: Actor, state: VorlageState): boolean {
  return mayDiscuss(actor, state) && isDiscussionOpen(state);
}

/** Which threads an actor may mark as dissent or unmark (D-182): any, its own office's, or none. */
export interface DissentRights {
  readonly mark: 'any' | 'own' | null;
  readonly unmark: 'any' | 'own' | null;
}

/**
 * D-182: the office that started a thread marks it "als Meinungsverschiedenheit festhalten" and
 * unmarks it — the disagreement is its own. The lead office may mark any thread, because it
 * presents the remaining disagreements (GGO), but unmark only its own office's: it cannot make
 * another office's disagreement disappear (like a refusal's dissent, which only the refusing office
 * resolves, D-162). The SPK runs the procedure and corrects marks either way. Rapporteurs, auditors
 * and offices that take no part: none. Only while the discussion is open (D-131).
 */
export function dissentRightsOf(actor: Actor, state: VorlageState): DissentRights {
  if (!canComment(actor, state) || state.status === 'none') return { mark: null, unmark: null };
  if (actor.role === 'coordination') return { mark: 'any', unmark: 'any' };
  if (actor.officeId === state.leadOfficeId) return { mark: 'any', unmark: 'own' };
  return { mark: 'own', unmark: 'own' };
}

export function allows(
  right: DissentRights[keyof DissentRights],
  actorOfficeId: string,
  threadOfficeId: string,
): boolean {
  return right === 'any' || (right === 'own' && actorOfficeId === threadOfficeId);
}
