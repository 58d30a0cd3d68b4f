// Commands on a Vorlage (imperative names), validated by zod at the boundary. Each command arrives
// with CommandMetadata (commandId, correlation, actor, time): the domain has no clock and no ids.
import { z } from 'zod';
import { CommandMetadataSchema, IsoDateSchema, IsoTimestampSchema } from '../shared/actor';
import { DeadlinePeriodSchema } from '../deadlines/deadline';
import { OfficeIdSchema } from '../offices/catalogue';
import { TextHashSchema, VorlageTextSchema } from '../text/canonical';
import {
  ApprovalKindSchema,
  BvvNumberSchema,
  DecisionOutcomeSchema,
  DeemedGivenPolicySchema,
  ProposalDecisionSchema,
  RapporteurSchema,
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
  });

export const GiveSignOffSchema = z
  .strictObject({
    ...vorlageId,
    officeId: OfficeIdSchema,
    kind: ApprovalKindSchema,
    remarks: text(5000).optional(),
    /** The Fassung the signer saw. */
    fassungHash: TextHashSchema,
    ...onBehalfOf,
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
});

export const WithdrawSignOffSchema = z.strictObject({
  ...vorlageId,
  officeId: OfficeIdSchema,
  reason: text(5000).optional(),
  ...onBehalfOf,
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
        inserted: z.string().max(5000),
        deleted: z.string().max(5000),
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
