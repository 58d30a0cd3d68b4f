// Command handling for Vorlagen (D-90…D-99): validates the command, reads the lifecycle stream and
// what the decision needs from outside it (the text head of `vorlagetext-<id>`, the deputy
// arrangement from `user-<principal>`), and runs the lock/unlock protocol across both streams.
import type { AuditSigner } from '../audit/signature';
import { streamName, type EventStreamStore, type StoredEvent } from './event-store-port';
import type { CommandMetadata } from '../shared/actor';
import { DomainError, isConcurrencyError, isDomainError } from '../shared/errors';
import { nameBasedUuid } from '../shared/crypto';
import { fingerprintText, type VorlageText } from '../text/canonical';
import {
  foldTextHead,
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
  VorlageError,
  type VorlageDecideContext,
} from '../vorlage/decider';
import {
  VorlageCommandSchema,
  type VorlageCommand,
  type VorlageCommandOf,
} from '../vorlage/commands';
import {
  CURRENT_SCHEMA_VERSION,
  parseVorlageEvent,
  VORLAGE_STREAM_CATEGORY,
  type Fassung,
  type VorlageEvent,
  type VorlageEventType,
} from '../vorlage/events';
import type { VorlageState } from '../vorlage/state';
import { loadUser } from './directory-handler';
import { GENESIS_HASH } from '../audit/chain';
import { SECTION_KEYS } from '../text/sections';
import { deputyArrangementFor } from '../directory/decider';
import {
  DEFAULT_MAX_ATTEMPTS,
  expectedRevisionOf,
  foldStored,
  priorResult,
  runCommand,
  type CommandResult,
  type StreamDecider,
} from './command-handler';
import { eventMetadata } from './event-metadata';

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
};

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
  /** Bound on re-reads after concurrent writes (per stream step). */
  readonly maxAttempts?: number;
}

export interface VorlageCommandHandler {
  /** Validates `input` (unknown JSON is fine) and runs it; throws DomainError on rejection. */
  handle(input: unknown): Promise<CommandResult>;
  /** The lifecycle state as the decider sees it (for read-side checks such as canEditText). */
  load(vorlageId: string): Promise<VorlageState>;
  /** The text head (lock state and current Fassung) of a Vorlage. */
  loadTextHead(vorlageId: string): Promise<TextHead | null>;
}

