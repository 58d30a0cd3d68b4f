import { z } from 'zod';
import { OfficeIdSchema } from '../../../domain/offices/catalogue';
import { IsoDateSchema } from '../../../domain/shared/actor';
import type { VorlageStatus } from '../../../domain/vorlage/state';

export const CreateVorlageRequestSchema = z.strictObject({
  title: z.string().trim().min(1, 'Bitte geben Sie den Gegenstand der Vorlage an.').max(500),
  leadOfficeId: OfficeIdSchema,
  rapporteurName: z
    .string()
    .trim()
    .min(1, 'Bitte geben Sie die Berichterstatterin oder den Berichterstatter an.')
    .max(200),
  targetSessionDate: IsoDateSchema,
});

export const LISTED_STATUSES = [
  'drafting',
  'inSignOff',
  'submitted',
  'deferred',
  'adopted',
  'rejected',
  'published',
  'withdrawn',
] as const satisfies readonly Exclude<VorlageStatus, 'none'>[];

export const ListVorlagenQuerySchema = z.strictObject({
  status: z.array(z.enum(LISTED_STATUSES)).optional(),
  leadOffice: OfficeIdSchema.optional(),
  sessionUntil: IsoDateSchema.optional(),
  overdue: z.enum(['1', 'true']).optional(),
});
