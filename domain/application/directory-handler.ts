// Command handling for the directory (offices and users) and the reads other handlers need
// (the principal of a deputy arrangement).
import type { AuditSigner } from '../audit/signature';
import { streamName, type EventStreamStore } from './event-store-port';
import {
  DirectoryCommandSchema,
  isOfficeCommand,
  type DirectoryCommand,
  type OfficeCommand,
  type UserCommand,
} from '../directory/commands';
import {
  decideOffice,
  decideUser,
  evolveOffice,
  evolveUser,
  initialOfficeState,
  initialUserState,
  userIdForLogin,
  type OfficeState,
  type UserDecideContext,
  type UserState,
} from '../directory/decider';
import {
  DIRECTORY_SCHEMA_VERSION,
  OFFICE_STREAM_CATEGORY,
  parseDirectoryEvent,
  USER_STREAM_CATEGORY,
  type OfficeEvent,
  type UserEvent,
} from '../directory/events';
import {
  foldStored,
  parseCommandWith,
  runCommand,
  type CommandResult,
  type StreamDecider,
} from './command-handler';

const officeDecider: StreamDecider<OfficeCommand, OfficeEvent, OfficeState, undefined> = {
  initialState: initialOfficeState,
  evolve: evolveOffice,
  decide: (command, state) => decideOffice(command, state),
  parseEvent: (type, data, version) => parseDirectoryEvent(type, data, version) as OfficeEvent,
  schemaVersionOf: () => DIRECTORY_SCHEMA_VERSION,
};

const userDecider: StreamDecider<UserCommand, UserEvent, UserState, UserDecideContext> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
  parseEvent: (type, data, version) => parseDirectoryEvent(type, data, version) as UserEvent,
  schemaVersionOf: () => DIRECTORY_SCHEMA_VERSION,
};

export const officeStreamName = (officeId: string): string =>
  streamName(OFFICE_STREAM_CATEGORY, officeId);
export const userStreamName = (userId: string): string => streamName(USER_STREAM_CATEGORY, userId);

export async function loadUser(store: EventStreamStore, userId: string): Promise<UserState> {
  return foldStored(userDecider, await store.readStream(userStreamName(userId)));
}

export async function loadOffice(store: EventStreamStore, officeId: string): Promise<OfficeState> {
  return foldStored(officeDecider, await store.readStream(officeStreamName(officeId)));
}

export function parseDirectoryCommand(input: unknown): DirectoryCommand {
  return parseCommandWith(DirectoryCommandSchema, input);
}

export interface DirectoryCommandHandler {
  handle(input: unknown): Promise<CommandResult>;
  loadUser(userId: string): Promise<UserState>;
  loadOffice(officeId: string): Promise<OfficeState>;
}

export function createDirectoryCommandHandler(options: {
  readonly store: EventStreamStore;
  readonly maxAttempts?: number;
  /** Signs every seal (D-87). */
  readonly signer?: AuditSigner;
}): DirectoryCommandHandler {
  const { store, maxAttempts, signer } = options;

  async function userContext(command: UserCommand): Promise<UserDecideContext> {
    switch (command.type) {
      case 'RegisterUser':
        return {
          expectedUserId: await userIdForLogin(command.data.login),
          officeExists: (await loadOffice(store, command.data.officeId)).status === 'registered',
        };
      case 'ChangeUserOffice':
        return {
          officeExists: (await loadOffice(store, command.data.officeId)).status === 'registered',
        };
      case 'ArrangeDeputy':
        return { deputy: await loadUser(store, command.data.deputyUserId) };
      default:
        return {};
    }
  }

  return {
    async handle(input) {
      const command = parseDirectoryCommand(input);
      if (isOfficeCommand(command)) {
        return runCommand(officeDecider, command, {
          store,
          stream: officeStreamName(command.data.officeId),
          metadata: command.metadata,
          loadContext: async () => undefined,
          maxAttempts,
          signer,
        });
      }
      const context = await userContext(command);
      return runCommand(userDecider, command, {
        store,
        stream: userStreamName(command.data.userId),
        metadata: command.metadata,
        loadContext: async () => context,
        maxAttempts,
        signer,
      });
    },
    loadUser: (userId) => loadUser(store, userId),
    loadOffice: (officeId) => loadOffice(store, officeId),
  };
}
