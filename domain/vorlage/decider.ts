// The Vorlage decider (Emmett style): decide(command, state, context) → events, evolve(state, event)
// → state. Pure: time, ids and the actor come in the command metadata; the text head and deputy
// arrangements come in the context, read by the command handler. Rejections throw VorlageError.
import { berlinDateOf, instant } from '../shared/actor';
import { DomainError } from '../shared/errors';
import { computeDeadline, extendDeadline } from '../deadlines/deadline';
import { deputyProblem, type DeputyArrangementView } from '../directory/deputy';
import { normalizeText, type VorlageText } from '../text/canonical';
import { hasTextLock, type TextHead } from '../text/text-events';
import {
  canCoordinate,
  canCreateVorlage,
  canManageLifecycle,
  canRecordDeemedSignOffs,
} from './authorization';
import type { VorlageCommand, VorlageCommandOf } from './commands';
import {
  decideProposals,
  evolveProposalDecided,
  refuseLockWithOpenProposals,
} from './proposal-decisions';
import type { Fassung, InVertretung, Person, VorlageEvent } from './events';
import {
  currentExtension,
  effectiveDeadline,
  signOffStandings,
  type DeadlineExtension,
  type ExistingVorlage,
  type InSignOff,
  type OfficeSignOff,
  type SignOffStatus,
  type VorlageCore,
  type VorlageState,
  type VorlageStatus,
} from './state';

export { initialState } from './state';

export const VORLAGE_ERROR_CODES = [
  'vorlage_already_exists',
  'vorlage_not_found',
  'forbidden',
  'invalid_transition',
  'lead_office_not_askable',
  'deadline_not_in_future',
  'fassung_not_current',
  'not_own_office',
  'office_not_asked',
  'deputy_arrangement_invalid',
  'sign_off_unchanged',
  'no_sign_off_to_withdraw',
  'no_deemed_sign_offs_due',
  'editing_already_locked',
  'editing_not_locked',
  'text_lock_missing',
  'text_lock_mismatch',
  'session_date_in_past',
  'sign_offs_incomplete',
  'context_missing',
  'extension_already_requested',
  'no_extension_requested',
  'deadline_passed',
  'already_answered',
  'session_unchanged',
  'proposal_not_open',
  'proposal_already_decided',
  'proposals_open',
] as const;
export type VorlageErrorCode = (typeof VORLAGE_ERROR_CODES)[number];

export class VorlageError extends DomainError<VorlageErrorCode> {
  override readonly name = 'VorlageError';
}

function fail(
  code: VorlageErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): never {
  throw new VorlageError(code, message, details);
}

/** What the command handler read outside the lifecycle stream for this decision. */
export interface VorlageDecideContext {
  /** The text head of `vorlagetext-<id>` (initial Fassung when the stream holds no content). */
  readonly text?: TextHead;
  /** CreateVorlage: the hashes of the initial text (hashing is async, deciding is not). */
  readonly initialFassung?: Fassung;
  /** Text supplied with RequestSignOffs/LockEditing, verified by the handler against text.textHash. */
  readonly verifiedText?: VorlageText | null;
  /** In-Vertretung sign-offs: the arrangement between command.data.onBehalfOf and the actor. */
  readonly deputy?: DeputyArrangementView | null;
}

