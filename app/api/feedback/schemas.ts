import { z } from 'zod';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/** Feedback on accessibility (BIKTG): a message is required, contact details are optional. */
export const FeedbackSchema = z.strictObject({
  message: z
    .string()
    .trim()
    .min(10, 'Bitte beschreiben Sie das Problem in mindestens 10 Zeichen.')
    .max(5000, 'Bitte fassen Sie sich kürzer (höchstens 5000 Zeichen).'),
  page: optionalText(500),
  name: optionalText(200),
  email: z
    .string()
    .trim()
    .max(320)
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(
      z
        .email('Bitte geben Sie eine gültige E-Mail-Adresse an oder lassen Sie das Feld leer.')
        .optional(),
    ),
});
export type Feedback = z.infer<typeof FeedbackSchema>;
