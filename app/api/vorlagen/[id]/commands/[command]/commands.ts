// The lifecycle commands the HTTP API exposes, by their URL segment.
import type { VorlageCommandType } from '../../../../../../domain/vorlage/commands';

export const COMMAND_ROUTES = {
  'request-sign-offs': 'RequestSignOffs',
  'give-sign-off': 'GiveSignOff',
  'refuse-sign-off': 'RefuseSignOff',
  'withdraw-sign-off': 'WithdrawSignOff',
  'record-deemed-sign-offs': 'RecordDeemedSignOffs',
  'mark-reservation-fulfilled': 'MarkReservationFulfilled',
  'confirm-reservation': 'ConfirmReservation',
  'object-to-reservation': 'ObjectToReservation',
  'record-agreement-attempt': 'RecordAgreementAttempt',
  'submit-dissent-to-board': 'SubmitDissentToBoard',
  'request-participation': 'RequestParticipation',
  'submit-statement': 'SubmitStatement',
  'request-deadline-extension': 'RequestDeadlineExtension',
  'grant-deadline-extension': 'GrantDeadlineExtension',
  'refuse-deadline-extension': 'RefuseDeadlineExtension',
  'change-target-session': 'ChangeTargetSession',
  'lock-editing': 'LockEditing',
  'unlock-editing': 'UnlockEditing',
  'submit-to-session': 'SubmitToSession',
  'record-decision': 'RecordDecision',
  publish: 'PublishVorlage',
  withdraw: 'WithdrawVorlage',
  'decide-proposals': 'DecideProposals',
} as const satisfies Record<string, Exclude<VorlageCommandType, 'CreateVorlage'>>;

export type CommandRoute = keyof typeof COMMAND_ROUTES;

export function commandTypeFor(
  segment: string,
): Exclude<VorlageCommandType, 'CreateVorlage'> | undefined {
  return Object.hasOwn(COMMAND_ROUTES, segment)
    ? COMMAND_ROUTES[segment as CommandRoute]
    : undefined;
}