export function decide(
  command: VorlageCommand,
  state: VorlageState,
  context: VorlageDecideContext = {},
): VorlageEvent[] {
  switch (command.type) {
    case 'CreateVorlage':
      return createVorlage(command, state, context);
    case 'RequestSignOffs':
      return requestSignOffs(command, state, context);
    case 'GiveSignOff':
      return giveSignOff(command, state, context);
    case 'RefuseSignOff':
      return refuseSignOff(command, state, context);
    case 'WithdrawSignOff':
      return withdrawSignOff(command, state, context);
    case 'RecordDeemedSignOffs':
      return recordDeemedSignOffs(command, state);
    case 'RequestDeadlineExtension':
      return requestDeadlineExtension(command, state);
    case 'GrantDeadlineExtension':
      return grantDeadlineExtension(command, state);
    case 'RefuseDeadlineExtension':
      return refuseDeadlineExtension(command, state);
    case 'ChangeTargetSession':
      return changeTargetSession(command, state);
    case 'LockEditing':
      return lockEditing(command, state, context);
    case 'UnlockEditing':
      return unlockEditing(command, state);
    case 'SubmitToSession':
      return submitToSession(command, state, context);
    case 'RecordDecision':
      return recordDecision(command, state);
    case 'PublishVorlage':
      return publishVorlage(command, state);
    case 'WithdrawVorlage':
      return withdrawVorlage(command, state);
    case 'DecideProposals':
      return decideProposals(command, state, context.text);
    default:
      return assertNever(command);
  }
}

// ---- guards ---------------------------------------------------------------------------------

function existing(state: VorlageState): ExistingVorlage {
  if (state.status === 'none') fail('vorlage_not_found', 'Vorlage does not exist');
  return state;
}

function inStatus<S extends VorlageStatus>(
  state: ExistingVorlage,
  allowed: readonly S[],
  command: string,
): Extract<ExistingVorlage, { status: S }> {
  if (!(allowed as readonly string[]).includes(state.status)) {
    fail('invalid_transition', `${command} is not allowed in status ${state.status}`, {
      status: state.status,
      command,
      allowed,
    });
  }
  return state as Extract<ExistingVorlage, { status: S }>;
}

function allow(ok: boolean, action: string, command: VorlageCommand): void {
  if (!ok) {
    fail('forbidden', `${command.metadata.actor.role} may not ${action}`, {
      action,
      role: command.metadata.actor.role,
      officeId: command.metadata.actor.officeId,
    });
  }
}

function requireText(context: VorlageDecideContext, command: string): TextHead {
  if (!context.text) fail('context_missing', `${command} needs the text head`, { command });
  return context.text;
}

function requireCurrentFassung(fassungHash: string, text: TextHead): void {
  if (fassungHash !== text.textHash) {
    fail('fassung_not_current', 'The Fassung named is not the current text', {
      named: fassungHash,
      current: text.textHash,
    });
  }
}

const revisionString = (revision: bigint | null): string | null =>
  revision === null ? null : revision.toString();

const fassungOf = (text: TextHead): Fassung => ({
  textHash: text.textHash,
  sectionHashes: text.sectionHashes,
});

// ---- commands -------------------------------------------------------------------------------

function createVorlage(
  command: VorlageCommandOf<'CreateVorlage'>,
  state: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  if (state.status !== 'none') fail('vorlage_already_exists', 'Vorlage exists already');
  const { data } = command;
  allow(
    canCreateVorlage(command.metadata.actor, data.leadOfficeId),
    'create this Vorlage',
    command,
  );
  requireSessionNotPast(data.targetSessionDate, command.metadata.time);
  if (!context.initialFassung) fail('context_missing', 'CreateVorlage needs the initial Fassung');
  return [
    {
      type: 'VorlageCreated',
      data: {
        vorlageId: data.vorlageId,
        title: data.title,
        leadOfficeId: data.leadOfficeId,
        rapporteur: data.rapporteur,
        targetSessionDate: data.targetSessionDate,
        initialText: normalizeText(data.initialText),
        initialFassung: context.initialFassung,
      },
    },
  ];
}

/** D-113: a session before today (Berlin) cannot be chosen. */
function requireSessionNotPast(sessionDate: string, time: string): void {
  if (sessionDate < berlinDateOf(time)) {
    fail('session_date_in_past', 'The session date lies in the past', { sessionDate });
  }
}

/** D-113: the lead office or SPK moves a Vorlage that is not yet submitted to another session. */
function changeTargetSession(
  command: VorlageCommandOf<'ChangeTargetSession'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'change the session', command);
  const open = inStatus(state, ['drafting', 'inSignOff', 'deferred'], command.type);
  const { targetSessionDate, reason } = command.data;
  requireSessionNotPast(targetSessionDate, command.metadata.time);
  if (targetSessionDate === open.targetSessionDate) {
    fail('session_unchanged', 'The Vorlage targets this session already', { targetSessionDate });
  }
  return [
    {
      type: 'TargetSessionChanged',
      data: {
        previousSessionDate: open.targetSessionDate,
        targetSessionDate,
        reason: reason ?? null,
      },
    },
  ];
}

