// Events of the Vorlage lifecycle (stream `vorlage-<id>`): zod schemas, inferred types, schema
// versions and the explicit upcasters that keep old events readable. Event names are past tense.
//
// Versioning: every stored event's metadata carries `schemaVersion`. `parseVorlageEvent` upcasts
// older data step by step (v1 → v2 → …) before validating it against the current schema, so the
// decider and the projections only ever see current shapes.
import { z } from 'zod';
import { IsoDateSchema, IsoTimestampSchema } from '../shared/actor';
import { DomainError } from '../shared/errors';
import { DeadlinePeriodSchema } from '../deadlines/deadline';
import { OfficeIdSchema } from '../offices/catalogue';
import { SectionHashesSchema, TextHashSchema, VorlageTextSchema } from '../text/canonical';
import { SECTION_KEYS, type SectionKey } from '../text/sections';
import { RevisionStringSchema } from '../text/text-events';

export const VORLAGE_STREAM_CATEGORY = 'vorlage';

const text = (max: number) => z.string().trim().min(1).max(max);

export const PersonSchema = z.strictObject({
  userId: z.string().min(1).max(200),
  displayName: z.string().min(1).max(200),
});
export type Person = z.infer<typeof PersonSchema>;

/** Acting in Vertretung: the represented signer and the dated arrangement that allowed it. */
export const InVertretungSchema = z.strictObject({
  principal: PersonSchema,
  arrangementId: z.string().min(1).max(200),
  validFrom: IsoDateSchema,
  validUntil: IsoDateSchema,
});
export type InVertretung = z.infer<typeof InVertretungSchema>;

/** A Fassung as a sign-off names it: the text hash and the per-section hashes. */
export const FassungSchema = z.strictObject({
  textHash: TextHashSchema,
  sectionHashes: SectionHashesSchema,
});
export type Fassung = z.infer<typeof FassungSchema>;

export const RapporteurSchema = z.strictObject({
  name: text(200),
  userId: z.string().min(1).max(200).nullable(),
});

export const DEEMED_GIVEN_POLICIES = ['explicitOnly', 'deemedGivenAfterDeadline'] as const;
export const DeemedGivenPolicySchema = z.enum(DEEMED_GIVEN_POLICIES);
export type DeemedGivenPolicy = z.infer<typeof DeemedGivenPolicySchema>;

export const APPROVAL_KINDS = ['approve', 'approveWithRemarks'] as const;
export const ApprovalKindSchema = z.enum(APPROVAL_KINDS);
export type ApprovalKind = z.infer<typeof ApprovalKindSchema>;

export const DECISION_OUTCOMES = ['adopted', 'adoptedWithChanges', 'deferred', 'rejected'] as const;
export const DecisionOutcomeSchema = z.enum(DECISION_OUTCOMES);
export type DecisionOutcome = z.infer<typeof DecisionOutcomeSchema>;

/** BVV-Drucksachennummer as in seed 000 ("471/V": number / Wahlperiode in Roman numerals). */
export const BvvNumberSchema = z
  .string()
  .regex(
    /^[1-9][0-9]{0,5}\/[IVXLC]{1,8}$/,
    'Die BVV-Drucksachennummer hat die Form „471/V“: Nummer, Schrägstrich, Wahlperiode in römischen Ziffern.',
  );

// ---- event data (current versions) ------------------------------------------------------------

export const VorlageCreatedSchema = z.strictObject({
  vorlageId: z.string().min(1).max(100),
  title: text(500),
  leadOfficeId: OfficeIdSchema,
  rapporteur: RapporteurSchema,
  targetSessionDate: IsoDateSchema,
  /** The template sections as first written (canonical form); the text stream starts from it. */
  initialText: VorlageTextSchema,
  initialFassung: FassungSchema,
});

