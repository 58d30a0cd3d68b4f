// Issue 22: load-adaptive flush windows. With many documents holding pending edits, their windows
// stretch, so their edits coalesce into fewer appends; a lone document, and a busy one among many,
// still flush within batchMs; the shutdown flushes everything at once. The test asserts on the
// order of "stored" reports and on append counts, not on durations: the stretched windows are
// made far longer than the test (30 s per extra document), so a quiet document's append during
// the rounds can only come from a window that did not stretch. An edit that waits for its
// stretched window is on time: neither its clients nor /health/ready call it "nicht gespeichert".
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isServerUnsaved, serverStoredOwnEdits } from '../editor/collab-provider';
import { useCollabHarness } from './int-test-harness';
import type { TextStore } from './text-store';
import {
  readJustification,
  seedVorlage,
  seededRandom,
  synced,
  typeAt,
  waitUntil,
  type TestClient,
} from './test-support';

const harness = useCollabHarness();
const BATCH_MS = 100;
const QUIET_DOCUMENTS = 6;
const ROUNDS = 3;
const BUSY_UPDATES = 5;
/** Far below the stretched windows: without stretching with them, quiet edits would count. */
const UNSAVED_AFTER_MS = 300;
/** How often the server re-checks (server.ts), twice: long enough for a wrong verdict to show. */
const RECHECKS_MS = 2 * 250;

/** The real text store, counting appends per Vorlage. */
function countingStore(): { store: TextStore; appends(vorlageId: string): number } {
  const counts = new Map<string, number>();
  return {
    appends: (vorlageId) => counts.get(vorlageId) ?? 0,
    store: {
      load: (vorlageId) => harness.textStore.load(vorlageId),
      append: (vorlageId, events, expected) => {
        counts.set(vorlageId, (counts.get(vorlageId) ?? 0) + 1);
        return harness.textStore.append(vorlageId, events, expected);
      },
      watchMarkers: (onMarker, onError) => harness.textStore.watchMarkers(onMarker, onError),
    },
  };
}

const stored = (client: TestClient) => serverStoredOwnEdits(client.provider, client.doc);

describe('load-adaptive flush windows (issue 22)', () => {
  it('coalesces quiet documents under load while lone and busy documents flush in batchMs', async () => {
    const counting = countingStore();
    const lone = `lone-${randomUUID()}`;
    const busy = `busy-${randomUUID()}`;
    const quiet = Array.from({ length: QUIET_DOCUMENTS }, () => `quiet-${randomUUID()}`);
    for (const id of [lone, busy, ...quiet]) await seedVorlage(harness.client, id);
    const { server, port } = await harness.startServer({
      textStore: counting.store,
      persistence: {
        batchMs: BATCH_MS,
        batchMaxMs: 60_000,
        stretchFromDocuments: 1,
        stretchMsPerDocument: 30_000,
        busyDocumentUpdates: BUSY_UPDATES,
        unsavedAfterMs: UNSAVED_AFTER_MS,
      },
      flushTimeoutMs: 20_000,
    });
    const random = seededRandom(2222);
    const clients = new Map<string, TestClient>();
    // One at a time, so that loading never has several documents pending at once.
    for (const id of [lone, busy, ...quiet]) {
      const client = harness.connect(port, id, { userId: `user-${id}` });
      clients.set(id, client);
      await waitUntil(() => synced(client), 10_000, `${id} synced`);
      await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'nothing pending');
    }
    const client = (id: string) => clients.get(id)!;

    // A lone document: its window is batchMs (stretched, it would be 30 s).
    const loneAppends = counting.appends(lone);
    typeAt(client(lone).doc, 'l', random);
    await waitUntil(() => stored(client(lone)), 10_000, 'the lone document saved');
    expect(counting.appends(lone)).toBe(loneAppends + 1);

    // A busy document among many pending ones flushes within batchMs; it is the clock of the
    // rounds below: when it is saved, an unstretched window of an earlier quiet edit has ended.
    const busyRound = async (round: number) => {
      for (let index = 0; index < BUSY_UPDATES; index++) typeAt(client(busy).doc, 'b', random);
      await waitUntil(() => stored(client(busy)), 10_000, `busy document saved (round ${round})`);
    };
    const typeQuiet = () => {
      for (const id of quiet) typeAt(client(id).doc, 'q', random);
    };
    const quietAppends = () => quiet.reduce((sum, id) => sum + counting.appends(id), 0);

    typeQuiet();
    await busyRound(0);
    // A quiet document whose window ended before the others had edits may have flushed in round
    // 0; from here on every quiet document has pending edits, and all windows are stretched.
    const before = quietAppends();
    for (let round = 1; round <= ROUNDS; round++) {
      typeQuiet();
      await busyRound(round);
    }
    expect(quietAppends()).toBe(before);
    expect(quiet.every((id) => !stored(client(id)))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, UNSAVED_AFTER_MS + RECHECKS_MS));
    expect(quiet.filter((id) => isServerUnsaved(client(id).provider.awareness))).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    // The shutdown flushes everything at once: one append per quiet document for all rounds.
    const { flushed } = await server.close();
    expect(flushed).toBe(true);
    expect(quietAppends()).toBe(before + QUIET_DOCUMENTS);
    for (const id of [lone, busy, ...quiet]) {
      expect(readJustification(await harness.storedDoc(id))).toBe(
        readJustification(client(id).doc),
      );
    }
  });
});
