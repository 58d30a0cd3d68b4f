// Creating a Vorlage takes two appends: the CreateVorlage command on the lifecycle stream, then the
// initial text as the first snapshot of the text stream (the collab server serves documents from
// there and never invents content). Both are keyed by the command id, so a retry after a crash
// between them completes the second append instead of doubling anything.
import { nameBasedUuid } from '../shared/crypto';
import type { CommandMetadata } from '../shared/actor';
import { isConcurrencyError } from '../shared/errors';
import type { VorlageText } from '../text/canonical';
import { textStreamName } from '../text/text-events';
import type { CommandResult } from './command-handler';
import type { EventStreamStore, EventToAppend } from './event-store-port';
import type { VorlageCommandHandler } from './vorlage-handler';

/** The port to the text's encoding (the editor's Yjs snapshot: editor/initial-text.ts). */
export interface InitialTextEncoder {
  /**
   * The text as the editor schema holds it, so the recorded initial Fassung is the hash the
   * collab server computes from the document.
   */
  normalize(text: VorlageText): VorlageText;
  /** The text stream's first event, holding `text`. */
  initialEvent(options: {
    readonly id: string;
    readonly text: VorlageText;
    readonly author: { readonly userId: string; readonly officeId: string };
    /** ISO time of the command. */
    readonly time: string;
  }): Promise<EventToAppend>;
}

export interface CreateVorlageDeps {
  readonly store: EventStreamStore;
  readonly vorlagen: VorlageCommandHandler;
  readonly text: InitialTextEncoder;
}

export interface CreateVorlageInput {
  readonly vorlageId: string;
  readonly title: string;
  readonly leadOfficeId: string;
  readonly rapporteur: { readonly name: string; readonly userId: string | null };
  readonly targetSessionDate: string;
  readonly initialText: VorlageText;
}

export async function createVorlage(
  deps: CreateVorlageDeps,
  input: CreateVorlageInput,
  metadata: CommandMetadata,
): Promise<CommandResult> {
  const initialText = deps.text.normalize(input.initialText);
  const result = await deps.vorlagen.handle({
    type: 'CreateVorlage',
    data: { ...input, initialText },
    metadata,
  });
  await appendInitialText(deps, input.vorlageId, initialText, metadata);
  return result;
}

async function appendInitialText(
  { store, text: encoder }: CreateVorlageDeps,
  vorlageId: string,
  text: VorlageText,
  metadata: CommandMetadata,
): Promise<void> {
  const event = await encoder.initialEvent({
    id: await nameBasedUuid('vorlagen:initial-text', metadata.commandId),
    text,
    author: { userId: metadata.actor.userId, officeId: metadata.actor.officeId },
    time: metadata.time,
  });
  try {
    // Re-sending the same event id at the same place is acknowledged again (idempotent append).
    await store.appendToStream(textStreamName(vorlageId), [event], 'no_stream');
  } catch (error) {
    // The stream exists with other content: only possible if this is a retry whose first event
    // was already followed by edits, which means the initial text did land.
    if (!isConcurrencyError(error)) throw error;
    const existing = await store.readStream(textStreamName(vorlageId));
    if (existing[0]?.id !== event.id) throw error;
  }
}
