// Commands on a Vorlage (imperative names), validated by zod at the boundary. Each command arrives
// with CommandMetadata (commandId, correlation, actor, time): the domain has no clock and no ids.
import { z } from 'zod';
import { CommandMetadataSchema, IsoDateSchema, IsoTimestampSchema } from '../shared/actor';
import { DeadlinePeriodSchema } from '../deadlines/deadline';
import { OfficeIdSchema } from '../offices/catalogue';
import { TextHashSchema, VorlageTextSchema } from '../text/canonical';
import { PROPOSAL_EXCERPT_MAX_CHARS } from '../text/proposals';
import {
  ApprovalKindSchema,
  BvvNumberSchema,
  DecisionOutcomeSchema,
  DeemedGivenPolicySchema,
  MAX_STAGES,
  ProposalDecisionSchema,
  RapporteurSchema,
  SectionScopeSchema,
  StageNameSchema,
} from './events';

const text = (max: number) => z.string().trim().min(1).max(max);
export const VorlageIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
    'Die Kennung einer Vorlage besteht aus Buchstaben, Ziffern, „_“ und „-“.',
  );

const vorlageId = { vorlageId: VorlageIdSchema };
/** Acting in Vertretung: the user id of the represented signer. */
const onBehalfOf = { onBehalfOf: z.string().min(1).max(200).optional() };

export const CreateVorlageSchema = z.strictObject({
  ...vorlageId,
  title: text(500),
  leadOfficeId: OfficeIdSchema,
  rapporteur: RapporteurSchema,
  targetSessionDate: IsoDateSchema,
  initialText: VorlageTextSchema,
});

export const RequestSignOffsSchema = z
  .strictObject({
    ...vorlageId,
    officeIds: z
      .array(OfficeIdSchema)
      .min(1)
      .max(50)
      .refine(
        (ids) => new Set(ids).size === ids.length,
        'Jedes Amt darf nur einmal genannt werden.',
      ),
    /** D-150: per office the sections it covers; an office not named covers the whole text. */
    scopes: z.record(OfficeIdSchema, SectionScopeSchema).optional(),
    /** D-153: the name of this request's stage when later stages follow (default „Fachämter“). */
    stageName: StageNameSchema.optional(),
    /** D-153: the stages that follow, each requested when the one before is complete. */
    laterStages: z
      .array(
        z.strictObject({
          name: StageNameSchema,
          officeIds: z.array(OfficeIdSchema).min(1).max(50),
          scopes: z.record(OfficeIdSchema, SectionScopeSchema).optional(),
        }),
      )
      .min(1)
      .max(MAX_STAGES - 1)
      .optional(),
    /** A freely chosen end (D-103); or else `period`, from which the domain computes it (D-100). */
    deadline: IsoTimestampSchema.optional(),
    period: DeadlinePeriodSchema.optional(),
    deemedGivenPolicy: DeemedGivenPolicySchema,
    /** The Fassung the requester saw; refused when it is no longer the current text. */
    fassungHash: TextHashSchema,
    /** Optionally the text itself, frozen with the request (verified against the hash). */
    text: VorlageTextSchema.optional(),
  })
  .refine((data) => (data.deadline === undefined) !== (data.period === undefined), {
    message: 'Bitte geben Sie entweder eine Frist (Datum) oder eine Fristdauer an.',
    path: ['deadline'],
  })
  .refine(
    (data) => Object.keys(data.scopes ?? {}).every((officeId) => data.officeIds.includes(officeId)),
    { message: 'Ein Umfang darf nur für angefragte Ämter angegeben werden.', path: ['scopes'] },
  )
  .refine(
    (data) => {
      const all = [data.officeIds, ...(data.laterStages ?? []).map((s) => s.officeIds)].flat();
      return new Set(all).size === all.length;
    },
    { message: 'Jedes Amt darf nur in einer Stufe stehen.', path: ['laterStages'] },
  )
  .refine(
    (data) =>
      (data.laterStages ?? []).every((stage) =>
        Object.keys(stage.scopes ?? {}).every((officeId) => stage.officeIds.includes(officeId)),
      ),
    { message: 'Ein Umfang darf nur für Ämter der Stufe angegeben werden.', path: ['laterStages'] },
  );

