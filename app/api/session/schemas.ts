import { z } from 'zod';

export const SignInSchema = z.strictObject({
  login: z.string().trim().min(1, 'Bitte geben Sie Ihren Benutzernamen ein.').max(100),
  password: z.string().min(1, 'Bitte geben Sie Ihr Passwort ein.').max(1000),
});
