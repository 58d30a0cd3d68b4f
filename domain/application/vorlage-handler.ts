// Command handling for Vorlagen (D-89…D-99): validates the command, reads the lifecycle stream
// (folded, incrementally) and what the decision needs from outside it (the text head from the tail
// of `vorlagetext-<id>`, the deputy arrangement from `user-<principal>`), runs the commands of one
// Vorlage one at a time (waiting ones batched into one append), and runs the lock/unlock protocol
// across both streams.
import type { AuditSigner } from '../audit/signature';
import { streamName, type EventStreamStore, type JsonValue } from './event-store-port';
import type { CommandMetadata } from '../shared/actor';
import { DomainError, isConcurrencyError, isDomainError } from '../shared/errors';
import { nameBasedUuid } from '../shared/crypto';
import { fingerprintText, type VorlageText } from '../text/canonical';
import { proposalDigest, type ProposalExcerpt } from '../text/proposals';
import {
  TEXT_EVENT_TYPES,
  TEXT_EVENTS_SCHEMA_VERSION,
  textStreamName,
  type TextEditingLocked,
  type TextEditingUnlocked,
  hasTextLock,
  type TextHead,
} from '../text/text-events';
import {
  decide,
  evolve,
  initialState,
  failVorlageCommand,
  type VorlageDecideContext,
} from '../vorlage/decider';
import {
  VorlageCommandSchema,
  type VorlageCommand,
  type VorlageCommandOf,
} from '../vorlage/commands';
import {
  CommandRefusedSchema,
  CURRENT_SCHEMA_VERSION,
  parseVorlageEvent,
  VORLAGE_STREAM_CATEGORY,
  type Fassung,
  type VorlageEvent,
  type VorlageEventType,
} from '../vorlage/events';
import type { VorlageState } from '../vorlage/state';
import { loadUser } from './directory-handler';
import { chainHeadOf, GENESIS_HASH, sealEvents } from '../audit/chain';
import { SECTION_KEYS } from '../text/sections';
import { deputyArrangementFor } from '../directory/decider';
import {
  DEFAULT_MAX_ATTEMPTS,
  expectedRevisionOf,
  foldStored,
  foldStoredFrom,
  isRecordableRefusal,
  priorOutcome,
  runCommand,
  runCommandBatch,
  type CommandResult,
  type ContentionRetries,
  retriesExhausted,
  retriesFor,
  type StreamDecider,
  toEventsToAppend,
  parseCommandWith,
} from './command-handler';
import { KeyedQueue } from './keyed-queue';
import { FoldedStreamCache, type FoldedStream } from './folded-stream-cache';
import { eventMetadata } from './event-metadata';
import { readTextHead as readTextHeadOf } from './text-head';
import { discussionDecider, discussionStreamName } from './discussion-handler';
import { threadsStartedBy } from '../discussion/decider';

export const vorlageDecider: StreamDecider<
  VorlageCommand,
  VorlageEvent,
  VorlageState,
  VorlageDecideContext
> = {
  initialState,
  evolve,
  decide,
  parseEvent: parseVorlageEvent,
  schemaVersionOf: (type: VorlageEventType) => CURRENT_SCHEMA_VERSION[type],
  refusals: {
    record: (command, error) => ({
      type: 'CommandRefused',
      data: {
        commandType: command.type,
        code: error.code,
        message: error.message,
        details: jsonOnly(error.details),
      },
    }),
    read: (type, data) => {
      if (type !== 'CommandRefused') return null;
      const refused = CommandRefusedSchema.parse(data);
      return new DomainError(refused.code, refused.message, refused.details);
    },
  },
};