/** D-150: the text sections an office's sign-off covers (a non-empty set of distinct keys). */
export const SectionScopeSchema = z
  .array(z.enum(SECTION_KEYS as [SectionKey, ...SectionKey[]]))
  .min(1)
  .max(SECTION_KEYS.length)
  .refine((keys) => new Set(keys).size === keys.length, 'Jeder Abschnitt nur einmal.');
export type SectionScope = z.infer<typeof SectionScopeSchema>;

/** D-153: the most stages a sign-off plan may have. */
export const MAX_STAGES = 5;

export const StageNameSchema = text(100);

/** D-153: a sign-off plan, recorded with the request of its stage 1. */
export const SignOffPlanSetSchema = z.strictObject({
  stages: z
    .array(
      z.strictObject({
        stage: z.int().min(1).max(MAX_STAGES),
        name: StageNameSchema,
        officeIds: z.array(OfficeIdSchema).min(1).max(50),
        scopes: z.record(OfficeIdSchema, SectionScopeSchema).optional(),
      }),
    )
    .min(2)
    .max(MAX_STAGES),
  /** The period each later stage's deadline is computed from, at the moment it is requested. */
  period: DeadlinePeriodSchema,
  deemedGivenPolicy: DeemedGivenPolicySchema,
});

export const SignOffsRequestedSchema = z.strictObject({
  round: z.int().min(1),
  officeIds: z.array(OfficeIdSchema).min(1).max(50),
  /**
   * D-150: per office the sections it covers; an office not named here covers the whole text.
   * Absent in requests stored before issue 19 (every office: whole text).
   */
  scopes: z.record(OfficeIdSchema, SectionScopeSchema).optional(),
  /** D-153: the stage of the sign-off plan this request opens; absent without a plan. */
  stage: z.int().min(1).max(MAX_STAGES).optional(),
  deadline: IsoTimestampSchema,
  /** The period the deadline was computed from (D-100); absent for a freely chosen end date. */
  period: DeadlinePeriodSchema.optional(),
  deemedGivenPolicy: DeemedGivenPolicySchema,
  /** The Fassung sent out with the request. */
  fassung: FassungSchema,
  textRevision: RevisionStringSchema.nullable(),
});

export const TEXT_VERSION_FROZEN_REASONS = ['signOffsRequested', 'editingLocked'] as const;
export const TextVersionFrozenSchema = z.strictObject({
  fassung: FassungSchema,
  textRevision: RevisionStringSchema.nullable(),
  reason: z.enum(TEXT_VERSION_FROZEN_REASONS),
  /** The canonical text itself when the caller supplied it (verified against the hash). */
  text: VorlageTextSchema.nullable(),
});

/** v1 (the DESIGN.md draft): flat signer fields, text hash only, no Vertretung. */
export const SignOffGivenV1Schema = z.strictObject({
  officeId: OfficeIdSchema,
  userId: z.string().min(1),
  displayName: z.string().min(1),
  kind: ApprovalKindSchema,
  remarks: z.string().optional(),
  fassungHash: TextHashSchema,
});

/**
 * D-135 / D-181: the discussion threads and change proposals a sign-off cites. Optional and absent
 * when none is cited, so events stored before them still read (no new schema version).
 */
const citedThreads = {
  citedThreadIds: z.array(z.uuid()).min(1).max(20).optional(),
  citedProposalIds: z.array(z.string().min(1).max(600)).min(1).max(20).optional(),
};

export const SignOffGivenSchema = z
  .strictObject({
    officeId: OfficeIdSchema,
    round: z.int().min(1),
    kind: ApprovalKindSchema,
    remarks: text(5000).nullable(),
    /** D-158: Zustimmung unter Vorbehalt — the condition; absent in sign-offs before issue 19. */
    reservation: z
      .strictObject({ condition: text(5000) })
      .nullable()
      .optional(),
    signer: PersonSchema,
    inVertretungFor: InVertretungSchema.nullable(),
    fassung: z.strictObject({
      textHash: TextHashSchema,
      /** null only for sign-offs upcast from v1, which did not record section hashes. */
      sectionHashes: SectionHashesSchema.nullable(),
    }),
    ...citedThreads,
  })
  .refine((data) => (data.kind === 'approveWithRemarks') === (data.remarks !== null), {
    message: 'remarks are required for approveWithRemarks and absent for approve',
    path: ['remarks'],
  });

