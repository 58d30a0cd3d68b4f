// The Vorlage decider (Emmett style): decide(command, state, context) → events, evolve(state, event)
// → state. Pure: time, ids and the actor come in the command metadata; the text head and deputy
// arrangements come in the context, read by the command handler. Rejections throw VorlageError.
import { berlinDateOf, instant } from '../shared/actor';
import { DomainError, failWith, type Fail } from '../shared/errors';
import { computeDeadline, DEFAULT_SIGN_OFF_PERIOD, extendDeadline } from '../deadlines/deadline';
import { deputyProblem, type DeputyArrangementView } from '../directory/deputy';
import { REPRESENTATION_IDS } from '../offices/catalogue';
import { normalizeText, type VorlageText } from '../text/canonical';
import type { SectionKey } from '../text/sections';
import { hasTextLock, type TextHead } from '../text/text-events';
import { proposalAuthorOf } from '../text/proposals';
import {
  canCoordinate,
  canCreateVorlage,
  canManageLifecycle,
  canRecordDeemedSignOffs,
} from './authorization';
import type { VorlageCommand, VorlageCommandOf } from './commands';
import { nextStage, nextStageRequest, planOf } from './plan';
import { isStanding, type Dissent } from './disagreements';
import {
  decideProposals,
  evolveProposalDecided,
  refuseLockWithOpenProposals,
} from './proposal-decisions';
import type { Fassung, InVertretung, Person, VorlageEvent } from './events';
import {
  currentExtension,
  effectiveDeadline,
  normalizeScope,
  signOffStandings,
  type DeadlineExtension,
  type ExistingVorlage,
  type InSignOff,
  type OfficeSignOff,
  type Reservation,
  type SignOffStatus,
  type Submitted,
  type VorlageCore,
  type VorlageState,
  type VorlageStatus,
  SIGN_OFF_ANSWER_STATUSES,
  SIGN_OFF_PHASE_STATUSES,
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
  'decision_before_session',
  'thread_not_citable',
  'proposal_not_citable',
  'plan_running',
  'no_open_reservation',
  'reservation_not_marked',
  'no_dissent',
  'dissent_before_board',
  'no_failed_attempt',
  'dissent_decision_missing',
  'not_a_representation',
  'participation_not_requested',
  'proposal_not_open',
  'proposal_already_decided',
  'proposal_text_mismatch',
  'proposals_open',
] as const;
export type VorlageErrorCode = (typeof VORLAGE_ERROR_CODES)[number];

