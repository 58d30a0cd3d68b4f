// Builders for application-level specs (unit specs on the memory store and integration specs on
// the real store alike): command envelopes with metadata, a created Vorlage, text events.
import type { ContentionRetries } from '../application/command-handler';
import type { Actor } from '../shared/actor';
import type { EventStreamStore, EventToAppend } from '../application/event-store-port';
import {
  createVorlageCommandHandler,
  type VorlageCommandHandler,
} from '../application/vorlage-handler';
import { fingerprintText, type VorlageText } from '../text/canonical';
import { TEXT_EVENT_TYPES, textStreamName } from '../text/text-events';
import { ACTORS, ASKED_A, ASKED_B, LEAD } from './fixtures';

let sequence = 0;
/** Valid, unique v4-layout UUIDs with a per-run prefix so parallel suites do not collide. */
export function newCommandId(prefix = 0xabc): string {
  sequence += 1;
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

export function envelope(
  type: string,
  data: Record<string, unknown>,
  actor: Actor,
  options: { commandId?: string; time?: string } = {},
): Record<string, unknown> {
  return {
    type,
    data,
    metadata: {
      commandId: options.commandId ?? newCommandId(),
      correlationId: 'spec',
      actor,
      time: options.time ?? '2026-05-04T08:00:00Z',
    },
  };
}

const p = (text: string) => [{ type: 'paragraph', content: [{ type: 'text', text }] }];

export const INITIAL_TEXT: VorlageText = {
  subject: p('Einsetzung der AG Planung'),
  rapporteur: p('Bezirksstadträtin Carolina Böhm'),
  draftResolution: p('Das Bezirksamt beschließt, die AG Planung einzurichten.'),
  justification: p('Ziel ist eine bessere Kooperation.'),
  legalBasis: p('§ 36 Abs. 2 Buchst. h) Bezirksverwaltungsgesetz'),
};

export async function createVorlage(
  handler: VorlageCommandHandler,
  vorlageId: string,
  options: {
    officeIds?: string[];
    deemed?: boolean;
    deadline?: string;
    /** Issue 19: a sign-off plan — later stages, their deadlines computed from `period`. */
    laterStages?: { name: string; officeIds: string[] }[];
    period?: { unit: 'days' | 'weeks'; amount: number };
  } = {},
): Promise<{ textHash: string }> {
  await handler.handle(
    envelope(
      'CreateVorlage',
      {
        vorlageId,
        title: 'Einsetzung der AG Planung',
        leadOfficeId: LEAD,
        rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: null },
        targetSessionDate: '2026-05-19',
        initialText: INITIAL_TEXT,
      },
      ACTORS.leadMember,
    ),
  );
  const { textHash } = await fingerprintText(INITIAL_TEXT);
  await handler.handle(
    envelope(
      'RequestSignOffs',
      {
        vorlageId,
        officeIds: options.officeIds ?? [ASKED_A, ASKED_B],
        ...(options.period
          ? { period: options.period }
          : { deadline: options.deadline ?? '2026-05-08T16:00:00Z' }),
        ...(options.laterStages ? { laterStages: options.laterStages } : {}),
        deemedGivenPolicy: options.deemed ? 'deemedGivenAfterDeadline' : 'explicitOnly',
        fassungHash: textHash,
      },
      ACTORS.leadSigner,
    ),
  );
  return { textHash };
}

/** A content event as the collab server writes it (the Yjs bytes are irrelevant to the domain). */
export async function collabEdit(
  store: EventStreamStore,
  vorlageId: string,
  text: VorlageText,
  author: { userId: string; officeId: string },
  expected: Parameters<EventStreamStore['appendToStream']>[2],
  time = '2026-05-04T09:00:00Z',
  /** D-145: the proposals the collab server found pending in the text after this edit. */
  openProposals: readonly string[] = [],
): Promise<string> {
  const fingerprint = await fingerprintText(text);
  const event: EventToAppend = {
    id: newCommandId(0xc011ab),
    type: TEXT_EVENT_TYPES.updated,
    data: new Uint8Array([0, 1, 2]),
    metadata: {
      schemaVersion: 1,
      ...fingerprint,
      time,
      snapshot: false,
      authors: [author],
      ...(openProposals.length > 0 ? { openProposals: [...openProposals] } : {}),
    },
  };
  await store.appendToStream(textStreamName(vorlageId), [event], expected);
  return fingerprint.textHash;
}

export function handlerOn(
  store: EventStreamStore,
  maxAttempts?: number,
  retries?: ContentionRetries,
): VorlageCommandHandler {
  return createVorlageCommandHandler({
    store,
    ...(maxAttempts ? { maxAttempts } : {}),
    ...(retries ? { retries } : {}),
  });
}