/** D-135: comment threads of the signing office that the remarks or the refusal refer to. */
export const MAX_CITED_THREADS = 20;
const citedThreads = {
  citedThreadIds: z.array(z.uuid()).min(1).max(MAX_CITED_THREADS).optional(),
  /** D-181: change proposals of the signing office (pending or decided) the answer refers to. */
  citedProposalIds: z.array(z.string().min(1).max(600)).min(1).max(MAX_CITED_THREADS).optional(),
};

export const GiveSignOffSchema = z
  .strictObject({
    ...vorlageId,
    officeId: OfficeIdSchema,
    kind: ApprovalKindSchema,
    remarks: text(5000).optional(),
    /** D-158: Zustimmung unter Vorbehalt — the condition the approval depends on. */
    reservation: text(5000).optional(),
    /** The Fassung the signer saw. */
    fassungHash: TextHashSchema,
    ...onBehalfOf,
    ...citedThreads,
  })
  .refine((data) => (data.kind === 'approveWithRemarks') === (data.remarks !== undefined), {
    message: 'Anmerkungen sind bei Zustimmung mit Anmerkungen Pflicht (und nur dort erlaubt)',
    path: ['remarks'],
  });

export const RefuseSignOffSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  reason: text(5000),
  fassungHash: TextHashSchema,
  ...onBehalfOf,
  ...citedThreads,
});

export const WithdrawSignOffSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  reason: text(5000).optional(),
  ...onBehalfOf,
});

/** D-159: the lead office or SPK reports a reservation's condition as fulfilled. */
export const MarkReservationFulfilledSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  note: text(5000).optional(),
});

/** D-159: the reserving office's signer confirms the condition is fulfilled. */
export const ConfirmReservationSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  ...onBehalfOf,
});

/** D-159: the reserving office's signer objects, with a reason. */
export const ObjectToReservationSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  reason: text(5000),
  ...onBehalfOf,
});

/** D-160: the lead office or SPK records an Einigungsversuch with a refusing office. */
export const RecordAgreementAttemptSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  date: IsoDateSchema,
  participants: text(2000),
  result: z.enum(['agreed', 'failed']),
  note: text(5000).optional(),
});

/** D-161: „Dem Bezirksamt zur Entscheidung vorlegen“ after a failed attempt. */
export const SubmitDissentToBoardSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
});

/** D-164: involve employee representations (not a Mitzeichnung). */
export const RequestParticipationSchema = z.strictObject({
  ...vorlageId,
  representationIds: z
    .array(OfficeIdSchema)
    .min(1)
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, 'Jede Vertretung nur einmal.'),
});

/** D-165: a representation's Stellungnahme. */
export const SubmitStatementSchema = z.strictObject({
  ...vorlageId,
  representationId: OfficeIdSchema,
  statement: text(10_000),
});

export const RecordDeemedSignOffsSchema = z.strictObject({ ...vorlageId });

/** The longest extension an office may ask for, in calendar days (D-105). */
export const MAX_EXTENSION_DAYS = 7;

export const RequestDeadlineExtensionSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  days: z.int().min(1).max(MAX_EXTENSION_DAYS),
  reason: text(2000),
});

export const GrantDeadlineExtensionSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
});

export const RefuseDeadlineExtensionSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  reason: text(2000),
});

/** D-113: move the Vorlage to another Bezirksamtssitzung before it is submitted. */
export const ChangeTargetSessionSchema = z.strictObject({
  ...vorlageId,
  targetSessionDate: IsoDateSchema,
  reason: text(2000).optional(),
});

export const LockEditingSchema = z.strictObject({
  ...vorlageId,
  /** Optionally the text being locked, stored with the frozen Fassung (verified against the hash). */
  text: VorlageTextSchema.optional(),
});

export const UnlockEditingSchema = z.strictObject({ ...vorlageId, reason: text(2000).optional() });

export const SubmitToSessionSchema = z.strictObject({
  ...vorlageId,
  sessionDate: IsoDateSchema,
  /** Required when sign-offs are missing, refused or stale; recorded with the list of them. */
  overrideReason: text(5000).optional(),
});