function requestSignOffs(
  command: VorlageCommandOf<'RequestSignOffs'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'request sign-offs', command);
  const open = inStatus(state, ['drafting', 'inSignOff'], command.type);
  const { data, metadata } = command;
  if (data.officeIds.includes(open.leadOfficeId)) {
    fail('lead_office_not_askable', 'The lead office does not co-sign its own Vorlage', {
      officeId: open.leadOfficeId,
    });
  }
  // D-100: a period runs from the request's time (it reaches the offices the moment it is sent).
  const deadline = data.period
    ? computeDeadline(metadata.time, data.period).deadline
    : data.deadline;
  if (deadline === undefined) {
    // The schema (D-17) admits exactly one of both; a hand-built command may not.
    throw new DomainError('invalid_command', 'A deadline or a period is required');
  }
  if (instant(deadline) <= instant(metadata.time)) {
    fail('deadline_not_in_future', 'The deadline must lie in the future', { deadline });
  }
  const text = requireText(context, command.type);
  requireCurrentFassung(data.fassungHash, text);
  const round = open.rounds.length + 1;
  return [
    {
      type: 'SignOffsRequested',
      data: {
        round,
        officeIds: [...data.officeIds].sort(),
        deadline,
        ...(data.period ? { period: data.period } : {}),
        deemedGivenPolicy: data.deemedGivenPolicy,
        fassung: fassungOf(text),
        textRevision: revisionString(text.contentRevision),
      },
    },
    {
      type: 'TextVersionFrozen',
      data: {
        fassung: fassungOf(text),
        textRevision: revisionString(text.contentRevision),
        reason: 'signOffsRequested',
        text: context.verifiedText ? normalizeText(context.verifiedText) : null,
      },
    },
  ];
}

interface ResolvedSigner {
  readonly signer: Person;
  readonly inVertretungFor: InVertretung | null;
  readonly record: OfficeSignOff;
}

/** D-53 (= canSignOffFor), D-72: the actor signs for their own asked office, possibly in Vertretung. */
function resolveSigner(
  command: VorlageCommandOf<'GiveSignOff' | 'RefuseSignOff' | 'WithdrawSignOff'>,
  state: VorlageCore,
  context: VorlageDecideContext,
): ResolvedSigner {
  const { actor, time } = command.metadata;
  const { officeId, onBehalfOf } = command.data;
  if (actor.role !== 'signer') {
    fail('forbidden', `${actor.role} may not sign off`, { action: 'sign off', role: actor.role });
  }
  if (actor.officeId !== officeId) {
    fail('not_own_office', 'A signer signs for their own office only', {
      officeId,
      actorOfficeId: actor.officeId,
    });
  }
  const record = state.signOffs[officeId];
  if (!record) {
    fail('office_not_asked', 'This office was not asked to sign off', { officeId });
  }
  const signer: Person = { userId: actor.userId, displayName: actor.displayName };
  if (onBehalfOf === undefined) return { signer, inVertretungFor: null, record };
  const problem =
    onBehalfOf === actor.userId
      ? 'other_deputy'
      : context.deputy && context.deputy.principal.userId !== onBehalfOf
        ? 'missing'
        : deputyProblem(context.deputy, actor.userId, officeId, time);
  if (problem || !context.deputy) {
    fail('deputy_arrangement_invalid', 'No deputy arrangement allows signing in Vertretung', {
      onBehalfOf,
      problem: problem ?? 'missing',
    });
  }
  const arrangement = context.deputy;
  return {
    signer,
    record,
    inVertretungFor: {
      principal: {
        userId: arrangement.principal.userId,
        displayName: arrangement.principal.displayName,
      },
      arrangementId: arrangement.arrangementId,
      validFrom: arrangement.validFrom,
      validUntil: arrangement.validUntil,
    },
  };
}