export const SignOffRefusedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  reason: text(5000),
  signer: PersonSchema,
  inVertretungFor: InVertretungSchema.nullable(),
  fassung: FassungSchema,
  ...citedThreads,
});

export const SignOffWithdrawnSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  signer: PersonSchema,
  inVertretungFor: InVertretungSchema.nullable(),
  reason: text(5000).nullable(),
  /** What was withdrawn, so a reader of this event alone knows. */
  withdrawnStatus: z.enum(['approved', 'approvedWithRemarks', 'refused', 'deemedGiven']),
});

export const SignOffDeemedGivenSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  deadline: IsoTimestampSchema,
  policy: z.literal('deemedGivenAfterDeadline'),
  /** The Fassung that was sent out with the request the office left unanswered. */
  fassung: FassungSchema,
});

/** D-159: the lead office (or SPK) reports the condition of a reservation as fulfilled. */
export const ReservationMarkedFulfilledSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  note: text(5000).nullable(),
  markedBy: PersonSchema,
});

/** D-159: the reserving office confirms that its condition is fulfilled. */
export const ReservationConfirmedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  signer: PersonSchema,
});

/** D-159: the reserving office objects: its condition is not fulfilled (with a reason). */
export const ReservationObjectedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  reason: text(5000),
  signer: PersonSchema,
});

/** D-160: the lead office records an attempt to settle a refusal (Einigungsversuch). */
export const AgreementAttemptRecordedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  date: IsoDateSchema,
  participants: text(2000),
  result: z.enum(['agreed', 'failed']),
  note: text(5000).nullable(),
  recordedBy: PersonSchema,
});

/** D-161: a failed attempt — the dissent goes to the Bezirksamt for decision. */
export const DissentSubmittedToBoardSchema = z.strictObject({
  officeId: OfficeIdSchema,
  reason: text(5000),
  submittedBy: PersonSchema,
});

/** D-164: the lead office or SPK involves employee representations (Beteiligung). */
export const ParticipationRequestedSchema = z.strictObject({
  representationIds: z.array(OfficeIdSchema).min(1).max(10),
});

/** D-165: a representation's statement (Stellungnahme) on the Vorlage. */
export const StatementSubmittedSchema = z.strictObject({
  representationId: OfficeIdSchema,
  statement: text(10_000),
  by: PersonSchema,
});

/** D-105: an asked office asks for more time for its current round (Fristverlängerung). */
export const DeadlineExtensionRequestedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  days: z.int().min(1).max(365),
  reason: text(2000),
  requestedBy: PersonSchema,
  /** The deadline in force when asked, and the one a grant would set (§§ 190, 193 BGB). */
  currentDeadline: IsoTimestampSchema,
  proposedDeadline: IsoTimestampSchema,
});

/** D-106: the SPK grants the extension; the office's deadline for that round becomes `deadline`. */
export const DeadlineExtensionGrantedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  days: z.int().min(1).max(365),
  previousDeadline: IsoTimestampSchema,
  deadline: IsoTimestampSchema,
});

/** D-106: the SPK refuses it, with a reason; the deadline stays. */
export const DeadlineExtensionRefusedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  round: z.int().min(1),
  reason: text(2000),
});

/** D-113: the Vorlage now targets another session. */
export const TargetSessionChangedSchema = z.strictObject({
  previousSessionDate: IsoDateSchema,
  targetSessionDate: IsoDateSchema,
  reason: text(2000).nullable(),
});

export const EditingLockedSchema = z.strictObject({
  /** The LockEditing command id = the commandId of the TextEditingLocked marker. */
  lockId: z.uuid(),
  fassung: FassungSchema,
  textRevision: RevisionStringSchema.nullable(),
  markerRevision: RevisionStringSchema,
});