/** Refuses a Vorlage command; shared with the decider's helpers (proposal-decisions). */
export const failVorlageCommand: Fail<VorlageErrorCode> = failWith('VorlageError');
const fail: Fail<VorlageErrorCode> = failVorlageCommand;

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
  /** D-135: sign-offs citing threads: the threads the signing office started in this Vorlage. */
  readonly citableThreadIds?: readonly string[];
  /** D-195: DecideProposals: per proposal id, the digest of the excerpt the decision names. */
  readonly decisionDigests?: Readonly<Record<string, string>>;
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
      return recordDeemedSignOffs(command, state, context);
    case 'RecordAgreementAttempt':
      return recordAgreementAttempt(command, state);
    case 'SubmitDissentToBoard':
      return submitDissentToBoard(command, state, context);
    case 'RequestParticipation':
      return requestParticipation(command, state);
    case 'SubmitStatement':
      return submitStatement(command, state);
    case 'MarkReservationFulfilled':
      return markReservationFulfilled(command, state);
    case 'ConfirmReservation':
    case 'ObjectToReservation':
      return answerReservation(command, state, context);
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
      return decideProposals(command, state, context);
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
  const scopes = partialScopes(data.scopes);
  const plan = data.laterStages ? planEvent(command, open) : null;
  return [
    {
      type: 'SignOffsRequested',
      data: {
        round,
        officeIds: [...data.officeIds].sort(),
        ...(scopes ? { scopes } : {}),
        ...(plan ? { stage: 1 } : {}),
        deadline,
        ...(data.period ? { period: data.period } : {}),
        deemedGivenPolicy: data.deemedGivenPolicy,
        fassung: fassungOf(text),
        textRevision: revisionString(text.contentRevision),
      },
    },
    ...(plan ? [plan] : []),
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

/** The default name of stage 1 of a sign-off plan (the specialist offices sign in parallel). */
export const FIRST_STAGE_NAME = 'Fachämter';

/**
 * D-153: the plan a request sets when it names later stages. Refused while an earlier plan still
 * has stages to request, and when a later stage names the lead office.
 */
function planEvent(command: VorlageCommandOf<'RequestSignOffs'>, open: VorlageCore): VorlageEvent {
  const { data } = command;
  if (nextStage(open)) {
    fail('plan_running', 'A sign-off plan still has stages to request', {
      nextStage: nextStage(open)?.stage,
    });
  }
  const later = data.laterStages ?? [];
  if (later.some((stage) => stage.officeIds.includes(open.leadOfficeId))) {
    fail('lead_office_not_askable', 'The lead office does not co-sign its own Vorlage', {
      officeId: open.leadOfficeId,
    });
  }
  const stage = (n: number, name: string, officeIds: readonly string[], scopes?: ScopeMap) => {
    const partial = partialScopes(scopes);
    return {
      stage: n,
      name,
      officeIds: [...officeIds].sort(),
      ...(partial ? { scopes: partial } : {}),
    };
  };
  return {
    type: 'SignOffPlanSet',
    data: {
      stages: [
        stage(1, data.stageName ?? FIRST_STAGE_NAME, data.officeIds, data.scopes),
        ...later.map((next, index) => stage(index + 2, next.name, next.officeIds, next.scopes)),
      ],
      period: data.period ?? DEFAULT_SIGN_OFF_PERIOD,
      deemedGivenPolicy: data.deemedGivenPolicy,
    },
  };
}

type ScopeMap = Readonly<Record<string, readonly SectionKey[]>>;

/** D-150: only the offices whose scope is not the whole text, in template order; none → undefined. */
function partialScopes(
  scopes: Readonly<Record<string, readonly SectionKey[]>> | undefined,
): Record<string, SectionKey[]> | undefined {
  const partial = Object.entries(scopes ?? {}).flatMap(([officeId, keys]) => {
    const scope = normalizeScope(keys);
    return scope ? [[officeId, scope] as const] : [];
  });
  return partial.length > 0
    ? Object.fromEntries(partial.sort(([a], [b]) => (a < b ? -1 : 1)))
    : undefined;
}

interface ResolvedSigner {
  readonly signer: Person;
  readonly inVertretungFor: InVertretung | null;
  readonly record: OfficeSignOff;
}

/** D-53 (= canSignOffFor), D-72: the actor signs for their own asked office, possibly in Vertretung. */
function resolveSigner(
  command: VorlageCommandOf<
    | 'GiveSignOff'
    | 'RefuseSignOff'
    | 'WithdrawSignOff'
    | 'ConfirmReservation'
    | 'ObjectToReservation'
  >,
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

function giveSignOff(
  command: VorlageCommandOf<'GiveSignOff'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_ANSWER_STATUSES, command.type);
  const { signer, inVertretungFor, record } = resolveSigner(command, state, context);
  const text = requireText(context, command.type);
  requireCurrentFassung(command.data.fassungHash, text);
  const status: SignOffStatus =
    command.data.kind === 'approve' ? 'approved' : 'approvedWithRemarks';
  const remarks = command.data.remarks ?? null;
  const cited = citations(command, state, context);
  const condition = command.data.reservation ?? null;
  if (
    record.status === status &&
    record.fassung?.textHash === text.textHash &&
    record.remarks === remarks &&
    sameCitations(record, cited) &&
    (record.reservation?.condition ?? null) === condition &&
    record.answeredInRound === record.askedInRound
  ) {
    fail('sign_off_unchanged', 'This office has given exactly this sign-off already', {
      officeId: record.officeId,
    });
  }
  return withNextStage(
    state,
    [
      {
        type: 'SignOffGiven',
        data: {
          officeId: record.officeId,
          round: record.askedInRound,
          kind: command.data.kind,
          remarks,
          ...(condition ? { reservation: { condition } } : {}),
          signer,
          inVertretungFor,
          fassung: fassungOf(text),
          ...cited,
        },
      },
    ],
    text,
    command.metadata.time,
  );
}

/**
 * D-155: the decision's events, followed — when they complete the current stage of the plan — by
 * the request of the next stage on the current text, in the same append.
 */
function withNextStage(
  state: ExistingVorlage,
  events: VorlageEvent[],
  text: TextHead | undefined,
  time: string,
): VorlageEvent[] {
  const after = events.reduce(evolve, state as VorlageState);
  if (after.status === 'none' || !text) return events;
  const head = { fassung: fassungOf(text), textRevision: revisionString(text.contentRevision) };
  return [...events, ...nextStageRequest(after, head, time)];
}

function refuseSignOff(
  command: VorlageCommandOf<'RefuseSignOff'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_ANSWER_STATUSES, command.type);
  const { signer, inVertretungFor, record } = resolveSigner(command, state, context);
  const text = requireText(context, command.type);
  requireCurrentFassung(command.data.fassungHash, text);
  const cited = citations(command, state, context);
  if (
    record.status === 'refused' &&
    record.fassung?.textHash === text.textHash &&
    record.reason === command.data.reason &&
    sameCitations(record, cited) &&
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
        ...cited,
      },
    },
  ];
}

