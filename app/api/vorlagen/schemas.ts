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

/** Paging of the list endpoints: page size, and the `nextCursor` the previous page answered. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(2000).optional(),
});

export const ListVorlagenQuerySchema = PageQuerySchema.extend({
  status: z.array(z.enum(LISTED_STATUSES)).optional(),
  leadOffice: OfficeIdSchema.optional(),
  sessionUntil: IsoDateSchema.optional(),
  overdue: z.enum(['1', 'true']).optional(),
  q: z.string().trim().max(200).optional(),
});
