// Runs one command against one stream (D-91…D-95): read the stream, fold, decide, append with the
// expected revision; on a concurrent write re-read and re-decide (bounded); the command id is the
// first event's id and further ids derive from it; a command already in the stream answers its
// earlier result instead of applying twice. Events are sealed into the audit chain.
import { chainHeadOf, sealEvents } from '../audit/chain';
import type { AuditSigner } from '../audit/signature';
import { nameBasedUuid } from '../shared/crypto';
import { DomainError, isConcurrencyError } from '../shared/errors';
import type { CommandMetadata } from '../shared/actor';
import type {
  EventStreamStore,
  EventToAppend,
  ExpectedRevision,
  JsonValue,
  StoredEvent,
} from './event-store-port';
import { commandIdOf, eventMetadata } from './event-metadata';

export const DEFAULT_MAX_ATTEMPTS = 25;

export interface AppendedEvent {
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
}

export interface CommandResult {
  /** `alreadyApplied`: the command id was found in the stream; nothing was written this time. */
  readonly status: 'applied' | 'alreadyApplied';
  readonly stream: string;
  readonly events: readonly AppendedEvent[];
  /** Revision of the command's last event. */
  readonly revision: bigint;
  /** Commit position in $all of the command's last event (read-your-writes for projections). */
  readonly position: bigint;
  readonly attempts: number;
}

export interface DomainEventLike {
  readonly type: string;
  readonly data: unknown;
}

export interface StreamDecider<Command, Event extends DomainEventLike, State, Context> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context: Context) => Event[];
  /** Reads a stored event back (upcasting old versions). */
  readonly parseEvent: (type: string, data: unknown, schemaVersion: number) => Event;
  readonly schemaVersionOf: (type: Event['type']) => number;
}

export interface RunOptions<State, Context> {
  readonly store: EventStreamStore;
  readonly stream: string;
  readonly metadata: CommandMetadata;
  /** Reads what the decision needs beyond the stream (text head, deputy arrangement, …). */
  readonly loadContext: (state: State) => Promise<Context>;
  readonly maxAttempts?: number;
  /** Signs the seals (D-87); without one the events are chained but unsigned. */
  readonly signer?: AuditSigner;
}

/** The event id of the `index`-th event of a command: the command id, then name-based UUIDs. */
export function eventIdFor(commandId: string, index: number): Promise<string> {
  return index === 0 ? Promise.resolve(commandId) : nameBasedUuid(commandId, `event-${index}`);
}

export function expectedRevisionOf(events: readonly StoredEvent[]): ExpectedRevision {
  const last = events[events.length - 1];
  return last ? last.revision : 'no_stream';
}

export function foldStored<Event extends DomainEventLike, State>(
  decider: Pick<
    StreamDecider<unknown, Event, State, unknown>,
    'initialState' | 'evolve' | 'parseEvent'
  >,
  stored: readonly StoredEvent[],
): State {
  return stored.reduce(
    (state, event) =>
      decider.evolve(
        state,
        decider.parseEvent(event.type, event.data, schemaVersionIn(event.metadata)),
      ),
    decider.initialState(),
  );
}

function schemaVersionIn(metadata: unknown): number {
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const version = (metadata as Record<string, unknown>)['schemaVersion'];
    if (typeof version === 'number') return version;
  }
  return 1;
}

/** The earlier result of a command whose events are in the stream already, or null. */
export function priorResult(
  stream: string,
  stored: readonly StoredEvent[],
  commandId: string,
  attempts: number,
): CommandResult | null {
  const own = stored.filter((event) => commandIdOf(event.metadata) === commandId);
  const last = own[own.length - 1];
  if (!last) return null;
  return {
    status: 'alreadyApplied',
    stream,
    events: own.map((event) => ({ id: event.id, type: event.type, revision: event.revision })),
    revision: last.revision,
    position: last.position,
    attempts,
  };
}

export async function toEventsToAppend(
  events: readonly DomainEventLike[],
  metadata: CommandMetadata,
  schemaVersionOf: (type: string) => number,
): Promise<EventToAppend[]> {
  return Promise.all(
    events.map(async (event, index) => ({
      id: await eventIdFor(metadata.commandId, index),
      type: event.type,
      data: event.data as JsonValue,
      metadata: eventMetadata(metadata, schemaVersionOf(event.type)),
    })),
  );
}

export async function runCommand<Command, Event extends DomainEventLike, State, Context>(
  decider: StreamDecider<Command, Event, State, Context>,
  command: Command,
  options: RunOptions<State, Context>,
): Promise<CommandResult> {
  const { store, stream, metadata } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const stored = await store.readStream(stream);
    const prior = priorResult(stream, stored, metadata.commandId, attempt);
    if (prior) return prior;
    const state = foldStored(decider, stored);
    const context = await options.loadContext(state);
    const events = decider.decide(command, state, context);
    if (events.length === 0) {
      throw new DomainError('nothing_to_do', 'The command produced no events', { stream });
    }
    const drafts = await toEventsToAppend(events, metadata, (type) =>
      decider.schemaVersionOf(type as Event['type']),
    );
    const sealed = await sealEvents(drafts, chainHeadOf(stored), options.signer);
    try {
      const appended = await store.appendToStream(
        stream,
        sealed.events,
        expectedRevisionOf(stored),
      );
      const first = appended.nextExpectedRevision - BigInt(sealed.events.length) + 1n;
      return {
        status: 'applied',
        stream,
        events: sealed.events.map((event, index) => ({
          id: event.id,
          type: event.type,
          revision: first + BigInt(index),
        })),
        revision: appended.nextExpectedRevision,
        position: appended.position,
        attempts: attempt,
      };
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
      // Another writer got in between: re-read and decide again on the new state.
    }
  }
  throw new DomainError(
    'concurrency_retries_exhausted',
    `Gave up after ${maxAttempts} concurrent writes`,
    {
      stream,
      commandId: metadata.commandId,
      attempts: maxAttempts,
    },
  );
}
