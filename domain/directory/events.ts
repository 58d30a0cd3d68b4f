// Events of the directory: offices (`office-<id>`) and users (`user-<id>`), including dated deputy
// arrangements (Vertretung), which live on the represented signer's stream.
import { z } from 'zod';
import { IsoDateSchema, RoleSchema } from '../shared/actor';
import { DomainError } from '../shared/errors';
import { OFFICE_KINDS, OfficeIdSchema } from '../offices/catalogue';

export const OFFICE_STREAM_CATEGORY = 'office';
export const USER_STREAM_CATEGORY = 'user';

const text = (max: number) => z.string().trim().min(1).max(max);

export const LoginSchema = z
  .string()
  .min(2)
  .max(100)
  .regex(
    /^[a-z0-9][a-z0-9._@-]*$/,
    'Ein Anmeldename besteht aus Kleinbuchstaben, Ziffern und den Zeichen . _ @ - und beginnt mit einem Buchstaben oder einer Ziffer.',
  );
/** Opaque to the domain (argon2 in app/); never logged. */
export const PasswordHashSchema = z.string().min(16).max(1000);

export const OfficeRegisteredSchema = z.strictObject({
  officeId: OfficeIdSchema,
  name: text(300),
  shortName: text(40),
  kind: z.enum(OFFICE_KINDS),
});
export const OfficeRenamedSchema = z.strictObject({ name: text(300), shortName: text(40) });

export const UserRegisteredSchema = z.strictObject({
  userId: z.uuid(),
  login: LoginSchema,
  displayName: text(200),
  officeId: OfficeIdSchema,
  role: RoleSchema,
  passwordHash: PasswordHashSchema,
});
export const UserRoleChangedSchema = z.strictObject({ role: RoleSchema, previousRole: RoleSchema });
export const UserOfficeChangedSchema = z.strictObject({
  officeId: OfficeIdSchema,
  previousOfficeId: OfficeIdSchema,
});
export const UserPasswordChangedSchema = z.strictObject({ passwordHash: PasswordHashSchema });
export const UserDeactivatedSchema = z.strictObject({ reason: text(2000) });
export const UserReactivatedSchema = z.strictObject({});
export const DeputyArrangedSchema = z
  .strictObject({
    arrangementId: z.string().min(1).max(200),
    deputyUserId: z.uuid(),
    officeId: OfficeIdSchema,
    validFrom: IsoDateSchema,
    validUntil: IsoDateSchema,
  })
  .refine((data) => data.validFrom <= data.validUntil, {
    message: 'validFrom must not be after validUntil',
    path: ['validUntil'],
  });
export const DeputyArrangementRevokedSchema = z.strictObject({
  arrangementId: z.string().min(1).max(200),
  reason: text(2000).nullable(),
});

export const DIRECTORY_EVENT_SCHEMAS = {
  OfficeRegistered: OfficeRegisteredSchema,
  OfficeRenamed: OfficeRenamedSchema,
  UserRegistered: UserRegisteredSchema,
  UserRoleChanged: UserRoleChangedSchema,
  UserOfficeChanged: UserOfficeChangedSchema,
  UserPasswordChanged: UserPasswordChangedSchema,
  UserDeactivated: UserDeactivatedSchema,
  UserReactivated: UserReactivatedSchema,
  DeputyArranged: DeputyArrangedSchema,
  DeputyArrangementRevoked: DeputyArrangementRevokedSchema,
} as const;

export type DirectoryEventType = keyof typeof DIRECTORY_EVENT_SCHEMAS;
export type DirectoryEventOf<T extends DirectoryEventType> = {
  readonly type: T;
  readonly data: z.infer<(typeof DIRECTORY_EVENT_SCHEMAS)[T]>;
};
export type OfficeEvent = DirectoryEventOf<'OfficeRegistered'> | DirectoryEventOf<'OfficeRenamed'>;
export type UserEvent = {
  [T in Exclude<DirectoryEventType, OfficeEvent['type']>]: DirectoryEventOf<T>;
}[Exclude<DirectoryEventType, OfficeEvent['type']>];
export type DirectoryEvent = OfficeEvent | UserEvent;

/** All directory events are at schema version 1; a v2 would add an upcaster as in vorlage/events. */
export const DIRECTORY_SCHEMA_VERSION = 1;

export function parseDirectoryEvent(
  type: string,
  data: unknown,
  schemaVersion = 1,
): DirectoryEvent {
  if (!Object.hasOwn(DIRECTORY_EVENT_SCHEMAS, type) || schemaVersion !== DIRECTORY_SCHEMA_VERSION) {
    throw new DomainError('event_unreadable', `Unknown directory event ${type} v${schemaVersion}`, {
      type,
      schemaVersion,
    });
  }
  const parsed = DIRECTORY_EVENT_SCHEMAS[type as DirectoryEventType].safeParse(data);
  if (!parsed.success) {
    throw new DomainError('event_unreadable', `${type} does not match its schema`, {
      type,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return { type, data: parsed.data } as DirectoryEvent;
}
