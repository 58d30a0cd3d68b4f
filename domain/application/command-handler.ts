// Runs commands against one stream (D-91…D-95): read the stream, fold, decide, append with the
// expected revision; on a concurrent write re-read and re-decide (bounded, with an injected
// backoff); the command id is the first event's id and further ids derive from it; a command
// already in the stream answers its earlier result instead of applying twice. Events are sealed
// into the audit chain. A batch decides several commands in turn and writes them in one append.
import type { ZodSafeParseResult } from 'zod';
import { chainHeadOf, sealEvents } from '../audit/chain';
import type { AuditSigner } from '../audit/signature';
import { nameBasedUuid } from '../shared/crypto';
import { DomainError, isConcurrencyError, isDomainError } from '../shared/errors';
import type { CommandMetadata } from '../shared/actor';
import type {
  AppendResult,
  EventStreamStore,
  EventToAppend,
  ExpectedRevision,
  JsonValue,
  StoredEvent,
} from './event-store-port';
import { commandIdOf, eventMetadata } from './event-metadata';
import type { FoldedStream, FoldedStreamCache } from './folded-stream-cache';

export const DEFAULT_MAX_ATTEMPTS = 25;

/** Parses a command envelope; a bad one is a DomainError('invalid_command') naming the zod issues. */
export function parseCommandWith<Command>(
  schema: { safeParse(input: unknown): ZodSafeParseResult<Command> },
  input: unknown,
): Command {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('invalid_command', 'The command is malformed', {
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

export interface AppendedEvent {
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  /** The event's data as stored (what a two-step command needs for its second step). */
  readonly data: unknown;
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
  /** D-108: how refusals are recorded in the stream; without it a refusal writes nothing. */
  readonly refusals?: RefusalRecording<Command, Event>;
}

/** The stream's record of a refused command, so that a re-send answers the same refusal (D-108). */
export interface RefusalRecording<Command, Event> {
  /** The event that records `error` as the answer to `command`. */
  readonly record: (command: Command, error: DomainError) => Event;
  /** The refusal a stored event records, or null for any other event. */
  readonly read: (type: string, data: unknown) => DomainError | null;
}

export interface RunOptions<State, Context> {
  readonly store: EventStreamStore;
  readonly stream: string;
  readonly metadata: CommandMetadata;
  /** Reads what the decision needs beyond the stream (text head, deputy arrangement, …). */
  readonly loadContext: (state: State) => Promise<Context>;
  /**
   * Runs on every attempt's folded state before anything else (a retried command included); a throw
   * ends the command. The app's read-access check, so the stream is read once per attempt.
   */
  readonly check?: (state: State) => void;
  /** The stream as the caller has just read it: the first attempt uses it instead of reading. */
  readonly firstRead?: FoldedStream<State>;
  /** Reads the stream folded, incrementally; without it every attempt reads and folds it all. */
  readonly cache?: FoldedStreamCache<State>;
  /** Attempts when no `retries` policy is given (immediate, no wait). */
  readonly maxAttempts?: number;
  /** D-93: waits after a concurrent write and bounds the retries (see ContentionRetries). */
  readonly retries?: ContentionRetries;
  /** Signs the seals (D-87); without one the events are chained but unsigned. */
  readonly signer?: AuditSigner;
  /** See BatchEntry.recordRefusal (D-108). */
  readonly recordRefusal?: boolean;
}

/**
 * D-93: the waits and the bound of one command run on one stream. Injected (jitter needs
 * randomness, a time budget a clock; the domain has neither): platform/contention-retries.ts.
 */
export interface RetryAfterConflict {
  /** Before the first attempt: a policy may wait when the stream was contended lately (fairness). */
  first(): Promise<void>;
  /** After the `attempt`-th concurrent write: waits and answers whether to try again. */
  again(attempt: number): Promise<boolean>;
}

/** The retry policy: `start(stream)` once per command run (a time budget starts with it). */
export interface ContentionRetries {
  start(stream: string): RetryAfterConflict;
}

/** The run's retry decision: the injected policy, else `maxAttempts` immediate attempts. */
export function retriesFor(
  options: Pick<RunOptions<unknown, unknown>, 'retries' | 'maxAttempts'>,
  stream: string,
): RetryAfterConflict {
  if (options.retries) return options.retries.start(stream);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  return {
    first: () => Promise.resolve(),
    again: (attempt) => Promise.resolve(attempt < maxAttempts),
  };
}

export function retriesExhausted(
  stream: string,
  attempts: number,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError(
    'concurrency_retries_exhausted',
    `Gave up after ${attempts} concurrent writes`,
    { stream, attempts, ...details },
  );
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
  return foldStoredFrom(decider, decider.initialState(), stored);
}

/** Folds further events into a state (a cached fold continued). */
export function foldStoredFrom<Event extends DomainEventLike, State>(
  decider: Pick<StreamDecider<unknown, Event, State, unknown>, 'evolve' | 'parseEvent'>,
  initial: State,
  stored: readonly StoredEvent[],
): State {
  return stored.reduce(
    (state, event) =>
      decider.evolve(
        state,
        decider.parseEvent(event.type, event.data, schemaVersionIn(event.metadata)),
      ),
    initial,
  );
}

function schemaVersionIn(metadata: unknown): number {
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const version = (metadata as Record<string, unknown>)['schemaVersion'];
    if (typeof version === 'number') return version;
  }
  return 1;
}

/** A stream with its fold: from the cache when there is one, else read and folded whole. */
export async function readFolded<Event extends DomainEventLike, State>(
  decider: Pick<
    StreamDecider<unknown, Event, State, unknown>,
    'initialState' | 'evolve' | 'parseEvent'
  >,
  store: EventStreamStore,
  stream: string,
  cache: FoldedStreamCache<State> | undefined,
): Promise<FoldedStream<State>> {
  if (cache) return cache.read(stream);
  const events = await store.readStream(stream);
  return { events, state: foldStored(decider, events) };
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
    events: own.map((event) => ({
      id: event.id,
      type: event.type,
      revision: event.revision,
      data: event.data,
    })),
    revision: last.revision,
    position: last.position,
    attempts,
  };
}

/**
 * The earlier answer to a command in the stream: its result, or the refusal recorded for it
 * (D-108), or null when the stream holds nothing of it.
 */
export function priorOutcome(
  refusals: Pick<RefusalRecording<unknown, unknown>, 'read'> | undefined,
  stream: string,
  stored: readonly StoredEvent[],
  commandId: string,
  attempts: number,
): BatchOutcome | null {
  const result = priorResult(stream, stored, commandId, attempts);
  if (!result) return null;
  const [only] = result.events;
  const refusal = result.events.length === 1 && only ? refusals?.read(only.type, only.data) : null;
  return refusal ? { ok: false, error: refusal } : { ok: true, result };
}

/** Whether a command's refusal is an answer worth recording: decided, not malformed input. */
export function isRecordableRefusal(error: unknown): error is DomainError {
  return isDomainError(error) && !UNRECORDED_CODES.has(error.code);
}

/**
 * Refusals that do not depend on the stream (malformed input; who the caller is — recording those
 * would let anyone who can read a Vorlage grow its audit trail at will) or that are no answer at all.
 */
const UNRECORDED_CODES = new Set([
  'invalid_command',
  'forbidden',
  'not_own_office',
  'concurrency_conflict',
  'concurrency_retries_exhausted',
  'text_stream_corrupt',
  'event_unreadable',
]);

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
  const [outcome] = await runCommandBatch(
    decider,
    [
      {
        command,
        metadata: options.metadata,
        loadContext: options.loadContext,
        ...(options.check ? { check: options.check } : {}),
        ...(options.recordRefusal ? { recordRefusal: true } : {}),
      },
    ],
    options,
  );
  if (!outcome) throw new Error('A batch of one answered nothing');
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/** One command of a batch: what runCommand takes per command. */
export interface BatchEntry<Command, State, Context> {
  readonly command: Command;
  readonly metadata: CommandMetadata;
  readonly loadContext: (state: State) => Promise<Context>;
  readonly check?: (state: State) => void;
  /**
   * D-108: record a refusal in the stream, so a re-send with the same command id answers it. For
   * commands whose id the client chose (a re-send is possible); others refuse without writing.
   */
  readonly recordRefusal?: boolean;
}

export type BatchOutcome =
  | { readonly ok: true; readonly result: CommandResult }
  | { readonly ok: false; readonly error: unknown };

export type BatchOptions<State> = Pick<
  RunOptions<State, unknown>,
  'store' | 'stream' | 'maxAttempts' | 'retries' | 'cache' | 'firstRead' | 'signer'
>;

/**
 * Runs several commands on one stream as if one after another (D-93): each is checked and decided
 * on the state the ones before it left, and all their events go to the store in one append (one
 * commit instead of one per command). A rejected command is answered on its own and writes
 * nothing; a concurrent write makes the whole batch re-read and decide again. Answers in order.
 */
export async function runCommandBatch<Command, Event extends DomainEventLike, State, Context>(
  decider: StreamDecider<Command, Event, State, Context>,
  entries: readonly BatchEntry<Command, State, Context>[],
  options: BatchOptions<State>,
): Promise<BatchOutcome[]> {
  const { store, stream } = options;
  const retry = retriesFor(options, stream);
  const outcomes: (BatchOutcome | undefined)[] = entries.map(() => undefined);
  // A read the caller has just made is used at once; otherwise the policy may hold back first.
  if (!options.firstRead) await retry.first();
  let attempt = 1;
  for (; ; attempt += 1) {
    const folded =
      attempt === 1 && options.firstRead
        ? options.firstRead
        : await readFolded(decider, store, stream, options.cache);
    const plan = await planBatch(decider, entries, outcomes, folded, stream, attempt);
    if (plan.planned.length === 0) break;
    const drafts = plan.planned.flatMap((step) => step.drafts);
    const sealed = await sealEvents(drafts, chainHeadOf(folded.events), options.signer);
    let appended: AppendResult;
    try {
      appended = await store.appendToStream(
        stream,
        sealed.events,
        expectedRevisionOf(folded.events),
      );
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
      // Another writer got in between: re-read and decide again on the new state, after a
      // jittered wait so that the writers who lost this round do not collide again at once.
      if (await retry.again(attempt)) continue;
      break;
    }
    const results = await appliedResults(options, plan, sealed.events, appended, attempt);
    for (const [position, step] of plan.planned.entries()) {
      outcomes[step.index] = step.refusal
        ? { ok: false, error: step.refusal }
        : { ok: true, result: results[position]! };
    }
    for (const [twin, original] of plan.twins) {
      const outcome = outcomes[original]!;
      outcomes[twin] = outcome.ok
        ? { ok: true, result: { ...outcome.result, status: 'alreadyApplied' } }
        : outcome;
    }
    break;
  }
  return outcomes.map(
    (outcome, index) =>
      outcome ?? {
        ok: false,
        error: retriesExhausted(stream, attempt, { commandId: entries[index]!.metadata.commandId }),
      },
  );
}

interface BatchPlan {
  readonly planned: {
    readonly index: number;
    readonly commandId: string;
    readonly drafts: EventToAppend[];
    /** D-108: the drafts record this refusal (the command's answer once they are written). */
    readonly refusal?: DomainError;
  }[];
  /** [index, index of the same command id planned earlier in this batch] */
  readonly twins: [number, number][];
}

/** Decides the unanswered entries one after another on the evolving state; answers rejections. */
async function planBatch<Command, Event extends DomainEventLike, State, Context>(
  decider: StreamDecider<Command, Event, State, Context>,
  entries: readonly BatchEntry<Command, State, Context>[],
  outcomes: (BatchOutcome | undefined)[],
  folded: FoldedStream<State>,
  stream: string,
  attempt: number,
): Promise<BatchPlan> {
  const plan: BatchPlan = { planned: [], twins: [] };
  const plannedIds = new Map<string, number>();
  let state = folded.state;
  for (const [index, entry] of entries.entries()) {
    if (outcomes[index]) continue;
    const { commandId } = entry.metadata;
    try {
      entry.check?.(state);
      const prior = priorOutcome(decider.refusals, stream, folded.events, commandId, attempt);
      if (prior) {
        outcomes[index] = prior;
        continue;
      }
      const original = plannedIds.get(commandId);
      if (original !== undefined) {
        plan.twins.push([index, original]);
        continue;
      }
    } catch (error) {
      outcomes[index] = { ok: false, error }; // the caller's check: no decision, nothing recorded
      continue;
    }
    const schemaVersionOf = (type: string) => decider.schemaVersionOf(type as Event['type']);
    try {
      const events = decider.decide(entry.command, state, await entry.loadContext(state));
      if (events.length === 0) {
        throw new DomainError('nothing_to_do', 'The command produced no events', { stream });
      }
      state = events.reduce(decider.evolve, state);
      const drafts = await toEventsToAppend(events, entry.metadata, schemaVersionOf);
      plan.planned.push({ index, commandId, drafts });
      plannedIds.set(commandId, index);
    } catch (error) {
      if (!(entry.recordRefusal && decider.refusals && isRecordableRefusal(error))) {
        outcomes[index] = { ok: false, error };
        continue;
      }
      const record = decider.refusals.record(entry.command, error);
      const drafts = await toEventsToAppend([record], entry.metadata, schemaVersionOf);
      // The original answers exactly what a re-send will read back from the stream.
      const refusal = decider.refusals.read(record.type, record.data) ?? error;
      plan.planned.push({ index, commandId, drafts, refusal });
      plannedIds.set(commandId, index);
    }
  }
  return plan;
}

/**
 * The results of an append's commands. The append's own answer names the revision and position
 * of its last event, which is exact for a single command; several commands in one append need
 * their own last events' positions, read back (with the cache, that read also refreshes it).
 */
async function appliedResults<State>(
  options: BatchOptions<State>,
  plan: BatchPlan,
  sealed: readonly EventToAppend[],
  appended: AppendResult,
  attempts: number,
): Promise<CommandResult[]> {
  const { stream } = options;
  const first = appended.nextExpectedRevision - BigInt(sealed.length) + 1n;
  if (plan.planned.length === 1) {
    return [
      {
        status: 'applied',
        stream,
        events: sealed.map((event, index) => ({
          id: event.id,
          type: event.type,
          revision: first + BigInt(index),
          data: event.data,
        })),
        revision: appended.nextExpectedRevision,
        position: appended.position,
        attempts,
      },
    ];
  }
  const stored = options.cache
    ? (await options.cache.read(stream)).events
    : await options.store.readStream(stream, { fromRevision: first });
  const written = stored.filter((event) => event.revision >= first);
  return plan.planned.map((step) => {
    const result = priorResult(stream, written, step.commandId, attempts);
    if (!result) throw new Error('An appended command is missing from the stream');
    return { ...result, status: 'applied' };
  });
}