type Citations = { citedThreadIds?: string[]; citedProposalIds?: string[] };

/** D-135, D-181: what a sign-off cites. As event fields: absent when nothing is cited. */
function citations(
  command: VorlageCommandOf<'GiveSignOff' | 'RefuseSignOff'>,
  state: ExistingVorlage,
  context: VorlageDecideContext,
): Citations {
  return { ...citedThreads(command, context), ...citedProposals(command, state, context) };
}

/**
 * D-135: the threads a sign-off cites must exist in this Vorlage and have been started by the
 * signing office.
 */
function citedThreads(
  command: VorlageCommandOf<'GiveSignOff' | 'RefuseSignOff'>,
  context: VorlageDecideContext,
): Pick<Citations, 'citedThreadIds'> {
  const ids = command.data.citedThreadIds;
  if (!ids) return {};
  const citable = new Set(context.citableThreadIds ?? []);
  const foreign = ids.filter((id) => !citable.has(id));
  if (foreign.length > 0) {
    fail('thread_not_citable', 'Only threads the signing office started may be cited', {
      threadIds: foreign,
    });
  }
  return { citedThreadIds: [...new Set(ids)] };
}

/**
 * D-181: a cited proposal must name the signing office as its author (the id carries it) and be
 * known to this Vorlage: pending in the text head (openProposals) or decided (ProposalDecided).
 */
function citedProposals(
  command: VorlageCommandOf<'GiveSignOff' | 'RefuseSignOff'>,
  state: ExistingVorlage,
  context: VorlageDecideContext,
): Pick<Citations, 'citedProposalIds'> {
  const ids = command.data.citedProposalIds;
  if (!ids) return {};
  const known = new Set([
    ...(context.text?.openProposals ?? []),
    ...Object.keys(state.decidedProposals ?? {}),
  ]);
  const foreign = ids.filter(
    (id) => !known.has(id) || proposalAuthorOf(id)?.officeId !== command.data.officeId,
  );
  if (foreign.length > 0) {
    fail('proposal_not_citable', 'Only change proposals of the signing office may be cited', {
      proposalIds: foreign,
    });
  }
  return { citedProposalIds: [...new Set(ids)] };
}

