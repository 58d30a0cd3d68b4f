// The discussion decider (D-130…D-135): threads on passages, replies, Erledigt / Wieder öffnen.
// The lifecycle state of the Vorlage arrives as context (who takes part, whether it is decided).
import type { CommandMetadata } from '../shared/actor';
import { failWith, type Fail } from '../shared/errors';
import type { VorlageState } from '../vorlage/state';
import { allows, dissentRightsOf, isDiscussionOpen, mayDiscuss } from './authorization';
import type { DiscussionCommand, DiscussionCommandOf } from './commands';
import type { Commenter, DiscussionEvent } from './events';

export const DISCUSSION_ERROR_CODES = [
  'vorlage_not_found',
  'forbidden',
  'discussion_closed',
  'thread_not_found',
  'thread_resolved',
  'thread_not_resolved',
  'thread_already_dissent',
  'thread_not_dissent',
] as const;
export type DiscussionErrorCode = (typeof DISCUSSION_ERROR_CODES)[number];

const fail: Fail<DiscussionErrorCode> = failWith('DiscussionError');

/** What the decider keeps per thread: enough to decide, nothing to display. */
export interface ThreadState {
  readonly threadId: string;
  readonly authorOfficeId: string;
  readonly resolved: boolean;
  /** D-182: marked as a remaining disagreement. */
  readonly dissent: boolean;
}

export interface DiscussionState {
  readonly threads: Readonly<Record<string, ThreadState>>;
}

export const initialDiscussionState = (): DiscussionState => ({ threads: {} });

export interface DiscussionDecideContext {
  /** The Vorlage's lifecycle state, read by the handler from `vorlage-<id>`. */
  readonly vorlage: VorlageState;
}

export function decideDiscussion(
  command: DiscussionCommand,
  state: DiscussionState,
  context: DiscussionDecideContext,
): DiscussionEvent[] {
  const author = authorize(command.metadata, context.vorlage);
  switch (command.type) {
    case 'StartThread': {
      const { sectionKey, anchor, quote, body } = command.data;
      const threadId = command.metadata.commandId;
      return [
        { type: 'ThreadStarted', data: { threadId, sectionKey, anchor, quote, body, author } },
      ];
    }
    case 'ReplyToThread': {
      const thread = existingThread(command, state);
      if (thread.resolved)
        fail('thread_resolved', 'Reopen the thread to reply', { threadId: thread.threadId });
      const replyId = command.metadata.commandId;
      return [
        {
          type: 'ReplyPosted',
          data: { threadId: thread.threadId, replyId, body: command.data.body, author },
        },
      ];
    }
    case 'ResolveThread': {
      const thread = existingThread(command, state);
      if (thread.resolved)
        fail('thread_resolved', 'The thread is resolved already', { threadId: thread.threadId });
      return [{ type: 'ThreadResolved', data: { threadId: thread.threadId, by: author } }];
    }
    case 'ReopenThread': {
      const thread = existingThread(command, state);
      if (!thread.resolved)
        fail('thread_not_resolved', 'The thread is open', { threadId: thread.threadId });
      return [{ type: 'ThreadReopened', data: { threadId: thread.threadId, by: author } }];
    }
    case 'MarkThreadAsDissent': {
      const thread = existingThread(command, state);
      requireDissentRight(command, context.vorlage, thread, 'mark');
      if (thread.resolved)
        fail('thread_resolved', 'Only an open thread is a remaining disagreement', {
          threadId: thread.threadId,
        });
      if (thread.dissent)
        fail('thread_already_dissent', 'The thread is marked as dissent already', {
          threadId: thread.threadId,
        });
      return [{ type: 'ThreadMarkedAsDissent', data: { threadId: thread.threadId, by: author } }];
    }
    case 'UnmarkThreadAsDissent': {
      const thread = existingThread(command, state);
      requireDissentRight(command, context.vorlage, thread, 'unmark');
      if (!thread.dissent)
        fail('thread_not_dissent', 'The thread is not marked as dissent', {
          threadId: thread.threadId,
        });
      return [{ type: 'ThreadDissentUnmarked', data: { threadId: thread.threadId, by: author } }];
    }
    default:
      return assertNever(command);
  }
}

/** D-130, D-131: the actor takes part in the Vorlage, and the Vorlage is not decided. */
function authorize(metadata: CommandMetadata, vorlage: VorlageState): Commenter {
  const { actor } = metadata;
  if (vorlage.status === 'none') fail('vorlage_not_found', 'No such Vorlage');
  if (!mayDiscuss(actor, vorlage)) {
    fail('forbidden', `${actor.role} may not comment on this Vorlage`, {
      action: 'comment',
      role: actor.role,
    });
  }
  if (!isDiscussionOpen(vorlage)) {
    fail('discussion_closed', 'The Vorlage is decided; its discussion is closed', {
      status: vorlage.status,
    });
  }
  return { userId: actor.userId, displayName: actor.displayName, officeId: actor.officeId };
}

/** D-182: marking is for the thread's office, the lead office and SPK; unmarking narrower. */
function requireDissentRight(
  command: DiscussionCommand,
  vorlage: VorlageState,
  thread: ThreadState,
  action: 'mark' | 'unmark',
): void {
  const { actor } = command.metadata;
  if (!allows(dissentRightsOf(actor, vorlage)[action], actor.officeId, thread.authorOfficeId)) {
    fail(
      'forbidden',
      `${actor.role} of ${actor.officeId} may not ${action} this thread as dissent`,
      {
        action: `${action} dissent`,
        role: actor.role,
        threadOfficeId: thread.authorOfficeId,
      },
    );
  }
}

function existingThread(
  command: DiscussionCommandOf<Exclude<DiscussionCommand['type'], 'StartThread'>>,
  state: DiscussionState,
): ThreadState {
  const thread = state.threads[command.data.threadId];
  if (!thread) fail('thread_not_found', 'No such thread', { threadId: command.data.threadId });
  return thread;
}

export function evolveDiscussion(state: DiscussionState, event: DiscussionEvent): DiscussionState {
  switch (event.type) {
    case 'ThreadStarted': {
      const { threadId, author } = event.data;
      const thread: ThreadState = {
        threadId,
        authorOfficeId: author.officeId,
        resolved: false,
        dissent: false,
      };
      return { threads: { ...state.threads, [threadId]: thread } };
    }
    case 'ReplyPosted':
      return state;
    case 'ThreadResolved':
    case 'ThreadReopened': {
      const thread = state.threads[event.data.threadId];
      if (!thread) return state;
      const resolved = event.type === 'ThreadResolved';
      return { threads: { ...state.threads, [thread.threadId]: { ...thread, resolved } } };
    }
    case 'ThreadMarkedAsDissent':
    case 'ThreadDissentUnmarked': {
      const thread = state.threads[event.data.threadId];
      if (!thread) return state;
      const dissent = event.type === 'ThreadMarkedAsDissent';
      return { threads: { ...state.threads, [thread.threadId]: { ...thread, dissent } } };
    }
    default:
      return assertNever(event);
  }
}

/** D-135: the threads an office may cite in its sign-off: those its own members started. */
export function threadsStartedBy(state: DiscussionState, officeId: string): string[] {
  return Object.values(state.threads)
    .filter((thread) => thread.authorOfficeId === officeId)
    .map((thread) => thread.threadId);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled discussion case ${JSON.stringify(value)}`);
}
