// The discussion commands the HTTP API exposes, by their URL segment.
import type { DiscussionCommandType } from '../../../../../../domain/discussion/commands';

export const DISCUSSION_COMMAND_ROUTES = {
  'start-thread': 'StartThread',
  'reply-to-thread': 'ReplyToThread',
  'resolve-thread': 'ResolveThread',
  'reopen-thread': 'ReopenThread',
  'mark-thread-as-dissent': 'MarkThreadAsDissent',
  'unmark-thread-as-dissent': 'UnmarkThreadAsDissent',
} as const satisfies Record<string, DiscussionCommandType>;

export function discussionCommandTypeFor(segment: string): DiscussionCommandType | undefined {
  return Object.hasOwn(DISCUSSION_COMMAND_ROUTES, segment)
    ? DISCUSSION_COMMAND_ROUTES[segment as keyof typeof DISCUSSION_COMMAND_ROUTES]
    : undefined;
}