export const EditingUnlockedSchema = z.strictObject({
  releasesLock: z.uuid(),
  reason: text(2000).nullable(),
});

export const StaleSignOffSchema = z.strictObject({
  officeId: OfficeIdSchema,
  signedTextHash: TextHashSchema,
  /** Sections whose hash differs from the locked text; null when the sign-off predates section hashes. */
  changedSections: z.array(z.string()).nullable(),
});

export const SubmissionOverrideSchema = z.strictObject({
  reason: text(5000),
  missing: z.array(OfficeIdSchema),
  refused: z.array(OfficeIdSchema),
  stale: z.array(StaleSignOffSchema),
});

export const SubmittedToSessionSchema = z.strictObject({
  sessionDate: IsoDateSchema,
  lockId: z.uuid(),
  fassung: FassungSchema,
  /** Every asked office and how it stands for this submission. */
  signOffs: z.array(
    z.strictObject({
      officeId: OfficeIdSchema,
      status: z.enum(['valid', 'missing', 'refused', 'stale']),
    }),
  ),
  override: SubmissionOverrideSchema.nullable(),
});

export const DecisionRecordedSchema = z
  .strictObject({
    sessionDate: IsoDateSchema,
    outcome: DecisionOutcomeSchema,
    /** What the board changed; required for adoptedWithChanges. */
    changes: text(10_000).nullable(),
    note: text(5000).nullable(),
    /** D-180: present only on a decision recorded before its session date. */
    earlyReason: text(5000).optional(),
    /** D-163: how the board decided each dissent before it; absent before issue 19. */
    dissentDecisions: z
      .array(z.strictObject({ officeId: OfficeIdSchema, decision: text(5000) }))
      .max(50)
      .optional(),
  })
  .refine((data) => (data.outcome === 'adoptedWithChanges') === (data.changes !== null), {
    message: 'changes are required for adoptedWithChanges and only there',
    path: ['changes'],
  });

export const PublishedSchema = z.strictObject({ bvvNumber: BvvNumberSchema });

export const VorlageWithdrawnSchema = z.strictObject({ reason: text(5000) });

/**
 * D-108: the refusal of a command sent with a client-chosen id (Idempotency-Key), recorded so a
 * re-send answers the same refusal. Changes no state; written by the command handler, never by
 * `decide`.
 */
export const PROPOSAL_DECISIONS = ['accepted', 'rejected'] as const;
export const ProposalDecisionSchema = z.enum(PROPOSAL_DECISIONS);

/** An office or person as named by a change proposal's id (domain/text/proposals.ts). */
export const ProposalAuthorSchema = z.strictObject({
  userId: z.string().min(1).max(200),
  officeId: z.string().min(1).max(200),
});

/**
 * D-144: the lead office or SPK accepted or rejected one change proposal. Names the proposal's
 * author (from its id, which the collab server checked against the writing connection, D-143) and
 * the decider; the collab server applies the decision to the text (D-146).
 */
export const ProposalDecidedSchema = z.strictObject({
  proposalId: z.string().min(1).max(600),
  decision: ProposalDecisionSchema,
  author: ProposalAuthorSchema,
  decidedBy: PersonSchema.extend({ officeId: z.string().min(1).max(200) }),
  /** What the proposal inserts / deletes, as the decider saw it (for the GGO overview). */
  inserted: z.string().max(5000),
  deleted: z.string().max(5000),
});

export const CommandRefusedSchema = z.strictObject({
  commandType: z.string().min(1).max(100),
  code: z.string().min(1).max(100),
  message: z.string().max(2000),
  details: z.record(z.string(), z.json()),
});

// ---- the event union ------------------------------------------------------------------------

