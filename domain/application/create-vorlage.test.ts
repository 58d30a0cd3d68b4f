import { describe, expect, it } from 'vitest';
import type { CommandMetadata } from '../shared/actor';
import { textStreamName } from '../text/text-events';
import type { VorlageText } from '../text/canonical';
import { ACTORS, LEAD } from '../testing/fixtures';
import { createMemoryStore } from '../testing/memory-store';
import { INITIAL_TEXT, handlerOn, newCommandId } from '../testing/scenario';
import { createVorlage, type InitialTextEncoder } from './create-vorlage';
import { vorlageStreamName } from './vorlage-handler';

/** Marks the text so the test sees that the normalized text, not the input, was recorded. */
const NORMALIZED: VorlageText = { ...INITIAL_TEXT, subject: [{ type: 'paragraph' }] };
const encoder: InitialTextEncoder = {
  normalize: () => NORMALIZED,
  initialEvent: async ({ id, text, author, time }) => ({
    id,
    type: 'VorlageTextSnapshotted',
    data: new TextEncoder().encode(JSON.stringify(text)),
    metadata: { author, time },
  }),
};

function setup() {
  const store = createMemoryStore();
  const vorlagen = handlerOn(store);
  const metadata = {
    commandId: newCommandId(),
    correlationId: 'spec',
    actor: ACTORS.leadMember,
    time: '2026-05-04T08:00:00Z',
  } as CommandMetadata;
  const input = {
    vorlageId: 'V-2026-0042',
    title: 'Einsetzung der AG Planung',
    leadOfficeId: LEAD,
    rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: null },
    targetSessionDate: '2026-05-19',
    initialText: INITIAL_TEXT,
  };
  return { store, vorlagen, metadata, input, deps: { store, vorlagen, text: encoder } };
}

describe('createVorlage (two appends)', () => {
  it('records the normalized text in the lifecycle and opens the text stream with it', async () => {
    const { store, deps, input, metadata } = setup();
    await createVorlage(deps, input, metadata);
    const [created] = await store.readStream(vorlageStreamName(input.vorlageId));
    expect(created?.type).toBe('VorlageCreated');
    expect(JSON.stringify(created?.data)).toContain(JSON.stringify(NORMALIZED.subject));
    const text = await store.readStream(textStreamName(input.vorlageId));
    expect(text).toHaveLength(1);
    expect(JSON.parse(new TextDecoder().decode(text[0]!.data as Uint8Array))).toEqual(NORMALIZED);
  });

  it('a retry of the same command appends nothing twice', async () => {
    const { store, deps, input, metadata } = setup();
    await createVorlage(deps, input, metadata);
    await createVorlage(deps, input, metadata);
    expect(await store.readStream(vorlageStreamName(input.vorlageId))).toHaveLength(1);
    expect(await store.readStream(textStreamName(input.vorlageId))).toHaveLength(1);
  });

  it('a retry after a crash between the appends completes the text stream', async () => {
    const { store, vorlagen, deps, input, metadata } = setup();
    await vorlagen.handle({
      type: 'CreateVorlage',
      data: { ...input, initialText: NORMALIZED },
      metadata,
    });
    await createVorlage(deps, input, metadata);
    expect(await store.readStream(vorlageStreamName(input.vorlageId))).toHaveLength(1);
    expect(await store.readStream(textStreamName(input.vorlageId))).toHaveLength(1);
  });
});