const SIGN_OFF_STATUSES = ['inSignOff', 'deferred'] as const;

function giveSignOff(
  command: VorlageCommandOf<'GiveSignOff'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_STATUSES, command.type);
  const { signer, inVertretungFor, record } = resolveSigner(command, state, context);
  const text = requireText(context, command.type);
  requireCurrentFassung(command.data.fassungHash, text);
  const status: SignOffStatus =
    command.data.kind === 'approve' ? 'approved' : 'approvedWithRemarks';
  const remarks = command.data.remarks ?? null;
  if (
    record.status === status &&
    record.fassung?.textHash === text.textHash &&
    record.remarks === remarks &&
    record.answeredInRound === record.askedInRound
  ) {
    fail('sign_off_unchanged', 'This office has given exactly this sign-off already', {
      officeId: record.officeId,
    });
  }
  return [
    {
      type: 'SignOffGiven',
      data: {
        officeId: record.officeId,
        round: record.askedInRound,
        kind: command.data.kind,
        remarks,
        signer,
        inVertretungFor,
        fassung: fassungOf(text),
      },
    },
  ];
}

function refuseSignOff(
  command: VorlageCommandOf<'RefuseSignOff'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_STATUSES, command.type);
  const { signer, inVertretungFor, record } = resolveSigner(command, state, context);
  const text = requireText(context, command.type);
  requireCurrentFassung(command.data.fassungHash, text);
  if (
    record.status === 'refused' &&
    record.fassung?.textHash === text.textHash &&
    record.reason === command.data.reason &&
    record.answeredInRound === record.askedInRound
  ) {
    fail('sign_off_unchanged', 'This office has refused with this reason already', {
      officeId: record.officeId,
    });
  }
  return [
    {
      type: 'SignOffRefused',
      data: {
        officeId: record.officeId,
        round: record.askedInRound,
        reason: command.data.reason,
        signer,
        inVertretungFor,
        fassung: fassungOf(text),
      },
    },
  ];
}

function withdrawSignOff(
  command: VorlageCommandOf<'WithdrawSignOff'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_STATUSES, command.type);
  const { signer, inVertretungFor, record } = resolveSigner(command, state, context);
  if (record.status === 'pending') {
    fail('no_sign_off_to_withdraw', 'This office has no answer to withdraw', {
      officeId: record.officeId,
    });
  }
  return [
    {
      type: 'SignOffWithdrawn',
      data: {
        officeId: record.officeId,
        round: record.askedInRound,
        signer,
        inVertretungFor,
        reason: command.data.reason ?? null,
        withdrawnStatus: record.status,
      },
    },
  ];
}

const isSilent = (record: OfficeSignOff): boolean =>
  record.status === 'pending' || record.answeredInRound !== record.askedInRound;

/**
 * Asked offices silent since their latest round, whose round allows deemed consent and whose
 * deadline in force (D-107: extended when granted) has passed. An undecided extension request
 * holds deemed consent until the SPK decides it.
 */
export function deemedSignOffsDue(state: VorlageState, time: string): OfficeSignOff[] {
  if (state.status === 'none') return [];
  const now = instant(time);
  return Object.values(state.signOffs)
    .filter((record) => {
      const round = state.rounds[record.askedInRound - 1];
      const deadline = effectiveDeadline(state, record.officeId);
      return (
        isSilent(record) &&
        round !== undefined &&
        round.deemedGivenPolicy === 'deemedGivenAfterDeadline' &&
        deadline !== null &&
        instant(deadline) < now &&
        currentExtension(state, record.officeId)?.status !== 'requested'
      );
    })
    .sort((a, b) => (a.officeId < b.officeId ? -1 : 1));
}

