// The editor's side of domain/application/create-vorlage.ts: the initial text normalized to the
// Tiptap schema and encoded as the Yjs snapshot that opens the text stream.
import type { InitialTextEncoder } from '../domain/application/create-vorlage';
import { normalizeVorlageText } from './convert';
import { initialTextEvent } from './text-events';

export const yjsInitialText: InitialTextEncoder = {
  normalize: normalizeVorlageText,
  initialEvent: async ({ time, ...options }) =>
    (await initialTextEvent({ ...options, time: new Date(time) })).event,
};
