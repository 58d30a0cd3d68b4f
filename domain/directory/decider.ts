// Deciders of the directory: offices and users (with deputy arrangements). Admin-only rules
// (D-57); the `system` actor seeds. Users are keyed by a name-based UUID of their login, so one
// stream per login makes logins unique without a lookup table (D-62).
import { berlinDateOf, type Role } from '../shared/actor';
import { nameBasedUuid } from '../shared/crypto';
import { failWith, type Fail } from '../shared/errors';
import { canManageDirectory } from '../vorlage/authorization';
import type { DeputyArrangementView } from './deputy';
import type { DirectoryCommand, DirectoryCommandOf, OfficeCommand, UserCommand } from './commands';
import type { OfficeEvent, UserEvent } from './events';

export const DIRECTORY_ERROR_CODES = [
  'forbidden',
  'office_already_exists',
  'office_not_found',
  'user_already_exists',
  'user_not_found',
  'user_id_mismatch',
  'role_unchanged',
  'office_unchanged',
  'user_inactive',
  'user_active',
  'principal_not_signer',
  'deputy_invalid',
  'arrangement_not_found',
] as const;
export type DirectoryErrorCode = (typeof DIRECTORY_ERROR_CODES)[number];

const fail: Fail<DirectoryErrorCode> = failWith('DirectoryError');

/** The stream id of a login's user (lower-cased login, SHA-256 name-based UUID). */
export function userIdForLogin(login: string): Promise<string> {
  return nameBasedUuid('vorlagen:user-login', login.toLowerCase());
}

function authorize(command: DirectoryCommand): void {
  if (!canManageDirectory(command.metadata.actor)) {
    fail('forbidden', `${command.metadata.actor.role} may not manage users and offices`, {
      action: command.type,
      role: command.metadata.actor.role,
    });
  }
}

// ---- offices --------------------------------------------------------------------------------

export type OfficeState =
  | { readonly status: 'none' }
  | {
      readonly status: 'registered';
      readonly officeId: string;
      readonly name: string;
      readonly shortName: string;
      readonly kind: string;
    };

export const initialOfficeState = (): OfficeState => ({ status: 'none' });

export function decideOffice(command: OfficeCommand, state: OfficeState): OfficeEvent[] {
  authorize(command);
  switch (command.type) {
    case 'RegisterOffice':
      if (state.status !== 'none') fail('office_already_exists', 'Office exists already');
      return [{ type: 'OfficeRegistered', data: { ...command.data } }];
    case 'RenameOffice':
      if (state.status === 'none') fail('office_not_found', 'Office does not exist');
      return [
        {
          type: 'OfficeRenamed',
          data: { name: command.data.name, shortName: command.data.shortName },
        },
      ];
    default:
      return assertNever(command);
  }
}

export function evolveOffice(state: OfficeState, event: OfficeEvent): OfficeState {
  switch (event.type) {
    case 'OfficeRegistered':
      return state.status === 'none' ? { status: 'registered', ...event.data } : state;
    case 'OfficeRenamed':
      return state.status === 'registered' ? { ...state, ...event.data } : state;
    default:
      return assertNever(event);
  }
}

// ---- users ----------------------------------------------------------------------------------

export interface DeputyArrangement {
  readonly arrangementId: string;
  readonly deputyUserId: string;
  readonly officeId: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly revoked: boolean;
}

interface UserCore {
  readonly userId: string;
  readonly login: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly role: Role;
  /** Opaque; checked by app/ (argon2). */
  readonly passwordHash: string;
  readonly arrangements: readonly DeputyArrangement[];
}

export type UserState =
  | { readonly status: 'none' }
  | (UserCore & { readonly status: 'active' })
  | (UserCore & { readonly status: 'inactive'; readonly reason: string });

export const initialUserState = (): UserState => ({ status: 'none' });