export const RecordDecisionSchema = z
  .strictObject({
    ...vorlageId,
    outcome: DecisionOutcomeSchema,
    changes: text(10_000).optional(),
    note: text(5000).optional(),
    /** D-180: why the decision is recorded before the session date (required only then). */
    earlyReason: text(5000).optional(),
    /** D-163: per dissent before the board, how the board decided it. */
    dissentDecisions: z
      .array(z.strictObject({ officeId: OfficeIdSchema, decision: text(5000) }))
      .max(50)
      .optional(),
  })
  .refine((data) => (data.outcome === 'adoptedWithChanges') === (data.changes !== undefined), {
    message: 'Änderungen sind bei „mit Änderungen beschlossen“ Pflicht (und nur dort erlaubt)',
    path: ['changes'],
  });

/** D-144: accept or reject change proposals ("Annehmen", "Ablehnen", "Alle annehmen"). */
export const DecideProposalsSchema = z.strictObject({
  ...vorlageId,
  decisions: z
    .array(
      z.strictObject({
        proposalId: z.string().min(1).max(600),
        decision: ProposalDecisionSchema,
        inserted: z.string().max(PROPOSAL_EXCERPT_MAX_CHARS),
        deleted: z.string().max(PROPOSAL_EXCERPT_MAX_CHARS),
      }),
    )
    .min(1)
    .max(200)
    .refine(
      (decisions) => new Set(decisions.map((d) => d.proposalId)).size === decisions.length,
      'Jeder Vorschlag darf nur einmal entschieden werden.',
    ),
});

export const PublishVorlageSchema = z.strictObject({ ...vorlageId, bvvNumber: BvvNumberSchema });

export const WithdrawVorlageSchema = z.strictObject({ ...vorlageId, reason: text(5000) });

export const VORLAGE_COMMAND_SCHEMAS = {
  CreateVorlage: CreateVorlageSchema,
  RequestSignOffs: RequestSignOffsSchema,
  GiveSignOff: GiveSignOffSchema,
  RefuseSignOff: RefuseSignOffSchema,
  WithdrawSignOff: WithdrawSignOffSchema,
  RecordDeemedSignOffs: RecordDeemedSignOffsSchema,
  MarkReservationFulfilled: MarkReservationFulfilledSchema,
  ConfirmReservation: ConfirmReservationSchema,
  ObjectToReservation: ObjectToReservationSchema,
  RecordAgreementAttempt: RecordAgreementAttemptSchema,
  SubmitDissentToBoard: SubmitDissentToBoardSchema,
  RequestParticipation: RequestParticipationSchema,
  SubmitStatement: SubmitStatementSchema,
  RequestDeadlineExtension: RequestDeadlineExtensionSchema,
  GrantDeadlineExtension: GrantDeadlineExtensionSchema,
  RefuseDeadlineExtension: RefuseDeadlineExtensionSchema,
  ChangeTargetSession: ChangeTargetSessionSchema,
  LockEditing: LockEditingSchema,
  UnlockEditing: UnlockEditingSchema,
  SubmitToSession: SubmitToSessionSchema,
  RecordDecision: RecordDecisionSchema,
  PublishVorlage: PublishVorlageSchema,
  WithdrawVorlage: WithdrawVorlageSchema,
  DecideProposals: DecideProposalsSchema,
} as const;

export type VorlageCommandType = keyof typeof VORLAGE_COMMAND_SCHEMAS;
export const VORLAGE_COMMAND_TYPES = Object.keys(VORLAGE_COMMAND_SCHEMAS) as VorlageCommandType[];

export type VorlageCommandOf<T extends VorlageCommandType> = {
  readonly type: T;
  readonly data: z.infer<(typeof VORLAGE_COMMAND_SCHEMAS)[T]>;
  readonly metadata: z.infer<typeof CommandMetadataSchema>;
};
export type VorlageCommand = { [T in VorlageCommandType]: VorlageCommandOf<T> }[VorlageCommandType];

/** The whole command envelope as JSON arrives at a route handler. */
export const VorlageCommandSchema = z.discriminatedUnion(
  'type',
  VORLAGE_COMMAND_TYPES.map((type) =>
    z.strictObject({
      type: z.literal(type),
      data: VORLAGE_COMMAND_SCHEMAS[type],
      metadata: CommandMetadataSchema,
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<VorlageCommand>;