/** Parses a command envelope; a bad one is a DomainError('invalid_command') naming the zod issues. */
export function parseVorlageCommand(input: unknown): VorlageCommand {
  const parsed = VorlageCommandSchema.safeParse(input);
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

export function createVorlageCommandHandler(
  options: VorlageCommandHandlerOptions,
): VorlageCommandHandler {
  const { store } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  async function readTextHead(state: VorlageState): Promise<TextHead | undefined> {
    if (state.status === 'none') return undefined;
    const events = await store.readStream(textStreamName(state.vorlageId));
    return foldTextHead(events, state.initialFassung);
  }

  async function verifiedText(
    text: VorlageText | undefined,
    head: TextHead | undefined,
  ): Promise<VorlageText | null> {
    if (!text || !head) return null;
    const { textHash } = await fingerprintText(text);
    if (textHash !== head.textHash) {
      throw new VorlageError('fassung_not_current', 'The supplied text is not the current text', {
        named: textHash,
        current: head.textHash,
      });
    }
    return text;
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
      case 'WithdrawSignOff': {
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
          text: command.type === 'WithdrawSignOff' ? undefined : await readTextHead(state),
          deputy,
        };
      }
      case 'SubmitToSession':
        return { text: await readTextHead(state) };
      case 'LockEditing':
      case 'UnlockEditing':
      case 'RecordDeemedSignOffs':
      case 'RecordDecision':
      case 'PublishVorlage':
      case 'WithdrawVorlage':
        return {};
      default:
        return assertNever(command);
    }
  }

  function run(
    command: VorlageCommand,
    contextFor: (state: VorlageState) => Promise<VorlageDecideContext>,
  ) {
    return runCommand(vorlageDecider, command, {
      store,
      stream: vorlageStreamName(command.data.vorlageId),
      metadata: command.metadata,
      loadContext: contextFor,
      maxAttempts,
      signer: options.signer,
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
  async function lockEditing(command: VorlageCommandOf<'LockEditing'>): Promise<CommandResult> {
    const lifecycleStream = vorlageStreamName(command.data.vorlageId);
    const textStream = textStreamName(command.data.vorlageId);
    const { commandId } = command.metadata;
    let markerPlaced = false;
    for (let attempt = 1; attempt <= maxAttempts && !markerPlaced; attempt += 1) {
      const lifecycle = await store.readStream(lifecycleStream);
      const prior = priorResult(lifecycleStream, lifecycle, commandId, attempt);
      if (prior) return prior;
      const state = foldStored(vorlageDecider, lifecycle);
      const textEvents = await store.readStream(textStream);
      const head =
        state.status === 'none' ? undefined : foldTextHead(textEvents, state.initialFassung);
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
      const text = await verifiedText(command.data.text, head);
      decide(command, state, { text: projected, verifiedText: text }); // throws when not allowed
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
          textEvents,
        );
        markerPlaced = true;
      } catch (error) {
        if (!isConcurrencyError(error)) throw error;
        // The collab server (or another marker) wrote in between: read again and re-decide.
      }
    }
    if (!markerPlaced) {
      throw new DomainError('concurrency_retries_exhausted', 'Could not place the lock marker', {
        stream: textStream,
        attempts: maxAttempts,
      });
    }
    try {
      return await run(command, async (state) => {
        const head = await readTextHead(state);
        return { text: head, verifiedText: await verifiedText(command.data.text, head) };
      });
    } catch (error) {
      if (isDomainError(error)) await releaseTextLock(command, commandId);
      throw error;
    }
  }

  async function appendMarker(
    textStream: string,
    metadata: CommandMetadata,
    name: string,
    type: string,
    data: TextEditingLocked | TextEditingUnlocked,
    seen: readonly StoredEvent[],
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
      expectedRevisionOf(seen),
    );
  }

  /**
   * D-42: lifecycle first (EditingUnlocked, serialized against submission by the lifecycle's
   * expected revision), then release exactly that lock in the text stream if it is still the
   * text stream's lock. A retry of the same command repeats only the release step.
   */
  async function unlockEditing(command: VorlageCommandOf<'UnlockEditing'>): Promise<CommandResult> {
    const result = await run(command, async () => ({}));
    const lifecycle = await store.readStream(vorlageStreamName(command.data.vorlageId));
    const unlocked = lifecycle.find(
      (event) => event.id === result.events[0]?.id && event.type === 'EditingUnlocked',
    );
    if (unlocked) {
      const data = parseVorlageEvent(unlocked.type, unlocked.data, 1);
      if (data.type === 'EditingUnlocked') await releaseTextLock(command, data.data.releasesLock);
    }
    return result;
  }

  /** Appends TextEditingUnlocked for `releasesLock` while that lock is still unreleased. */
  async function releaseTextLock(command: VorlageCommand, releasesLock: string): Promise<void> {
    const textStream = textStreamName(command.data.vorlageId);
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const textEvents = await store.readStream(textStream);
      const head = foldTextHead(textEvents, PLACEHOLDER_FASSUNG);
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
          textEvents,
        );
        return;
      } catch (error) {
        if (!isConcurrencyError(error)) throw error;
        // Another marker landed in between; look again.
      }
    }
    throw new DomainError('concurrency_retries_exhausted', 'Could not release the text lock', {
      stream: textStream,
    });
  }

  return {
    async handle(input) {
      const command = parseVorlageCommand(input);
      switch (command.type) {
        case 'LockEditing':
          return lockEditing(command);
        case 'UnlockEditing':
          return unlockEditing(command);
        default:
          return run(command, (state) => loadContext(command, state));
      }
    },
    async load(vorlageId) {
      return foldStored(vorlageDecider, await store.readStream(vorlageStreamName(vorlageId)));
    },
    async loadTextHead(vorlageId) {
      const state = await this.load(vorlageId);
      return (await readTextHead(state)) ?? null;
    },
  };
}

/** Metadata for a command issued by code (scheduler, seeding): the caller supplies time and ids. */
export type { CommandMetadata };

function assertNever(value: never): never {
  throw new Error(`Unhandled command ${JSON.stringify(value)}`);
}