function sameCitations(record: OfficeSignOff, cited: Citations): boolean {
  return (
    (record.citedThreadIds ?? []).join() === (cited.citedThreadIds ?? []).join() &&
    (record.citedProposalIds ?? []).join('\n') === (cited.citedProposalIds ?? []).join('\n')
  );
}

function withdrawSignOff(
  command: VorlageCommandOf<'WithdrawSignOff'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_ANSWER_STATUSES, command.type);
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

/** D-160: the refusing office's dissent, still open (not before the board, not settled). */
function openDissent(state: VorlageCore, officeId: string): Dissent {
  const record = state.signOffs[officeId];
  const dissent = state.dissent?.[officeId];
  if (record?.status !== 'refused' || !dissent || !isStanding(dissent)) {
    fail('no_dissent', 'This office has no standing refusal', { officeId });
  }
  if (dissent.state === 'forBoard') {
    fail('dissent_before_board', 'This dissent is before the Bezirksamt already', { officeId });
  }
  return dissent;
}

const personOf = (command: VorlageCommand): Person => ({
  userId: command.metadata.actor.userId,
  displayName: command.metadata.actor.displayName,
});

/** D-160: the lead office or SPK records an Einigungsversuch with a refusing office. */
function recordAgreementAttempt(
  command: VorlageCommandOf<'RecordAgreementAttempt'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'record an attempt to agree', command);
  const open = inStatus(state, SIGN_OFF_ANSWER_STATUSES, command.type);
  const { officeId, date, participants, result, note } = command.data;
  openDissent(open, officeId);
  return [
    {
      type: 'AgreementAttemptRecorded',
      data: {
        officeId,
        date,
        participants,
        result,
        note: note ?? null,
        recordedBy: personOf(command),
      },
    },
  ];
}

/** D-161: after a failed attempt the dissent goes to the Bezirksamt; that may complete a stage. */
function submitDissentToBoard(
  command: VorlageCommandOf<'SubmitDissentToBoard'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = existing(current);
  allow(
    canManageLifecycle(command.metadata.actor, state),
    'submit a dissent to the board',
    command,
  );
  const open = inStatus(state, SIGN_OFF_ANSWER_STATUSES, command.type);
  const { officeId } = command.data;
  const dissent = openDissent(open, officeId);
  if (dissent.attempts.at(-1)?.result !== 'failed') {
    fail(
      'no_failed_attempt',
      'Only a dissent whose latest attempt to agree failed goes to the board',
      {
        officeId,
      },
    );
  }
  return withNextStage(
    open,
    [
      {
        type: 'DissentSubmittedToBoard',
        data: { officeId, reason: dissent.reason, submittedBy: personOf(command) },
      },
    ],
    context.text,
    command.metadata.time,
  );
}

/** D-164: the lead office or SPK involves employee representations (Beteiligung). */
function requestParticipation(
  command: VorlageCommandOf<'RequestParticipation'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'involve representations', command);
  inStatus(state, SIGN_OFF_PHASE_STATUSES, command.type);
  const { representationIds } = command.data;
  const others = representationIds.filter((id) => !REPRESENTATION_IDS.includes(id));
  if (others.length > 0) {
    fail('not_a_representation', 'Only employee representations take part by Beteiligung', {
      officeIds: others,
    });
  }
  return [
    {
      type: 'ParticipationRequested',
      data: { representationIds: [...representationIds].sort() },
    },
  ];
}

/** D-165: a member of an involved representation submits its Stellungnahme. */
function submitStatement(
  command: VorlageCommandOf<'SubmitStatement'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_PHASE_STATUSES, command.type);
  const { actor } = command.metadata;
  const { representationId, statement } = command.data;
  if (actor.role !== 'member' && actor.role !== 'signer') {
    fail('forbidden', `${actor.role} may not submit a statement`, { role: actor.role });
  }
  if (actor.officeId !== representationId) {
    fail('not_own_office', 'A representation states for itself only', { representationId });
  }
  if (!state.participation?.[representationId]) {
    fail('participation_not_requested', 'This representation was not involved', {
      representationId,
    });
  }
  return [
    {
      type: 'StatementSubmitted',
      data: { representationId, statement, by: personOf(command) },
    },
  ];
}

