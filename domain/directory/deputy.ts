// A dated deputy arrangement (Vertretung) as the Vorlage decider receives it from the command
// handler: signer B (deputy) acts for signer A (principal) of the same office from date to date.
import type { Role } from '../shared/actor';
import { berlinDateOf } from '../shared/actor';

export interface DeputyArrangementView {
  readonly arrangementId: string;
  readonly officeId: string;
  readonly principal: {
    readonly userId: string;
    readonly displayName: string;
    readonly role: Role;
    readonly active: boolean;
  };
  readonly deputyUserId: string;
  /** Berlin calendar dates, both inclusive. */
  readonly validFrom: string;
  readonly validUntil: string;
  readonly revoked: boolean;
}

export type DeputyProblem =
  | 'missing'
  | 'revoked'
  | 'not_in_force'
  | 'other_deputy'
  | 'other_office'
  | 'principal_not_signer'
  | 'principal_inactive';

/** Why an arrangement does not let `deputyUserId` act for its principal at `time`, or null. */
export function deputyProblem(
  arrangement: DeputyArrangementView | null | undefined,
  deputyUserId: string,
  officeId: string,
  time: string,
): DeputyProblem | null {
  if (!arrangement) return 'missing';
  if (arrangement.revoked) return 'revoked';
  if (arrangement.deputyUserId !== deputyUserId) return 'other_deputy';
  if (arrangement.officeId !== officeId) return 'other_office';
  if (arrangement.principal.role !== 'signer') return 'principal_not_signer';
  if (!arrangement.principal.active) return 'principal_inactive';
  const today = berlinDateOf(time);
  if (today < arrangement.validFrom || today > arrangement.validUntil) return 'not_in_force';
  return null;
}