export const VORLAGE_EVENT_SCHEMAS = {
  VorlageCreated: VorlageCreatedSchema,
  SignOffsRequested: SignOffsRequestedSchema,
  SignOffPlanSet: SignOffPlanSetSchema,
  TextVersionFrozen: TextVersionFrozenSchema,
  SignOffGiven: SignOffGivenSchema,
  SignOffRefused: SignOffRefusedSchema,
  SignOffWithdrawn: SignOffWithdrawnSchema,
  SignOffDeemedGiven: SignOffDeemedGivenSchema,
  ReservationMarkedFulfilled: ReservationMarkedFulfilledSchema,
  ReservationConfirmed: ReservationConfirmedSchema,
  ReservationObjected: ReservationObjectedSchema,
  AgreementAttemptRecorded: AgreementAttemptRecordedSchema,
  DissentSubmittedToBoard: DissentSubmittedToBoardSchema,
  ParticipationRequested: ParticipationRequestedSchema,
  StatementSubmitted: StatementSubmittedSchema,
  DeadlineExtensionRequested: DeadlineExtensionRequestedSchema,
  DeadlineExtensionGranted: DeadlineExtensionGrantedSchema,
  DeadlineExtensionRefused: DeadlineExtensionRefusedSchema,
  TargetSessionChanged: TargetSessionChangedSchema,
  EditingLocked: EditingLockedSchema,
  EditingUnlocked: EditingUnlockedSchema,
  SubmittedToSession: SubmittedToSessionSchema,
  DecisionRecorded: DecisionRecordedSchema,
  Published: PublishedSchema,
  VorlageWithdrawn: VorlageWithdrawnSchema,
  ProposalDecided: ProposalDecidedSchema,
  CommandRefused: CommandRefusedSchema,
} as const;

export type VorlageEventType = keyof typeof VORLAGE_EVENT_SCHEMAS;
export const VORLAGE_EVENT_TYPES = Object.keys(VORLAGE_EVENT_SCHEMAS) as VorlageEventType[];

export type VorlageEventOf<T extends VorlageEventType> = {
  readonly type: T;
  readonly data: z.infer<(typeof VORLAGE_EVENT_SCHEMAS)[T]>;
};
export type VorlageEvent = { [T in VorlageEventType]: VorlageEventOf<T> }[VorlageEventType];

export type VorlageCreated = VorlageEventOf<'VorlageCreated'>;
export type SignOffsRequested = VorlageEventOf<'SignOffsRequested'>;
export type SignOffPlanSet = VorlageEventOf<'SignOffPlanSet'>;
export type TextVersionFrozen = VorlageEventOf<'TextVersionFrozen'>;
export type SignOffGiven = VorlageEventOf<'SignOffGiven'>;
export type SignOffRefused = VorlageEventOf<'SignOffRefused'>;
export type SignOffWithdrawn = VorlageEventOf<'SignOffWithdrawn'>;
export type SignOffDeemedGiven = VorlageEventOf<'SignOffDeemedGiven'>;
export type DeadlineExtensionRequested = VorlageEventOf<'DeadlineExtensionRequested'>;
export type DeadlineExtensionGranted = VorlageEventOf<'DeadlineExtensionGranted'>;
export type DeadlineExtensionRefused = VorlageEventOf<'DeadlineExtensionRefused'>;
export type TargetSessionChanged = VorlageEventOf<'TargetSessionChanged'>;
export type EditingLocked = VorlageEventOf<'EditingLocked'>;
export type EditingUnlocked = VorlageEventOf<'EditingUnlocked'>;
export type SubmittedToSession = VorlageEventOf<'SubmittedToSession'>;
export type DecisionRecorded = VorlageEventOf<'DecisionRecorded'>;
export type Published = VorlageEventOf<'Published'>;
export type VorlageWithdrawn = VorlageEventOf<'VorlageWithdrawn'>;
export type ProposalDecided = VorlageEventOf<'ProposalDecided'>;
export type CommandRefused = VorlageEventOf<'CommandRefused'>;

// ---- versions and upcasting -----------------------------------------------------------------

