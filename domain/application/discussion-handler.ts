// Command handling for a Vorlage's discussion (D-130…D-136): its own stream `discussion-<id>`, so
// comments never contend with sign-offs on the lifecycle; the lifecycle state is read as context
// (who takes part, whether the Vorlage is decided). Events are sealed into the stream's own audit
// chain like every other domain stream's.
import type { AuditSigner } from '../audit/signature';
import { streamName, type EventStreamStore } from './event-store-port';
import { DiscussionCommandSchema, type DiscussionCommand } from '../discussion/commands';
import {
  decideDiscussion,
  evolveDiscussion,
  initialDiscussionState,
  type DiscussionDecideContext,
  type DiscussionState,
} from '../discussion/decider';
import {
  DISCUSSION_SCHEMA_VERSION,
  DISCUSSION_STREAM_CATEGORY,
  parseDiscussionEvent,
  type DiscussionEvent,
} from '../discussion/events';
import type { VorlageState } from '../vorlage/state';
import {
  foldStoredFrom,
  runCommand,
  type CommandResult,
  type ContentionRetries,
  type StreamDecider,
  parseCommandWith,
} from './command-handler';
import { FoldedStreamCache } from './folded-stream-cache';
import { KeyedQueue } from './keyed-queue';

export const discussionDecider: StreamDecider<
  DiscussionCommand,
  DiscussionEvent,
  DiscussionState,
  DiscussionDecideContext
> = {
  initialState: initialDiscussionState,
  evolve: evolveDiscussion,
  decide: decideDiscussion,
  parseEvent: parseDiscussionEvent,
  schemaVersionOf: () => DISCUSSION_SCHEMA_VERSION,
};

export function discussionStreamName(vorlageId: string): string {
  return streamName(DISCUSSION_STREAM_CATEGORY, vorlageId);
}

export function parseDiscussionCommand(input: unknown): DiscussionCommand {
  return parseCommandWith(DiscussionCommandSchema, input);
}

export interface DiscussionHandleOptions {
  /**
   * Runs on the Vorlage's lifecycle state before the command's own rules (the app's read check:
   * who may not read the Vorlage learns nothing from a refusal). A throw ends the command.
   */
  readonly check?: (vorlage: VorlageState) => void;
}

export interface DiscussionCommandHandler {
  /** Validates `input` and runs it; throws DomainError on rejection. */
  handle(input: unknown, options?: DiscussionHandleOptions): Promise<CommandResult>;
  /** The discussion as the decider sees it (for D-135: which threads an office may cite). */
  load(vorlageId: string): Promise<DiscussionState>;
}

export function createDiscussionCommandHandler(options: {
  readonly store: EventStreamStore;
  /** The lifecycle state of a Vorlage (the Vorlage handler's `load`). */
  readonly loadVorlage: (vorlageId: string) => Promise<VorlageState>;
  readonly signer?: AuditSigner;
  readonly maxAttempts?: number;
  readonly retries?: ContentionRetries;
}): DiscussionCommandHandler {
  const { store, loadVorlage, signer, maxAttempts, retries } = options;
  const perVorlage = new KeyedQueue();
  const discussions = new FoldedStreamCache<DiscussionState>({
    store,
    initial: initialDiscussionState,
    fold: (state, events) => foldStoredFrom(discussionDecider, state, events),
  });
  return {
    async handle(input, handleOptions = {}) {
      const command = parseDiscussionCommand(input);
      const { vorlageId } = command.data;
      // One command per discussion at a time in this process; the retry loop covers the others.
      return perVorlage.run(vorlageId, () =>
        runCommand(discussionDecider, command, {
          store,
          stream: discussionStreamName(vorlageId),
          metadata: command.metadata,
          loadContext: async () => {
            const vorlage = await loadVorlage(vorlageId);
            handleOptions.check?.(vorlage);
            return { vorlage };
          },
          cache: discussions,
          ...(maxAttempts === undefined ? {} : { maxAttempts }),
          ...(retries ? { retries } : {}),
          ...(signer ? { signer } : {}),
        }),
      );
    },
    async load(vorlageId) {
      return (await discussions.read(discussionStreamName(vorlageId))).state;
    },
  };
}