function recordDeemedSignOffs(
  command: VorlageCommandOf<'RecordDeemedSignOffs'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canRecordDeemedSignOffs(command.metadata.actor), 'record deemed sign-offs', command);
  const open = inStatus(state, SIGN_OFF_STATUSES, command.type);
  const due = deemedSignOffsDue(open, command.metadata.time);
  if (due.length === 0) {
    fail('no_deemed_sign_offs_due', 'No silent office has an overdue deemed-given request', {
      time: command.metadata.time,
    });
  }
  return due.map((record) => {
    const round = open.rounds[record.askedInRound - 1]!;
    return {
      type: 'SignOffDeemedGiven',
      data: {
        officeId: record.officeId,
        round: round.round,
        deadline: effectiveDeadline(open, record.officeId) ?? round.deadline,
        policy: 'deemedGivenAfterDeadline',
        fassung: round.fassung,
      },
    };
  });
}

/** D-105: a member or signer of an asked, still silent office asks for more time before its deadline. */
function requestDeadlineExtension(
  command: VorlageCommandOf<'RequestDeadlineExtension'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_STATUSES, command.type);
  const { actor, time } = command.metadata;
  const { officeId, days, reason } = command.data;
  if (actor.role !== 'member' && actor.role !== 'signer') {
    fail('forbidden', `${actor.role} may not ask for an extension`, {
      action: 'request a deadline extension',
      role: actor.role,
    });
  }
  if (actor.officeId !== officeId) {
    fail('not_own_office', 'An office asks for an extension for itself only', { officeId });
  }
  const record = state.signOffs[officeId];
  if (!record) fail('office_not_asked', 'This office was not asked to sign off', { officeId });
  if (!isSilent(record)) {
    fail('already_answered', 'This office has answered the current request', { officeId });
  }
  if (currentExtension(state, officeId)?.status === 'requested') {
    fail('extension_already_requested', 'An extension request awaits the SPK', { officeId });
  }
  const currentDeadline = effectiveDeadline(state, officeId)!;
  if (instant(currentDeadline) < instant(time)) {
    fail('deadline_passed', 'The deadline has passed', { officeId, deadline: currentDeadline });
  }
  return [
    {
      type: 'DeadlineExtensionRequested',
      data: {
        officeId,
        round: record.askedInRound,
        days,
        reason,
        requestedBy: { userId: actor.userId, displayName: actor.displayName },
        currentDeadline,
        proposedDeadline: extendDeadline(currentDeadline, days).deadline,
      },
    },
  ];
}

function requestedExtension(state: VorlageCore, officeId: string) {
  const extension = state.signOffs[officeId]
    ? currentExtension(state as InSignOff, officeId)
    : null;
  if (extension?.status !== 'requested') {
    fail('no_extension_requested', 'No extension request of this office awaits a decision', {
      officeId,
    });
  }
  return extension;
}

/** D-106: the SPK grants the requested extension. */
function grantDeadlineExtension(
  command: VorlageCommandOf<'GrantDeadlineExtension'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canCoordinate(command.metadata.actor), 'grant a deadline extension', command);
  const open = inStatus(state, SIGN_OFF_STATUSES, command.type);
  const { officeId } = command.data;
  const extension = requestedExtension(open, officeId);
  return [
    {
      type: 'DeadlineExtensionGranted',
      data: {
        officeId,
        round: extension.round,
        days: extension.days,
        previousDeadline: effectiveDeadline(open, officeId)!,
        deadline: extension.proposedDeadline,
      },
    },
  ];
}

/** D-106: the SPK refuses the requested extension, with a reason. */
function refuseDeadlineExtension(
  command: VorlageCommandOf<'RefuseDeadlineExtension'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canCoordinate(command.metadata.actor), 'refuse a deadline extension', command);
  const open = inStatus(state, SIGN_OFF_STATUSES, command.type);
  const { officeId, reason } = command.data;
  const extension = requestedExtension(open, officeId);
  return [{ type: 'DeadlineExtensionRefused', data: { officeId, round: extension.round, reason } }];
}

