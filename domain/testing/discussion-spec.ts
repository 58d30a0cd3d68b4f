// given/when/then bound to the discussion decider, and a command builder for its specs.
import type { Actor } from '../shared/actor';
import type {
  DiscussionCommand,
  DiscussionCommandOf,
  DiscussionCommandType,
} from '../discussion/commands';
import {
  decideDiscussion,
  evolveDiscussion,
  initialDiscussionState,
  type DiscussionDecideContext,
  type DiscussionState,
} from '../discussion/decider';
import type { DiscussionEvent } from '../discussion/events';
import { T0, testUuid } from './fixtures';
import { specFor } from './given-when-then';

export const givenDiscussion = specFor<
  DiscussionCommand,
  DiscussionEvent,
  DiscussionState,
  DiscussionDecideContext
>({
  initialState: initialDiscussionState,
  evolve: evolveDiscussion,
  decide: (command, state, context) => {
    if (!context) throw new Error('The discussion decider needs the Vorlage as context');
    return decideDiscussion(command, state, context);
  },
});

export function discussionCommand<T extends DiscussionCommandType>(
  type: T,
  data: DiscussionCommandOf<T>['data'],
  by: Actor,
  commandId: string = testUuid(),
): DiscussionCommand {
  return {
    type,
    data,
    metadata: { commandId, correlationId: 'test-correlation', actor: by, time: T0 },
  } as DiscussionCommand;
}
