// Who may do what with a Vorlage: DESIGN.md's role table as domain rules over the actor
// (SPEC.md D-50…D-58). The decider enforces them; the app, the collab server and the projections
// call the same queries, so no rule lives only in a UI.
import type { Actor } from '../shared/actor';
import {
  isEditingOpen,
  lifecycleAdmitsEditing,
  participatingOfficeIds,
  type VorlageState,
} from './state';

const isOfficeRole = (actor: Actor): boolean => actor.role === 'member' || actor.role === 'signer';

/** The actor's office is the lead office or an asked office. */
export function officeTakesPart(actor: Actor, state: VorlageState): boolean {
  return participatingOfficeIds(state).includes(actor.officeId);
}

/** D-164: the office is an employee representation involved in this Vorlage. */
export function isInvolvedRepresentation(officeId: string, state: VorlageState): boolean {
  return state.status !== 'none' && state.participation?.[officeId] !== undefined;
}

/** D-50: members and signers of a taking-part office, SPK, rapporteurs, auditors; not admins. */
export function canRead(actor: Actor, state: VorlageState): boolean {
  switch (actor.role) {
    case 'member':
    case 'signer':
      // D-164: an involved employee representation reads the Vorlage to state its view.
      return officeTakesPart(actor, state) || isInvolvedRepresentation(actor.officeId, state);
    case 'coordination':
    case 'rapporteur':
    case 'auditor':
    case 'system':
      return true;
    case 'admin':
      return false;
    default:
      return assertNever(actor.role);
  }
}

/** D-51: taking-part offices and SPK, only while editing is open (not locked, not submitted). */
export function canEditText(actor: Actor, state: VorlageState): boolean {
  return isEditingOpen(state) && canEditTextUnlessLocked(actor, state);
}

/**
 * D-51 apart from the lock: the lifecycle admits editing (drafting, in sign-off) and the actor may
 * edit then. The collab server follows locks live from the text stream's markers and asks this.
 */
export function canEditTextUnlessLocked(actor: Actor, state: VorlageState): boolean {
  if (!lifecycleAdmitsEditing(state)) return false;
  if (actor.role === 'coordination') return true;
  return isOfficeRole(actor) && officeTakesPart(actor, state);
}

/**
 * D-143: who edits the accepted text directly — office members of a taking-part office and SPK,
 * while editing is open. Office signers propose instead: whoever signs does not silently change
 * what is signed.
 */
export function canEditTextDirectly(actor: Actor, state: VorlageState): boolean {
  return canEditText(actor, state) && !proposesOnly(actor.role);
}

/** D-143: who may make change proposals: everyone who may edit the text (signers included). */
export function canProposeChanges(actor: Actor, state: VorlageState): boolean {
  return canEditText(actor, state);
}

/** D-143: a role whose text edits must all be proposals (the collab server enforces it). */
export function proposesOnly(role: string): boolean {
  return role === 'signer';
}

/** D-144: accept or reject proposals: members of the lead office and SPK. */
export function canDecideProposals(actor: Actor, state: VorlageState): boolean {
  if (state.status === 'none') return false;
  if (actor.role === 'coordination') return true;
  return actor.role === 'member' && actor.officeId === state.leadOfficeId;
}

/** D-52: a Vorlage is created by its lead office (member or signer) or by SPK. */
export function canCreateVorlage(actor: Actor, leadOfficeId: string): boolean {
  if (actor.role === 'coordination') return true;
  return isOfficeRole(actor) && actor.officeId === leadOfficeId;
}

/** D-52: request sign-offs, lock/unlock editing, withdraw: lead office (member, signer) or SPK. */
export function canManageLifecycle(actor: Actor, state: VorlageState): boolean {
  if (state.status === 'none') return false;
  if (actor.role === 'coordination') return true;
  return isOfficeRole(actor) && actor.officeId === state.leadOfficeId;
}

/** D-53: a signer signs only for their own office, and only when that office was asked. */
export function canSignOffFor(actor: Actor, state: VorlageState, officeId: string): boolean {
  if (state.status === 'none') return false;
  return (
    actor.role === 'signer' &&
    actor.officeId === officeId &&
    Object.hasOwn(state.signOffs, officeId)
  );
}

/** D-54: submit to a session, record the decision, publish: SPK only. */
export function canCoordinate(actor: Actor): boolean {
  return actor.role === 'coordination';
}

/** D-55: deemed-given sign-offs are recorded by SPK or by the system scheduler. */
export function canRecordDeemedSignOffs(actor: Actor): boolean {
  return actor.role === 'coordination' || actor.role === 'system';
}

/** D-56: the audit history and the chain verifier: SPK, rapporteurs, auditors. */
export function canReadAudit(actor: Actor): boolean {
  return actor.role === 'coordination' || actor.role === 'rapporteur' || actor.role === 'auditor';
}

export const canVerifyChain = canReadAudit;

/**
 * D-59: what changed since an office's sign-off (the Fassung it answered on against the current
 * text): that office's members and signers, and whoever reads the audit history. Reading the
 * Vorlage itself (D-50) is required as well.
 */
export function canViewChangesSinceSignOff(actor: Actor, officeId: string): boolean {
  return (isOfficeRole(actor) && actor.officeId === officeId) || canReadAudit(actor);
}

/** D-57: users and offices are managed by admins (and the system seeding script) only. */
export function canManageDirectory(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'system';
}

function assertNever(value: never): never {
  throw new Error(`Unhandled role ${String(value)}`);
}