function lockEditing(
  command: VorlageCommandOf<'LockEditing'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'lock editing', command);
  const open = inStatus(state, ['drafting', 'inSignOff'], command.type);
  if (open.editing.locked) fail('editing_already_locked', 'Editing is locked already');
  const text = requireText(context, command.type);
  refuseLockWithOpenProposals(text);
  // D-41: the lock marker in the text stream comes first; the lifecycle only records it.
  const marker = text.locks.find((lock) => lock.commandId === command.metadata.commandId);
  if (!marker) {
    fail('text_lock_missing', 'The text stream holds no lock marker of this command', {
      locks: text.locks.map((lock) => lock.commandId),
    });
  }
  return [
    {
      type: 'EditingLocked',
      data: {
        lockId: command.metadata.commandId,
        fassung: fassungOf(text),
        textRevision: revisionString(text.contentRevision),
        markerRevision: marker.markerRevision.toString(),
      },
    },
    {
      type: 'TextVersionFrozen',
      data: {
        fassung: fassungOf(text),
        textRevision: revisionString(text.contentRevision),
        reason: 'editingLocked',
        text: context.verifiedText ? normalizeText(context.verifiedText) : null,
      },
    },
  ];
}

function unlockEditing(
  command: VorlageCommandOf<'UnlockEditing'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'unlock editing', command);
  const open = inStatus(state, ['drafting', 'inSignOff', 'deferred'], command.type);
  if (!open.editing.locked) fail('editing_not_locked', 'Editing is not locked');
  return [
    {
      type: 'EditingUnlocked',
      data: { releasesLock: open.editing.lockId, reason: command.data.reason ?? null },
    },
  ];
}

function submitToSession(
  command: VorlageCommandOf<'SubmitToSession'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = existing(current);
  allow(canCoordinate(command.metadata.actor), 'submit to a session', command);
  const open = inStatus(state, ['drafting', 'inSignOff', 'deferred'], command.type);
  if (!open.editing.locked) fail('editing_not_locked', 'Submission requires locked editing');
  const locked = open.editing;
  const text = requireText(context, command.type);
  // D-43: the recorded lock must still hold in the text stream, on the same text.
  if (!hasTextLock(text, locked.lockId) || text.textHash !== locked.fassung.textHash) {
    fail('text_lock_mismatch', 'The text stream is not locked on the recorded Fassung', {
      lockId: locked.lockId,
      textLocks: text.locks.map((lock) => lock.commandId),
      textHash: text.textHash,
    });
  }
  const { sessionDate, overrideReason } = command.data;
  requireSessionNotPast(sessionDate, command.metadata.time);
  const standings = signOffStandings(open, locked.fassung);
  const missing = standings.filter((s) => s.standing === 'missing').map((s) => s.officeId);
  const refused = standings.filter((s) => s.standing === 'refused').map((s) => s.officeId);
  const stale = standings.flatMap((s) =>
    s.standing === 'stale'
      ? [
          {
            officeId: s.officeId,
            signedTextHash: s.signedTextHash,
            changedSections: s.changedSections,
          },
        ]
      : [],
  );
  const incomplete = missing.length + refused.length + stale.length > 0;
  if (incomplete && overrideReason === undefined) {
    fail(
      'sign_offs_incomplete',
      'Sign-offs are missing, refused or stale; an override needs a reason',
      {
        missing,
        refused,
        stale,
      },
    );
  }
  return [
    {
      type: 'SubmittedToSession',
      data: {
        sessionDate,
        lockId: locked.lockId,
        fassung: locked.fassung,
        signOffs: standings.map((s) => ({ officeId: s.officeId, status: s.standing })),
        override: incomplete ? { reason: overrideReason!, missing, refused, stale } : null,
      },
    },
  ];
}

function recordDecision(
  command: VorlageCommandOf<'RecordDecision'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canCoordinate(command.metadata.actor), 'record a decision', command);
  const submitted = inStatus(state, ['submitted'], command.type);
  return [
    {
      type: 'DecisionRecorded',
      data: {
        sessionDate: submitted.submission.sessionDate,
        outcome: command.data.outcome,
        changes: command.data.changes ?? null,
        note: command.data.note ?? null,
      },
    },
  ];
}

