// Issue 14: persistence can never be wedged. A failing append or a batch that cannot be prepared
// is kept, logged, retried with backoff, shown to clients ("unsaved") and in /health/ready and
// /metrics; it recovers by itself, never rejects a promise nobody handles, and never stops other
// documents from being stored.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SECTION_KEYS } from '../domain/text/sections';
import { textStreamName } from '../domain/text/text-events';
import { isServerUnsaved, serverStoredOwnEdits } from '../editor/collab-provider';
import { textSnapshotEvent } from '../editor/text-events';
import { useCollabHarness } from './int-test-harness';
import type { TextStore } from './text-store';
import { readJustification, seedVorlage, synced, typeAt, waitUntil } from './test-support';

const harness = useCollabHarness();

/** The real text store, whose appends and loads fail while `down` is set (the store is away). */
function switchableStore(): { store: TextStore; setDown(down: boolean): void } {
  let down = false;
  const unavailable = () => Promise.reject(new Error('event store unavailable'));
  return {
    setDown: (value) => {
      down = value;
    },
    store: {
      load: (vorlageId) => (down ? unavailable() : harness.textStore.load(vorlageId)),
      append: (vorlageId, events, expected) =>
        down ? unavailable() : harness.textStore.append(vorlageId, events, expected),
      watchMarkers: (onMarker, onError) => harness.textStore.watchMarkers(onMarker, onError),
    },
  };
}

const startServer = (textStore: TextStore) =>
  harness.startServer({
    textStore,
    persistence: { batchMs: 50, maxRetryDelayMs: 200, unsavedAfterMs: 1000 },
  });

const connect = (port: number, vorlageId: string, userId: string) =>
  harness.connect(port, vorlageId, { userId });

async function storedJustification(vorlageId: string): Promise<string> {
  return readJustification(await harness.storedDoc(vorlageId));
}

async function ready(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('persistence failures (issue 14)', () => {
  it('a failing store: clients are told "unsaved", ready is 503, metrics count it; all text is stored when it is back', async () => {
    const switchable = switchableStore();
    const vorlageId = `down-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await startServer(switchable.store);
    const alice = connect(port, vorlageId, 'alice');
    const bob = connect(port, vorlageId, 'bob');
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    expect((await ready(port)).status).toBe(200);

    switchable.setDown(true);
    typeAt(alice.doc, 'während', () => 1);
    typeAt(bob.doc, ' des Ausfalls', () => 1);
    await waitUntil(
      () => isServerUnsaved(alice.provider.awareness) && isServerUnsaved(bob.provider.awareness),
      10_000,
      'clients told the edits are not stored',
    );
    expect(serverStoredOwnEdits(alice.provider, alice.doc)).toBe(false);
    const down = await ready(port);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'persistence failing', documentsNotDurable: 1 });
    const metrics = server.metrics();
    expect(metrics.persistFailuresTotal).toBeGreaterThan(0);
    expect(metrics.failingDocuments).toBe(1);
    expect(metrics.unsavedDocuments).toBe(1);
    expect(metrics.persistenceLagSeconds).toBeGreaterThan(0);

    // Back: the clients are told their edits are stored (they would say "gespeichert" again).
    switchable.setDown(false);
    await waitUntil(
      () =>
        !isServerUnsaved(alice.provider.awareness) &&
        serverStoredOwnEdits(alice.provider, alice.doc) &&
        serverStoredOwnEdits(bob.provider, bob.doc),
      10_000,
      'clients told their edits are stored',
    );
    expect(await storedJustification(vorlageId)).toBe(readJustification(alice.doc));

    // Away again, and the clients leave: the document is not unloaded with unstored edits.
    switchable.setDown(true);
    typeAt(alice.doc, ' zuletzt', () => 1);
    await waitUntil(() => server.metrics().failingDocuments === 1, 10_000, 'failing again');
    const expected = readJustification(alice.doc);
    alice.provider.disconnect();
    bob.provider.disconnect();
    await waitUntil(() => server.metrics().connections === 0, 10_000, 'clients gone');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.metrics().loadedDocuments).toBe(1);

    switchable.setDown(false);
    await waitUntil(
      async () => (await storedJustification(vorlageId)) === expected,
      10_000,
      'stored after the store came back',
    );
    await waitUntil(() => server.metrics().loadedDocuments === 0, 10_000, 'unloaded after all');
    expect((await ready(port)).status).toBe(200);
  });

  it('a batch that cannot be prepared (a stored section the schema refuses) wedges neither the server nor other documents', async () => {
    // A document stored before updates were checked: Begründung holds Y.Text-style content.
    const broken = `broken-${randomUUID()}`;
    const doc = new Y.Doc();
    doc.getText('justification').insert(0, 'x');
    const state = Y.encodeStateAsUpdate(doc);
    const zeroHash = '0'.repeat(64);
    await harness.client.appendToStream(
      textStreamName(broken),
      [
        textSnapshotEvent({
          id: randomUUID(),
          state,
          authors: [{ userId: 'creator', officeId: 'SPK' }],
          fingerprint: {
            textHash: zeroHash,
            sectionHashes: Object.fromEntries(SECTION_KEYS.map((key) => [key, zeroHash])) as never,
          },
          coversRevision: 0n,
          time: new Date(),
        }),
      ],
      'no_stream',
    );
    const healthy = `healthy-${randomUUID()}`;
    await seedVorlage(harness.client, healthy);
    const { server, port } = await startServer(harness.textStore);
    const writer = connect(port, broken, 'writer');
    const other = connect(port, healthy, 'other');
    await waitUntil(() => writer.provider.synced && synced(other), 10_000, 'synced');

    // A valid edit: typing into the subject's placeholder paragraph (editor/section-structure.ts).
    const subject = writer.doc.getXmlFragment('subject').get(0) as Y.XmlElement;
    (subject.get(0) as Y.XmlText).insert(0, 'x');
    await waitUntil(
      () => isServerUnsaved(writer.provider.awareness),
      10_000,
      'writer told its edit is not stored',
    );
    expect(server.metrics().persistFailuresTotal).toBeGreaterThan(0);

    typeAt(other.doc, 'weiter', () => 1);
    await waitUntil(
      async () => (await storedJustification(healthy)).endsWith('weiter'),
      10_000,
      'the other document is still stored',
    );
    expect(isServerUnsaved(other.provider.awareness)).toBe(false);
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
  });
});
