// Directory commands (admin only, plus the system actor for seeding).
import { z } from 'zod';
import { CommandMetadataSchema, IsoDateSchema, RoleSchema } from '../shared/actor';
import { OFFICE_KINDS, OfficeIdSchema } from '../offices/catalogue';
import { LoginSchema, PasswordHashSchema } from './events';

const text = (max: number) => z.string().trim().min(1).max(max);

export const DIRECTORY_COMMAND_SCHEMAS = {
  RegisterOffice: z.strictObject({
    officeId: OfficeIdSchema,
    name: text(300),
    shortName: text(40),
    kind: z.enum(OFFICE_KINDS),
  }),
  RenameOffice: z.strictObject({ officeId: OfficeIdSchema, name: text(300), shortName: text(40) }),
  RegisterUser: z.strictObject({
    /** Must equal userIdForLogin(login): one stream per login makes logins unique. */
    userId: z.uuid(),
    login: LoginSchema,
    displayName: text(200),
    officeId: OfficeIdSchema,
    role: RoleSchema,
    passwordHash: PasswordHashSchema,
  }),
  ChangeUserRole: z.strictObject({ userId: z.uuid(), role: RoleSchema }),
  /** D-170: to another registered office; the account's open deputy arrangements end with it. */
  ChangeUserOffice: z.strictObject({ userId: z.uuid(), officeId: OfficeIdSchema }),
  ChangeUserPassword: z.strictObject({ userId: z.uuid(), passwordHash: PasswordHashSchema }),
  DeactivateUser: z.strictObject({
    userId: z.uuid(),
    reason: z.string().trim().min(1, 'Bitte geben Sie den Grund der Deaktivierung an.').max(2000),
  }),
  ReactivateUser: z.strictObject({ userId: z.uuid() }),
  /** On the principal's stream: `deputyUserId` acts in Vertretung for `userId`. */
  ArrangeDeputy: z
    .strictObject({
      userId: z.uuid(),
      deputyUserId: z.uuid(),
      validFrom: IsoDateSchema,
      validUntil: IsoDateSchema,
    })
    .refine((data) => data.validFrom <= data.validUntil, {
      message: 'Das Ende der Vertretung liegt vor ihrem Beginn',
      path: ['validUntil'],
    }),
  RevokeDeputyArrangement: z.strictObject({
    userId: z.uuid(),
    arrangementId: z.string().min(1).max(200),
    reason: text(2000).optional(),
  }),
} as const;

export type DirectoryCommandType = keyof typeof DIRECTORY_COMMAND_SCHEMAS;
export type DirectoryCommandOf<T extends DirectoryCommandType> = {
  readonly type: T;
  readonly data: z.infer<(typeof DIRECTORY_COMMAND_SCHEMAS)[T]>;
  readonly metadata: z.infer<typeof CommandMetadataSchema>;
};
export type OfficeCommand =
  DirectoryCommandOf<'RegisterOffice'> | DirectoryCommandOf<'RenameOffice'>;
export type UserCommand = {
  [T in Exclude<DirectoryCommandType, OfficeCommand['type']>]: DirectoryCommandOf<T>;
}[Exclude<DirectoryCommandType, OfficeCommand['type']>];
export type DirectoryCommand = OfficeCommand | UserCommand;

const TYPES = Object.keys(DIRECTORY_COMMAND_SCHEMAS) as DirectoryCommandType[];
export const DirectoryCommandSchema = z.discriminatedUnion(
  'type',
  TYPES.map((type) =>
    z.strictObject({
      type: z.literal(type),
      data: DIRECTORY_COMMAND_SCHEMAS[type],
      metadata: CommandMetadataSchema,
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<DirectoryCommand>;

export function isOfficeCommand(command: DirectoryCommand): command is OfficeCommand {
  return command.type === 'RegisterOffice' || command.type === 'RenameOffice';
}