/** The schema version written for each event type today. */
export const CURRENT_SCHEMA_VERSION: Record<VorlageEventType, number> = {
  VorlageCreated: 1,
  SignOffsRequested: 1,
  SignOffPlanSet: 1,
  TextVersionFrozen: 1,
  SignOffGiven: 2,
  SignOffRefused: 1,
  SignOffWithdrawn: 1,
  SignOffDeemedGiven: 1,
  ReservationMarkedFulfilled: 1,
  ReservationConfirmed: 1,
  ReservationObjected: 1,
  AgreementAttemptRecorded: 1,
  DissentSubmittedToBoard: 1,
  ParticipationRequested: 1,
  StatementSubmitted: 1,
  DeadlineExtensionRequested: 1,
  DeadlineExtensionGranted: 1,
  DeadlineExtensionRefused: 1,
  TargetSessionChanged: 1,
  EditingLocked: 1,
  EditingUnlocked: 1,
  SubmittedToSession: 1,
  DecisionRecorded: 1,
  Published: 1,
  VorlageWithdrawn: 1,
  ProposalDecided: 1,
  CommandRefused: 1,
};

type Upcaster = (data: unknown) => unknown;

/** `UPCASTERS[type][n]` turns version n data into version n+1 data. */
export const UPCASTERS: Partial<Record<VorlageEventType, Record<number, Upcaster>>> = {
  SignOffGiven: {
    1: (data) => {
      const v1 = SignOffGivenV1Schema.parse(data);
      return {
        officeId: v1.officeId,
        round: 1,
        kind: v1.kind,
        remarks: v1.kind === 'approveWithRemarks' ? v1.remarks?.trim() || '(ohne Text)' : null,
        signer: { userId: v1.userId, displayName: v1.displayName },
        inVertretungFor: null,
        fassung: { textHash: v1.fassungHash, sectionHashes: null },
      };
    },
  },
};

export function isVorlageEventType(type: string): type is VorlageEventType {
  return Object.hasOwn(VORLAGE_EVENT_SCHEMAS, type);
}

/**
 * Reads an event back from the store: upcasts `data` from `schemaVersion` to the current version
 * and validates it. Throws DomainError('event_unreadable') rather than letting bad data in.
 */
export function parseVorlageEvent(type: string, data: unknown, schemaVersion = 1): VorlageEvent {
  if (!isVorlageEventType(type)) {
    throw new DomainError('event_unreadable', `Unknown Vorlage event type ${type}`, { type });
  }
  const current = CURRENT_SCHEMA_VERSION[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new DomainError(
      'event_unreadable',
      `${type} has unsupported schema version ${schemaVersion}`,
      {
        type,
        schemaVersion,
      },
    );
  }
  let upcast = data;
  for (let version = schemaVersion; version < current; version += 1) {
    const step = UPCASTERS[type]?.[version];
    if (!step)
      throw new DomainError('event_unreadable', `No upcaster for ${type} v${version}`, {
        type,
        version,
      });
    upcast = step(upcast);
  }
  const parsed = VORLAGE_EVENT_SCHEMAS[type].safeParse(upcast);
  if (!parsed.success) {
    throw new DomainError(
      'event_unreadable',
      `${type} v${schemaVersion} does not match its schema`,
      {
        type,
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      },
    );
  }
  return { type, data: parsed.data } as VorlageEvent;
}

/**
 * The Fassung an event names, if it names one: the text it was created with, sent out with a
 * request, frozen, signed, refused, deemed given, locked or submitted. "Fassung n" of a Vorlage is
 * the n-th distinct one in stream order (the audit's Fassungen and the approval view count alike).
 */
export function fassungNamedBy(event: VorlageEvent): string | null {
  switch (event.type) {
    case 'VorlageCreated':
      return event.data.initialFassung.textHash;
    case 'SignOffsRequested':
    case 'TextVersionFrozen':
    case 'SignOffGiven':
    case 'SignOffRefused':
    case 'SignOffDeemedGiven':
    case 'EditingLocked':
    case 'SubmittedToSession':
      return event.data.fassung.textHash;
    default:
      return null;
  }
}