/** Details as they read back from the store (bigints as strings, nothing JSON cannot hold). */
function jsonOnly(details: Readonly<Record<string, unknown>>): Record<string, JsonValue> {
  return JSON.parse(
    JSON.stringify(details, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  ) as Record<string, JsonValue>;
}

/** Lock bookkeeping needs no text hash; folding still wants an initial fingerprint. */
const PLACEHOLDER_FASSUNG = {
  textHash: GENESIS_HASH,
  sectionHashes: Object.fromEntries(
    SECTION_KEYS.map((key) => [key, GENESIS_HASH]),
  ) as Fassung['sectionHashes'],
};

export function vorlageStreamName(vorlageId: string): string {
  return streamName(VORLAGE_STREAM_CATEGORY, vorlageId);
}

export interface VorlageCommandHandlerOptions {
  readonly store: EventStreamStore;
  /** Signs every seal (D-87). */
  readonly signer?: AuditSigner;
  /** Attempts per stream step after concurrent writes, when no `retries` policy is given. */
  readonly maxAttempts?: number;
  /** D-93: jittered waits after a concurrent write and their bound (per stream step). */
  readonly retries?: ContentionRetries;
}

export interface VorlageCommandHandler {
  /** Validates `input` (unknown JSON is fine) and runs it; throws DomainError on rejection. */
  handle(input: unknown, options?: HandleOptions): Promise<CommandResult>;
  /** The lifecycle state as the decider sees it (for read-side checks such as canEditText). */
  load(vorlageId: string): Promise<VorlageState>;
  /** The text head (lock state and current Fassung) of a Vorlage. */
  loadTextHead(vorlageId: string): Promise<TextHead | null>;
}

/** Most commands written in one append. */
const MAX_BATCH = 64;

interface PendingCommand {
  readonly command: VorlageCommand;
  readonly options: HandleOptions;
  resolve(result: CommandResult): void;
  reject(error: unknown): void;
}

export interface HandleOptions {
  /**
   * Runs on the lifecycle state each attempt folds, before the command's own rules (the app's
   * read-access check: who may not read the Vorlage learns nothing from a refusal). A throw ends
   * the command and propagates unchanged.
   */
  readonly check?: (state: VorlageState) => void;
  /**
   * D-108: the command id was chosen by the client (Idempotency-Key), so the command may be sent
   * again: a decided refusal is recorded in the lifecycle stream and a re-send answers it.
   */
  readonly recordRefusal?: boolean;
}

/** Parses a command envelope; a bad one is a DomainError('invalid_command') naming the zod issues. */
export function parseVorlageCommand(input: unknown): VorlageCommand {
  return parseCommandWith(VorlageCommandSchema, input);
}

export function createVorlageCommandHandler(
  options: VorlageCommandHandlerOptions,
): VorlageCommandHandler {
  const { store, retries, signer } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retryPolicy = { maxAttempts, ...(retries ? { retries } : {}) };
  /** D-93: one command per Vorlage at a time in this process; the retry loop is for other processes. */
  const perVorlage = new KeyedQueue();
  const lifecycles = new FoldedStreamCache<VorlageState>({
    store,
    initial: initialState,
    fold: (state, events) => foldStoredFrom(vorlageDecider, state, events),
  });

  async function readTextHead(state: VorlageState): Promise<TextHead | undefined> {
    if (state.status === 'none') return undefined;
    return readTextHeadOf(store, textStreamName(state.vorlageId), state.initialFassung);
  }

  async function verifiedText(
    text: VorlageText | undefined,
    head: TextHead | undefined,
  ): Promise<VorlageText | null> {
    if (!text || !head) return null;
    const { textHash } = await fingerprintText(text);
    if (textHash !== head.textHash) {
      failVorlageCommand('fassung_not_current', 'The supplied text is not the current text', {
        named: textHash,
        current: head.textHash,
      });
    }
    return text;
  }

  /** D-195: hashing is async, deciding is not: the digests of the excerpts the decisions name. */
  async function excerptDigests(
    decisions: readonly ({ readonly proposalId: string } & ProposalExcerpt)[],
  ): Promise<Record<string, string>> {
    const digests = await Promise.all(decisions.map((decision) => proposalDigest(decision)));
    return Object.fromEntries(
      decisions.map((decision, index) => [decision.proposalId, digests[index]!]),
    );
  }

  async function loadContext(
    command: VorlageCommand,
    state: VorlageState,
  ): Promise<VorlageDecideContext> {
    switch (command.type) {
      case 'CreateVorlage':
        return { initialFassung: await fingerprintText(command.data.initialText) };
      case 'RequestSignOffs': {
        const text = await readTextHead(state);
        return { text, verifiedText: await verifiedText(command.data.text, text) };
      }
      case 'GiveSignOff':
      case 'RefuseSignOff':
      case 'WithdrawSignOff':
      case 'ConfirmReservation':
      case 'ObjectToReservation': {
        const { onBehalfOf } = command.data;
        const deputy =
          onBehalfOf === undefined
            ? undefined
            : deputyArrangementFor(
                await loadUser(store, onBehalfOf),
                command.metadata.actor.userId,
                command.metadata.time,
              );
        return {
          text:
            command.type === 'GiveSignOff' || command.type === 'RefuseSignOff'
              ? await readTextHead(state)
              : undefined,
          deputy,
          ...((command.type === 'GiveSignOff' || command.type === 'RefuseSignOff') &&
          command.data.citedThreadIds
            ? {
                citableThreadIds: await citableThreads(
                  command.data.vorlageId,
                  command.data.officeId,
                ),
              }
            : {}),
        };
      }
      // D-155: deemed consent may complete a stage; the next one goes out on the current text.
      case 'SubmitToSession':
      case 'RecordDeemedSignOffs':
      case 'SubmitDissentToBoard':
        return { text: await readTextHead(state) };
      case 'DecideProposals':
        return {
          text: await readTextHead(state),
          decisionDigests: await excerptDigests(command.data.decisions),
        };
      case 'LockEditing':
      case 'UnlockEditing':
      case 'MarkReservationFulfilled':
      case 'RecordAgreementAttempt':
      case 'RequestParticipation':
      case 'SubmitStatement':
      case 'RequestDeadlineExtension':
      case 'GrantDeadlineExtension':
      case 'RefuseDeadlineExtension':
      case 'ChangeTargetSession':
      case 'RecordDecision':
      case 'PublishVorlage':
      case 'WithdrawVorlage':
        return {};
      default:
        return assertNever(command);
    }
  }

  /** D-135: the threads `officeId` started in the Vorlage's discussion (read only when citing). */
  async function citableThreads(vorlageId: string, officeId: string): Promise<string[]> {
    const discussion = foldStored(
      discussionDecider,
      await store.readStream(discussionStreamName(vorlageId)),
    );
    return threadsStartedBy(discussion, officeId);
  }

  function run(
    command: VorlageCommand,
    contextFor: (state: VorlageState) => Promise<VorlageDecideContext>,
    options: HandleOptions & { firstRead?: FoldedStream<VorlageState> } = {},
  ) {
    return runCommand(vorlageDecider, command, {
      store,
      stream: vorlageStreamName(command.data.vorlageId),
      metadata: command.metadata,
      loadContext: contextFor,
      ...retryPolicy,
      cache: lifecycles,
      ...(signer ? { signer } : {}),
      ...options,
    });
  }

  /**
   * D-41: marker first. Read the text head; decide as if this command's marker were on top (so an
   * unauthorised or invalid lock writes nothing); append the marker with the exact head revision
   * (a concurrent text write makes it fail and we start over); then record EditingLocked on the
   * lifecycle, re-reading the text head on every attempt. A retry of the same command finds its
   * own marker and only finishes the second step. A lock that loses on the lifecycle (another
   * lock won, the Vorlage moved on) releases its own marker before it reports the rejection.
   */
  async function lockEditing(
    command: VorlageCommandOf<'LockEditing'>,
    options: HandleOptions,
  ): Promise<CommandResult> {
    const lifecycleStream = vorlageStreamName(command.data.vorlageId);
    const textStream = textStreamName(command.data.vorlageId);
    const { commandId } = command.metadata;
    let markerPlaced = false;
    let lifecycle: FoldedStream<VorlageState> | undefined;
    const retry = retriesFor(retryPolicy, textStream);
    let attempt = 1;
    for (; !markerPlaced; attempt += 1) {
      lifecycle = await lifecycles.read(lifecycleStream);
      const { state } = lifecycle;
      options.check?.(state);
      const prior = priorOutcome(
        vorlageDecider.refusals,
        lifecycleStream,
        lifecycle.events,
        commandId,
        attempt,
      );
      if (prior?.ok) return prior.result;
      if (prior) throw prior.error;
      const head = await readTextHead(state);
      if (!head || hasTextLock(head, commandId)) {
        markerPlaced = true; // nothing to place (decide reports a missing Vorlage) or a retry
        break;
      }
      const markerRevision = head.headRevision === null ? 0n : head.headRevision + 1n;
      const projected: TextHead = {
        ...head,
        headRevision: markerRevision,
        locks: [...head.locks, { commandId, markerRevision }],
        lock: { commandId, markerRevision },
      };
      const refusal = await refusalOf(async () => {
        const text = await verifiedText(command.data.text, head);
        decide(command, state, { text: projected, verifiedText: text });
      });
      if (refusal) {
        // Refused before any marker: recorded (D-108) with the lifecycle revision just read.
        if (!options.recordRefusal || !isRecordableRefusal(refusal)) throw refusal;
        const recorded = await recordRefusal(command, refusal, lifecycle);
        if (recorded) throw recorded;
        if (await retry.again(attempt)) continue;
        break;
      }
      const marker: TextEditingLocked = {
        schemaVersion: TEXT_EVENTS_SCHEMA_VERSION,
        vorlageId: command.data.vorlageId,
        commandId,
        textHash: head.textHash,
        sectionHashes: head.sectionHashes,
        textRevision: head.contentRevision === null ? null : head.contentRevision.toString(),
      };
      try {
        await appendMarker(
          textStream,
          command.metadata,
          'text-lock',
          TEXT_EVENT_TYPES.editingLocked,
          marker,
          head.headRevision,
        );
        markerPlaced = true;
      } catch (error) {
        if (!isConcurrencyError(error)) throw error;
        // The collab server (or another marker) wrote in between: read again and re-decide.
        if (!(await retry.again(attempt))) break;
      }
    }
    if (!markerPlaced) throw retriesExhausted(textStream, attempt);
    try {
      // The lifecycle read that placed the marker serves the first attempt (one read per attempt).
      return await run(
        command,
        async (state) => {
          const head = await readTextHead(state);
          return { text: head, verifiedText: await verifiedText(command.data.text, head) };
        },
        { ...options, ...(lifecycle ? { firstRead: lifecycle } : {}) },
      );
    } catch (error) {
      if (isDomainError(error)) await releaseTextLock(command, commandId);
      throw error;
    }
  }

  /**
   * Appends the record of `refusal` to the lifecycle as read (D-108) and answers the refusal as a
   * re-send will read it back; null when another write came first (decide again).
   */
  async function recordRefusal(
    command: VorlageCommand,
    refusal: DomainError,
    lifecycle: FoldedStream<VorlageState>,
  ): Promise<DomainError | null> {
    const record = vorlageDecider.refusals!.record(command, refusal);
    const drafts = await toEventsToAppend([record], command.metadata, (type) =>
      vorlageDecider.schemaVersionOf(type as VorlageEventType),
    );
    const sealed = await sealEvents(drafts, chainHeadOf(lifecycle.events), signer);
    try {
      await store.appendToStream(
        vorlageStreamName(command.data.vorlageId),
        sealed.events,
        expectedRevisionOf(lifecycle.events),
      );
    } catch (error) {
      if (isConcurrencyError(error)) return null;
      throw error;
    }
    return vorlageDecider.refusals!.read(record.type, record.data) ?? refusal;
  }

  async function appendMarker(
    textStream: string,
    metadata: CommandMetadata,
    name: string,
    type: string,
    data: TextEditingLocked | TextEditingUnlocked,
    headRevision: bigint | null,
  ): Promise<void> {
    await store.appendToStream(
      textStream,
      [
        {
          id: await nameBasedUuid(metadata.commandId, name),
          type,
          data,
          metadata: eventMetadata(metadata, TEXT_EVENTS_SCHEMA_VERSION),
        },
      ],
      headRevision ?? 'no_stream',
    );
  }

  /**
   * D-42: lifecycle first (EditingUnlocked, serialized against submission by the lifecycle's
   * expected revision), then release exactly that lock in the text stream if it is still the
   * text stream's lock. A retry of the same command repeats only the release step.
   */
  async function unlockEditing(
    command: VorlageCommandOf<'UnlockEditing'>,
    options: HandleOptions,
  ): Promise<CommandResult> {
    const result = await run(command, async () => ({}), options);
    const unlocked = result.events.find((event) => event.type === 'EditingUnlocked');
    if (unlocked) {
      const event = parseVorlageEvent(unlocked.type, unlocked.data, 1);
      if (event.type === 'EditingUnlocked') await releaseTextLock(command, event.data.releasesLock);
    }
    return result;
  }

  /** Appends TextEditingUnlocked for `releasesLock` while that lock is still unreleased. */
  async function releaseTextLock(command: VorlageCommand, releasesLock: string): Promise<void> {
    const textStream = textStreamName(command.data.vorlageId);
    const retry = retriesFor(retryPolicy, textStream);
    for (let attempt = 1; ; attempt += 1) {
      const head = await readTextHeadOf(store, textStream, PLACEHOLDER_FASSUNG);
      if (!hasTextLock(head, releasesLock)) return; // released already (or never placed)
      const marker: TextEditingUnlocked = {
        schemaVersion: TEXT_EVENTS_SCHEMA_VERSION,
        vorlageId: command.data.vorlageId,
        commandId: command.metadata.commandId,
        releasesLock,
      };
      try {
        await appendMarker(
          textStream,
          command.metadata,
          `text-unlock-${releasesLock}`,
          TEXT_EVENT_TYPES.editingUnlocked,
          marker,
          head.headRevision,
        );
        return;
      } catch (error) {
        if (!isConcurrencyError(error)) throw error;
        // Another marker landed in between; look again.
        if (!(await retry.again(attempt))) throw retriesExhausted(textStream, attempt);
      }
    }
  }

  /**
   * D-93: the single-stream commands of one Vorlage that wait while another runs go together as
   * one batch: decided one after another, written in one append (one commit for all).
   */
  const waitingBatches = new Map<string, PendingCommand[]>();

  function batched(command: VorlageCommand, options: HandleOptions): Promise<CommandResult> {
    const { vorlageId } = command.data;
    return new Promise((resolve, reject) => {
      let batch = waitingBatches.get(vorlageId);
      if (!batch || batch.length >= MAX_BATCH) {
        const started: PendingCommand[] = [];
        batch = started;
        waitingBatches.set(vorlageId, started);
        void perVorlage.run(vorlageId, async () => {
          if (waitingBatches.get(vorlageId) === started) waitingBatches.delete(vorlageId);
          await runBatch(vorlageId, started);
        });
      }
      batch.push({ command, options, resolve, reject });
    });
  }

  async function runBatch(vorlageId: string, batch: readonly PendingCommand[]): Promise<void> {
    try {
      const outcomes = await runCommandBatch(
        vorlageDecider,
        batch.map(({ command, options }) => ({
          command,
          metadata: command.metadata,
          loadContext: (state: VorlageState) => loadContext(command, state),
          ...(options.check ? { check: options.check } : {}),
          ...(options.recordRefusal ? { recordRefusal: true } : {}),
        })),
        {
          store,
          stream: vorlageStreamName(vorlageId),
          ...retryPolicy,
          cache: lifecycles,
          ...(signer ? { signer } : {}),
        },
      );
      outcomes.forEach((outcome, index) => {
        const pending = batch[index]!;
        if (outcome.ok) pending.resolve(outcome.result);
        else pending.reject(outcome.error);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error); // the store failed: nobody got an answer
    }
  }

  return {
    async handle(input, options = {}) {
      const command = parseVorlageCommand(input);
      switch (command.type) {
        case 'LockEditing':
          return perVorlage.run(command.data.vorlageId, () => lockEditing(command, options));
        case 'UnlockEditing':
          return perVorlage.run(command.data.vorlageId, () => unlockEditing(command, options));
        default:
          return batched(command, options);
      }
    },
    async load(vorlageId) {
      return (await lifecycles.read(vorlageStreamName(vorlageId))).state;
    },
    async loadTextHead(vorlageId) {
      const state = await this.load(vorlageId);
      return (await readTextHead(state)) ?? null;
    },
  };
}

/** The domain error `step` throws, or null when it passes; other errors propagate. */
async function refusalOf(step: () => Promise<void>): Promise<DomainError | null> {
  try {
    await step();
    return null;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

/** Metadata for a command issued by code (scheduler, seeding): the caller supplies time and ids. */
export type { CommandMetadata };

function assertNever(value: never): never {
  throw new Error(`Unhandled command ${JSON.stringify(value)}`);
}