function publishVorlage(
  command: VorlageCommandOf<'PublishVorlage'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canCoordinate(command.metadata.actor), 'publish', command);
  inStatus(state, ['adopted'], command.type);
  return [{ type: 'Published', data: { bvvNumber: command.data.bvvNumber } }];
}

function withdrawVorlage(
  command: VorlageCommandOf<'WithdrawVorlage'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'withdraw the Vorlage', command);
  inStatus(state, ['drafting', 'inSignOff', 'submitted', 'deferred'], command.type);
  return [{ type: 'VorlageWithdrawn', data: { reason: command.data.reason } }];
}

// ---- evolve ---------------------------------------------------------------------------------

const pendingSignOff = (officeId: string, round: number): OfficeSignOff => ({
  officeId,
  askedInRound: round,
  status: 'pending',
  answeredInRound: null,
  fassung: null,
  signer: null,
  inVertretungFor: null,
  remarks: null,
  reason: null,
});

function withSignOff<S extends ExistingVorlage>(state: S, record: OfficeSignOff): S {
  return { ...state, signOffs: { ...state.signOffs, [record.officeId]: record } };
}

function withExtension<S extends ExistingVorlage>(
  state: S,
  officeId: string,
  extension: DeadlineExtension,
): S {
  return { ...state, extensions: { ...state.extensions, [officeId]: extension } };
}

/** The SPK's decision on the extension of that office and round; any other fits nothing. */
function decideExtension(
  state: VorlageState,
  target: { readonly officeId: string; readonly round: number },
  decision: Partial<DeadlineExtension>,
): VorlageState {
  const extension = state.status === 'none' ? undefined : state.extensions?.[target.officeId];
  if (state.status === 'none' || !extension || extension.round !== target.round) return state;
  return withExtension(state, target.officeId, { ...extension, ...decision });
}

