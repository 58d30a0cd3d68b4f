// Creating a Vorlage takes two appends: the CreateVorlage command on the lifecycle stream, then the
// initial text as the first snapshot of the text stream (the collab server serves documents from
// there and never invents content). Both are keyed by the command id, so a retry after a crash
// between them completes the second append instead of doubling anything.
import { nameBasedUuid } from '../../domain/shared/crypto';
import type { EventStreamStore } from '../../domain/application/event-store-port';
import type { CommandResult } from '../../domain/application/command-handler';
import type { VorlageCommandHandler } from '../../domain/application/vorlage-handler';
import type { CommandMetadata } from '../../domain/shared/actor';
import { isConcurrencyError } from '../../domain/shared/errors';
import type { VorlageText } from '../../domain/text/canonical';
import { textStreamName } from '../../domain/text/text-events';
import { normalizeVorlageText } from '../../editor/convert';
import { initialTextEvent } from '../../editor/text-events';

export interface CreateVorlageInput {
  readonly vorlageId: string;
  readonly title: string;
  readonly leadOfficeId: string;
  readonly rapporteur: { readonly name: string; readonly userId: string | null };
  readonly targetSessionDate: string;
  readonly initialText: VorlageText;
}

export async function createVorlage(
  deps: { readonly store: EventStreamStore; readonly vorlagen: VorlageCommandHandler },
  input: CreateVorlageInput,
  metadata: CommandMetadata,
): Promise<CommandResult> {
  // The text as the editor schema holds it, so the recorded initial Fassung is the hash the
  // collab server computes from the document.
  const initialText = normalizeVorlageText(input.initialText);
  const result = await deps.vorlagen.handle({
    type: 'CreateVorlage',
    data: { ...input, initialText },
    metadata,
  });
  await appendInitialText(deps.store, input.vorlageId, initialText, metadata);
  return result;
}

async function appendInitialText(
  store: EventStreamStore,
  vorlageId: string,
  text: VorlageText,
  metadata: CommandMetadata,
): Promise<void> {
  const { event } = await initialTextEvent({
    id: await nameBasedUuid('vorlagen:initial-text', metadata.commandId),
    text,
    author: { userId: metadata.actor.userId, officeId: metadata.actor.officeId },
    time: new Date(metadata.time),
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