/** D-159: the lead office or SPK reports the condition of an open (or objected) reservation as met. */
function markReservationFulfilled(
  command: VorlageCommandOf<'MarkReservationFulfilled'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = existing(current);
  allow(canManageLifecycle(command.metadata.actor, state), 'mark a reservation fulfilled', command);
  const open = inStatus(state, SIGN_OFF_ANSWER_STATUSES, command.type);
  const { officeId } = command.data;
  const record = open.signOffs[officeId];
  const reservation = record?.reservation;
  if (
    !record ||
    !reservation ||
    (reservation.state !== 'open' && reservation.state !== 'objected')
  ) {
    fail('no_open_reservation', 'This office has no open reservation', { officeId });
  }
  const { actor } = command.metadata;
  return [
    {
      type: 'ReservationMarkedFulfilled',
      data: {
        officeId,
        round: record.answeredInRound ?? record.askedInRound,
        note: command.data.note ?? null,
        markedBy: { userId: actor.userId, displayName: actor.displayName },
      },
    },
  ];
}

/** D-159: the reserving office confirms the fulfilled condition, or objects with a reason. */
function answerReservation(
  command: VorlageCommandOf<'ConfirmReservation' | 'ObjectToReservation'>,
  current: VorlageState,
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_ANSWER_STATUSES, command.type);
  const { signer, record } = resolveSigner(command, state, context);
  if (record.reservation?.state !== 'fulfilled') {
    fail('reservation_not_marked', 'No reservation of this office is reported fulfilled', {
      officeId: record.officeId,
    });
  }
  const round = record.answeredInRound ?? record.askedInRound;
  if ('reason' in command.data) {
    return [
      {
        type: 'ReservationObjected',
        data: { officeId: record.officeId, round, reason: command.data.reason, signer },
      },
    ];
  }
  return [{ type: 'ReservationConfirmed', data: { officeId: record.officeId, round, signer } }];
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
  context: VorlageDecideContext,
): VorlageEvent[] {
  const state = existing(current);
  allow(canRecordDeemedSignOffs(command.metadata.actor), 'record deemed sign-offs', command);
  const open = inStatus(state, SIGN_OFF_ANSWER_STATUSES, command.type);
  const due = deemedSignOffsDue(open, command.metadata.time);
  if (due.length === 0) {
    fail('no_deemed_sign_offs_due', 'No silent office has an overdue deemed-given request', {
      time: command.metadata.time,
    });
  }
  const deemed = due.map((record): VorlageEvent => {
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
  return withNextStage(open, deemed, context.text, command.metadata.time);
}

/** D-105: a member or signer of an asked, still silent office asks for more time before its deadline. */
function requestDeadlineExtension(
  command: VorlageCommandOf<'RequestDeadlineExtension'>,
  current: VorlageState,
): VorlageEvent[] {
  const state = inStatus(existing(current), SIGN_OFF_ANSWER_STATUSES, command.type);
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
  const open = inStatus(state, SIGN_OFF_ANSWER_STATUSES, command.type);
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
  const open = inStatus(state, SIGN_OFF_ANSWER_STATUSES, command.type);
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
  // D-161: a refusal whose dissent is before the board needs no override.
  const refused = standings
    .filter((s) => s.standing === 'refused' && open.dissent?.[s.officeId]?.state !== 'forBoard')
    .map((s) => s.officeId);
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
  const { sessionDate } = submitted.submission;
  const early = berlinDateOf(command.metadata.time) < sessionDate;
  if (early && !command.data.earlyReason) {
    fail(
      'decision_before_session',
      `A decision before the session of ${sessionDate} needs a reason (earlyReason)`,
      { sessionDate },
    );
  }
  // D-163: every dissent before the board is decided with the Vorlage, and only those.
  const before = Object.values(submitted.dissent ?? {})
    .filter((dissent) => dissent.state === 'forBoard')
    .map((dissent) => dissent.officeId);
  const decisions = command.data.dissentDecisions ?? [];
  const stray = decisions.filter((entry) => !before.includes(entry.officeId));
  if (stray.length > 0) {
    fail('no_dissent', 'No dissent of this office is before the board', {
      officeIds: stray.map((entry) => entry.officeId),
    });
  }
  const missing = before.filter((officeId) => !decisions.some((d) => d.officeId === officeId));
  if (missing.length > 0) {
    fail('dissent_decision_missing', 'How the board decided each dissent is required', {
      officeIds: missing,
    });
  }
  return [
    {
      type: 'DecisionRecorded',
      data: {
        sessionDate,
        outcome: command.data.outcome,
        changes: command.data.changes ?? null,
        note: command.data.note ?? null,
        // A reason given on or after the session date has nothing to explain: not recorded.
        ...(early ? { earlyReason: command.data.earlyReason } : {}),
        ...(decisions.length > 0 ? { dissentDecisions: decisions } : {}),
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

function withDissent<S extends ExistingVorlage>(state: S, dissent: Dissent): S {
  return { ...state, dissent: { ...state.dissent, [dissent.officeId]: dissent } };
}

/** D-162: the office settles its own dissent — the refusal withdrawn, or an approval after all. */
function resolveDissent<S extends ExistingVorlage>(
  state: S,
  officeId: string,
  resolution: 'withdrawn' | 'approved',
): S {
  const dissent = state.dissent?.[officeId];
  if (!dissent || !isStanding(dissent)) return state;
  return withDissent(state, { ...dissent, state: 'resolved', resolution });
}

/** D-159: the office's reservation moves on; without one, the event fits nothing. */
function withReservation(
  state: VorlageState,
  officeId: string,
  change: Partial<Reservation>,
): VorlageState {
  const record = state.status === 'none' ? undefined : state.signOffs[officeId];
  if (state.status === 'none' || !record?.reservation) return state;
  return withSignOff(state, { ...record, reservation: { ...record.reservation, ...change } });
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
        // D-150: each request sets the office's scope anew (not named: the whole text).
        const scope = normalizeScope(data.scopes?.[officeId]);
        signOffs[officeId] = previous
          ? { ...previous, askedInRound: data.round, scope }
          : { ...pendingSignOff(officeId, data.round), scope };
      }
      const round = {
        round: data.round,
        officeIds: data.officeIds,
        deadline: data.deadline,
        deemedGivenPolicy: data.deemedGivenPolicy,
        fassung: data.fassung,
      };
      const plan =
        state.plan && data.stage !== undefined
          ? {
              ...state.plan,
              stages: state.plan.stages.map((stage) =>
                stage.stage === data.stage ? { ...stage, requestedInRound: data.round } : stage,
              ),
            }
          : state.plan;
      return { ...state, status: 'inSignOff', rounds: [...state.rounds, round], signOffs, plan };
    }
    case 'SignOffPlanSet': {
      if (state.status !== 'inSignOff') return state;
      return { ...state, plan: planOf(event, state.rounds.length) };
    }
    case 'TextVersionFrozen':
      return state;
    case 'SignOffGiven': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      const given = withSignOff(state, {
        ...record,
        status: event.data.kind === 'approve' ? 'approved' : 'approvedWithRemarks',
        answeredInRound: event.data.round,
        fassung: event.data.fassung,
        signer: event.data.signer,
        inVertretungFor: event.data.inVertretungFor,
        remarks: event.data.remarks,
        reason: null,
        citedThreadIds: event.data.citedThreadIds,
        citedProposalIds: event.data.citedProposalIds,
        reservation: event.data.reservation
          ? {
              condition: event.data.reservation.condition,
              state: 'open',
              note: null,
              objection: null,
            }
          : null,
      });
      return resolveDissent(given, event.data.officeId, 'approved');
    }
    case 'ReservationMarkedFulfilled':
      return withReservation(state, event.data.officeId, {
        state: 'fulfilled',
        note: event.data.note,
      });
    case 'ReservationConfirmed':
      return withReservation(state, event.data.officeId, { state: 'confirmed' });
    case 'ReservationObjected':
      return withReservation(state, event.data.officeId, {
        state: 'objected',
        objection: event.data.reason,
      });
    case 'SignOffRefused': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      const refusedState = withSignOff(state, {
        ...record,
        status: 'refused',
        answeredInRound: event.data.round,
        fassung: event.data.fassung,
        signer: event.data.signer,
        inVertretungFor: event.data.inVertretungFor,
        remarks: null,
        reason: event.data.reason,
        citedThreadIds: event.data.citedThreadIds,
        citedProposalIds: event.data.citedProposalIds,
        reservation: null,
      });
      const previous = refusedState.dissent?.[event.data.officeId];
      return withDissent(
        refusedState,
        previous && isStanding(previous)
          ? { ...previous, reason: event.data.reason }
          : {
              officeId: event.data.officeId,
              reason: event.data.reason,
              attempts: [],
              state: 'open',
              resolution: null,
              boardDecision: null,
            },
      );
    }
    case 'SignOffWithdrawn': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      const withdrawn = withSignOff(state, {
        ...pendingSignOff(record.officeId, record.askedInRound),
        scope: record.scope ?? null,
      });
      return event.data.withdrawnStatus === 'refused'
        ? resolveDissent(withdrawn, record.officeId, 'withdrawn')
        : withdrawn;
    }
    case 'SignOffDeemedGiven': {
      const record = state.status === 'none' ? undefined : state.signOffs[event.data.officeId];
      if (state.status === 'none' || !record) return state;
      return withSignOff(state, {
        ...pendingSignOff(record.officeId, record.askedInRound),
        scope: record.scope ?? null,
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
    case 'ParticipationRequested': {
      if (state.status === 'none') return state;
      const participation = { ...state.participation };
      for (const representationId of event.data.representationIds) {
        participation[representationId] ??= { representationId, statement: null, by: null };
      }
      return { ...state, participation };
    }
    case 'StatementSubmitted': {
      const entry =
        state.status === 'none' ? undefined : state.participation?.[event.data.representationId];
      if (state.status === 'none' || !entry) return state;
      return {
        ...state,
        participation: {
          ...state.participation,
          [entry.representationId]: {
            ...entry,
            statement: event.data.statement,
            by: event.data.by,
          },
        },
      };
    }
    case 'AgreementAttemptRecorded': {
      const dissent = state.status === 'none' ? undefined : state.dissent?.[event.data.officeId];
      if (state.status === 'none' || !dissent) return state;
      const { officeId: _officeId, ...attempt } = event.data;
      return withDissent(state, { ...dissent, attempts: [...dissent.attempts, attempt] });
    }
    case 'DissentSubmittedToBoard': {
      const dissent = state.status === 'none' ? undefined : state.dissent?.[event.data.officeId];
      if (state.status === 'none' || !dissent) return state;
      return withDissent(state, { ...dissent, state: 'forBoard' });
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
      const decided = (data.dissentDecisions ?? []).reduce<Submitted>((next, entry) => {
        const dissent = next.dissent?.[entry.officeId];
        if (!dissent || dissent.state !== 'forBoard') return next;
        return withDissent(next, {
          ...dissent,
          state: 'decided',
          boardDecision: { outcome: data.outcome, note: entry.decision },
        });
      }, state);
      switch (data.outcome) {
        case 'adopted':
        case 'adoptedWithChanges':
          return { ...decided, status: 'adopted', decision };
        case 'deferred':
          return { ...decided, status: 'deferred', decision };
        case 'rejected':
          return { ...decided, status: 'rejected', decision };
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
