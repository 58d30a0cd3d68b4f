// HTTP bodies of the directory (users and offices). The domain validates the commands again and
// decides who may run them (admins only); these schemas cover what the API adds: the plain password.
import { z } from 'zod';
import { LoginSchema } from '../../../domain/directory/events';
import { OfficeIdSchema } from '../../../domain/offices/catalogue';
import { RoleSchema } from '../../../domain/shared/actor';

const PasswordSchema = z
  .string()
  .min(12, 'Das Passwort braucht mindestens 12 Zeichen.')
  .max(200, 'Das Passwort darf höchstens 200 Zeichen haben.');

export const RegisterUserRequestSchema = z.strictObject({
  login: LoginSchema,
  displayName: z.string().trim().min(1).max(200),
  officeId: OfficeIdSchema,
  role: RoleSchema,
  password: PasswordSchema,
});

export const ChangePasswordRequestSchema = z.strictObject({ password: PasswordSchema });

/** URL segment → directory command; the body is the command's data without the user id. */
export const USER_COMMAND_ROUTES = {
  'change-role': 'ChangeUserRole',
  'change-office': 'ChangeUserOffice',
  'change-password': 'ChangeUserPassword',
  deactivate: 'DeactivateUser',
  reactivate: 'ReactivateUser',
  'arrange-deputy': 'ArrangeDeputy',
  'revoke-deputy': 'RevokeDeputyArrangement',
} as const;

export type UserCommandRoute = keyof typeof USER_COMMAND_ROUTES;

export function userCommandTypeFor(segment: string) {
  return Object.hasOwn(USER_COMMAND_ROUTES, segment)
    ? USER_COMMAND_ROUTES[segment as UserCommandRoute]
    : undefined;
}