export interface UserDecideContext {
  /** RegisterUser: userIdForLogin(login), computed by the handler (hashing is async). */
  readonly expectedUserId?: string;
  /** RegisterUser, ChangeUserOffice: whether `office-<officeId>` exists. */
  readonly officeExists?: boolean;
  /** ArrangeDeputy: the deputy's state. */
  readonly deputy?: UserState;
}

function existingUser(state: UserState): Exclude<UserState, { status: 'none' }> {
  if (state.status === 'none') fail('user_not_found', 'User does not exist');
  return state;
}

export function decideUser(
  command: UserCommand,
  state: UserState,
  context: UserDecideContext = {},
): UserEvent[] {
  authorize(command);
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command, state, context);
    case 'ChangeUserRole': {
      const user = existingUser(state);
      if (user.role === command.data.role) fail('role_unchanged', 'User has this role already');
      return [
        { type: 'UserRoleChanged', data: { role: command.data.role, previousRole: user.role } },
      ];
    }
    case 'ChangeUserOffice':
      return changeUserOffice(command, state, context);
    case 'ChangeUserPassword':
      existingUser(state);
      return [{ type: 'UserPasswordChanged', data: { passwordHash: command.data.passwordHash } }];
    case 'DeactivateUser':
      if (existingUser(state).status === 'inactive')
        fail('user_inactive', 'User is inactive already');
      return [{ type: 'UserDeactivated', data: { reason: command.data.reason } }];
    case 'ReactivateUser':
      if (existingUser(state).status === 'active') fail('user_active', 'User is active already');
      return [{ type: 'UserReactivated', data: {} }];
    case 'ArrangeDeputy':
      return arrangeDeputy(command, state, context);
    case 'RevokeDeputyArrangement': {
      const user = existingUser(state);
      const arrangement = user.arrangements.find(
        (a) => a.arrangementId === command.data.arrangementId,
      );
      if (!arrangement || arrangement.revoked) {
        fail('arrangement_not_found', 'No such deputy arrangement in force', {
          arrangementId: command.data.arrangementId,
        });
      }
      return [
        {
          type: 'DeputyArrangementRevoked',
          data: { arrangementId: arrangement.arrangementId, reason: command.data.reason ?? null },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function registerUser(
  command: DirectoryCommandOf<'RegisterUser'>,
  state: UserState,
  context: UserDecideContext,
): UserEvent[] {
  if (state.status !== 'none') fail('user_already_exists', 'A user with this login exists already');
  if (context.expectedUserId !== command.data.userId) {
    fail('user_id_mismatch', 'The user id must be derived from the login', {
      expected: context.expectedUserId ?? null,
    });
  }
  if (context.officeExists !== true) {
    fail('office_not_found', 'The user’s office does not exist', {
      officeId: command.data.officeId,
    });
  }
  return [{ type: 'UserRegistered', data: { ...command.data } }];
}

/** The reason recorded when an office change ends an arrangement (D-170). */
export const OFFICE_CHANGE_REVOCATION_REASON = 'Wechsel des Amtes';

/**
 * D-170: a move to another registered office. Deputy arrangements bind signers of one office (D-64),
 * so the account's arrangements that are not revoked and not over (Berlin date of the command) end
 * in the same decision.
 */
function changeUserOffice(
  command: DirectoryCommandOf<'ChangeUserOffice'>,
  state: UserState,
  context: UserDecideContext,
): UserEvent[] {
  const user = existingUser(state);
  if (user.officeId === command.data.officeId) {
    fail('office_unchanged', 'User belongs to this office already');
  }
  if (context.officeExists !== true) {
    fail('office_not_found', 'The new office does not exist', { officeId: command.data.officeId });
  }
  const today = berlinDateOf(command.metadata.time);
  const revocations: UserEvent[] = user.arrangements
    .filter((arrangement) => !arrangement.revoked && arrangement.validUntil >= today)
    .map((arrangement) => ({
      type: 'DeputyArrangementRevoked',
      data: { arrangementId: arrangement.arrangementId, reason: OFFICE_CHANGE_REVOCATION_REASON },
    }));
  return [
    ...revocations,
    {
      type: 'UserOfficeChanged',
      data: { officeId: command.data.officeId, previousOfficeId: user.officeId },
    },
  ];
}

/** D-63: a dated arrangement between two active signers of the same office. */
function arrangeDeputy(
  command: DirectoryCommandOf<'ArrangeDeputy'>,
  state: UserState,
  context: UserDecideContext,
): UserEvent[] {
  const principal = existingUser(state);
  if (principal.status !== 'active' || principal.role !== 'signer') {
    fail('principal_not_signer', 'Only an active signer can be represented');
  }
  const deputy = context.deputy;
  const problem =
    !deputy || deputy.status === 'none'
      ? 'missing'
      : deputy.status !== 'active'
        ? 'inactive'
        : deputy.userId === principal.userId
          ? 'self'
          : deputy.officeId !== principal.officeId
            ? 'other_office'
            : deputy.role !== 'signer'
              ? 'not_signer'
              : null;
  if (problem)
    fail('deputy_invalid', 'The deputy must be another active signer of the same office', {
      problem,
    });
  return [
    {
      type: 'DeputyArranged',
      data: {
        arrangementId: command.metadata.commandId,
        deputyUserId: command.data.deputyUserId,
        officeId: principal.officeId,
        validFrom: command.data.validFrom,
        validUntil: command.data.validUntil,
      },
    },
  ];
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return state.status === 'none'
        ? { status: 'active', ...event.data, arrangements: [] }
        : state;
    case 'UserRoleChanged':
      return state.status === 'none' ? state : { ...state, role: event.data.role };
    case 'UserOfficeChanged':
      return state.status === 'none' ? state : { ...state, officeId: event.data.officeId };
    case 'UserPasswordChanged':
      return state.status === 'none' ? state : { ...state, passwordHash: event.data.passwordHash };
    case 'UserDeactivated':
      return state.status === 'active'
        ? { ...state, status: 'inactive', reason: event.data.reason }
        : state;
    case 'UserReactivated': {
      if (state.status !== 'inactive') return state;
      const { reason: _reason, ...core } = state;
      return { ...core, status: 'active' };
    }
    case 'DeputyArranged':
      return state.status === 'none'
        ? state
        : { ...state, arrangements: [...state.arrangements, { ...event.data, revoked: false }] };
    case 'DeputyArrangementRevoked':
      return state.status === 'none'
        ? state
        : {
            ...state,
            arrangements: state.arrangements.map((a) =>
              a.arrangementId === event.data.arrangementId ? { ...a, revoked: true } : a,
            ),
          };
    default:
      return assertNever(event);
  }
}

/**
 * The arrangement that lets `deputyUserId` act for this principal at `time`: one in force if any,
 * otherwise the latest for that deputy (so the decider can say why it does not apply), or null.
 */
export function deputyArrangementFor(
  principal: UserState,
  deputyUserId: string,
  time: string,
): DeputyArrangementView | null {
  if (principal.status === 'none') return null;
  const today = berlinDateOf(time);
  const candidates = principal.arrangements.filter((a) => a.deputyUserId === deputyUserId);
  const inForce = candidates.find(
    (a) => !a.revoked && a.validFrom <= today && today <= a.validUntil,
  );
  const chosen = inForce ?? candidates[candidates.length - 1];
  if (!chosen) return null;
  return {
    arrangementId: chosen.arrangementId,
    officeId: chosen.officeId,
    principal: {
      userId: principal.userId,
      displayName: principal.displayName,
      role: principal.role,
      active: principal.status === 'active',
    },
    deputyUserId: chosen.deputyUserId,
    validFrom: chosen.validFrom,
    validUntil: chosen.validUntil,
    revoked: chosen.revoked,
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}