/** Applies one event. Total: an event that does not fit the state leaves it unchanged. */
export function evolve(state: VorlageState, event: VorlageEvent): VorlageState {
  switch (event.type) {
    case 'VorlageCreated': {
      if (state.status !== 'none') return state;
      const { data } = event;
      return {
        status: 'drafting',
        vorlageId: data.vorlageId,
        title: data.title,
        leadOfficeId: data.leadOfficeId,
        rapporteur: data.rapporteur,
        targetSessionDate: data.targetSessionDate,
        initialFassung: data.initialFassung,
        rounds: [],
        signOffs: {},
        extensions: {},
        editing: { locked: false },
      };
    }
    case 'SignOffsRequested': {
      if (state.status !== 'drafting' && state.status !== 'inSignOff') return state;
      const { data } = event;
      const signOffs = { ...state.signOffs };
      for (const officeId of data.officeIds) {
        const previous = signOffs[officeId];
        signOffs[officeId] = previous
          ? { ...previous, askedInRound: data.round }
          : pendingSignOff(officeId, data.round);
      }
      const round = {
        round: data.round,
        officeIds: data.officeIds,
        deadline: data.deadline,
        deemedGivenPolicy: data.deemedGivenPolicy,
        fassung: data.fassung,
      };
      return { ...state, status: 'inSignOff', rounds: [...state.rounds, round], signOffs };
    }
    case 'TextVersionFrozen':
      return state;
    case 'SignOffGiven': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      return withSignOff(state, {
        ...record,
        status: event.data.kind === 'approve' ? 'approved' : 'approvedWithRemarks',
        answeredInRound: event.data.round,
        fassung: event.data.fassung,
        signer: event.data.signer,
        inVertretungFor: event.data.inVertretungFor,
        remarks: event.data.remarks,
        reason: null,
      });
    }
    case 'SignOffRefused': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      return withSignOff(state, {
        ...record,
        status: 'refused',
        answeredInRound: event.data.round,
        fassung: event.data.fassung,
        signer: event.data.signer,
        inVertretungFor: event.data.inVertretungFor,
        remarks: null,
        reason: event.data.reason,
      });
    }
    case 'SignOffWithdrawn': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      return withSignOff(state, pendingSignOff(record.officeId, record.askedInRound));
    }
    case 'SignOffDeemedGiven': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      return withSignOff(state, {
        ...pendingSignOff(record.officeId, record.askedInRound),
        status: 'deemedGiven',
        answeredInRound: event.data.round,
        fassung: event.data.fassung,
      });
    }
    case 'DeadlineExtensionRequested': {
      if (state.status === 'none') return state;
      const { data } = event;
      return withExtension(state, data.officeId, {
        round: data.round,
        status: 'requested',
        days: data.days,
        reason: data.reason,
        requestedBy: data.requestedBy,
        proposedDeadline: data.proposedDeadline,
        grantedDeadline: null,
        refusalReason: null,
      });
    }
    case 'DeadlineExtensionGranted':
      return decideExtension(state, event.data, {
        status: 'granted',
        grantedDeadline: event.data.deadline,
      });
    case 'DeadlineExtensionRefused':
      return decideExtension(state, event.data, {
        status: 'refused',
        refusalReason: event.data.reason,
      });
    case 'TargetSessionChanged': {
      if (state.status === 'none') return state;
      return { ...state, targetSessionDate: event.data.targetSessionDate };
    }
    case 'EditingLocked': {
      if (state.status === 'none') return state;
      const { data } = event;
      return {
        ...state,
        editing: {
          locked: true,
          lockId: data.lockId,
          fassung: data.fassung,
          textRevision: data.textRevision,
          markerRevision: data.markerRevision,
        },
      };
    }
    case 'EditingUnlocked': {
      if (state.status === 'drafting' || state.status === 'inSignOff') {
        return { ...state, editing: { locked: false } };
      }
      if (state.status !== 'deferred') return state;
      const { submission: _submission, decision: _decision, ...core } = state;
      return {
        ...core,
        status: core.rounds.length > 0 ? 'inSignOff' : 'drafting',
        editing: { locked: false },
      };
    }
    case 'SubmittedToSession': {
      if (
        state.status !== 'drafting' &&
        state.status !== 'inSignOff' &&
        state.status !== 'deferred'
      ) {
        return state;
      }
      const { decision: _decision, ...core } =
        state.status === 'deferred' ? state : { ...state, decision: null };
      const { data } = event;
      return {
        ...core,
        status: 'submitted',
        submission: {
          sessionDate: data.sessionDate,
          lockId: data.lockId,
          fassung: data.fassung,
          overridden: data.override !== null,
        },
      };
    }
    case 'DecisionRecorded': {
      if (state.status !== 'submitted') return state;
      const { data } = event;
      const decision = {
        sessionDate: data.sessionDate,
        outcome: data.outcome,
        changes: data.changes,
        note: data.note,
      };
      switch (data.outcome) {
        case 'adopted':
        case 'adoptedWithChanges':
          return { ...state, status: 'adopted', decision };
        case 'deferred':
          return { ...state, status: 'deferred', decision };
        case 'rejected':
          return { ...state, status: 'rejected', decision };
        default:
          return assertNever(data.outcome);
      }
    }
    case 'Published':
      if (state.status !== 'adopted') return state;
      return { ...state, status: 'published', bvvNumber: event.data.bvvNumber };
    case 'CommandRefused':
      return state; // D-108: a recorded answer, not a change
    case 'VorlageWithdrawn': {
      if (
        state.status !== 'drafting' &&
        state.status !== 'inSignOff' &&
        state.status !== 'submitted' &&
        state.status !== 'deferred'
      ) {
        return state;
      }
      return {
        ...state,
        status: 'withdrawn',
        reason: event.data.reason,
        withdrawnFrom: state.status,
      };
    }
    case 'ProposalDecided':
      return evolveProposalDecided(state, event);
    default:
      return assertNever(event);
  }
}

export function fold(
  events: readonly VorlageEvent[],
  from: VorlageState = { status: 'none' },
): VorlageState {
  return events.reduce(evolve, from);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
