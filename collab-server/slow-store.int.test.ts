// Issue 22: relaying never waits for persistence. With every append held back 2 s by the store,
// keystrokes still reach the other clients while nothing of them is stored, and the writer's
// "gespeichert" waits until the store acknowledged its edits; an edit that waits longer than
// unsavedAfterMs (a lone document: its window is not stretched) shows "nicht gespeichert" meanwhile.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isServerUnsaved, serverStoredOwnEdits, storedReportsOf } from '../editor/collab-provider';
import { useCollabHarness } from './int-test-harness';
import type { TextStore } from './text-store';
import {
  readJustification,
  seedVorlage,
  seededRandom,
  synced,
  typeAt,
  waitUntil,
} from './test-support';

const harness = useCollabHarness();
const APPEND_DELAY_MS = 2000;
const UNSAVED_AFTER_MS = 1000;

/** The real text store, each append acknowledged only APPEND_DELAY_MS after it was written. */
function slowStore(): { store: TextStore; started(): number; acknowledged(): number } {
  let started = 0;
  let acknowledged = 0;
  return {
    started: () => started,
    acknowledged: () => acknowledged,
    store: {
      load: (vorlageId) => harness.textStore.load(vorlageId),
      append: async (vorlageId, events, expected) => {
        started++;
        const head = await harness.textStore.append(vorlageId, events, expected);
        await new Promise((resolve) => setTimeout(resolve, APPEND_DELAY_MS));
        acknowledged++;
        return head;
      },
      watchMarkers: (onMarker, onError) => harness.textStore.watchMarkers(onMarker, onError),
    },
  };
}

describe('a slow store (issue 22)', () => {
  it('does not hold back relaying; "gespeichert" waits for the acknowledgement', async () => {
    const slow = slowStore();
    const vorlageId = `slow-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await harness.startServer({
      textStore: slow.store,
      persistence: { unsavedAfterMs: UNSAVED_AFTER_MS },
    });
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    // Loading may have stored the section placeholders; start from a store that is idle.
    await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'nothing pending');
    await waitUntil(() => !isServerUnsaved(alice.provider.awareness), 10_000, 'all saved');
    const acknowledgedBefore = slow.acknowledged();
    const startedBefore = slow.started();

    const random = seededRandom(22);
    typeAt(alice.doc, 'x', random);
    await waitUntil(() => slow.started() > startedBefore, 10_000, 'an append in flight');
    // While that append waits for the store, each keystroke still reaches bob.
    for (let keystroke = 0; keystroke < 10; keystroke++) {
      typeAt(alice.doc, 'x', random);
      await waitUntil(
        () => readJustification(bob.doc) === readJustification(alice.doc),
        10_000,
        `keystroke ${keystroke} relayed to bob`,
      );
    }
    // Everything arrived while the store had acknowledged none of it (an append takes 2 s).
    expect(slow.acknowledged()).toBe(acknowledgedBefore);
    expect(serverStoredOwnEdits(alice.provider, alice.doc)).toBe(false);

    await waitUntil(
      () => isServerUnsaved(alice.provider.awareness),
      APPEND_DELAY_MS,
      'alice told her edits wait longer than they should',
    );
    await waitUntil(
      () => serverStoredOwnEdits(alice.provider, alice.doc),
      4 * APPEND_DELAY_MS,
      'alice told her edits are stored',
    );
    await waitUntil(() => !isServerUnsaved(alice.provider.awareness), 1000, 'no longer unsaved');
    expect(slow.acknowledged()).toBeGreaterThan(acknowledgedBefore);
    expect(readJustification(await harness.storedDoc(vorlageId))).toBe(
      readJustification(alice.doc),
    );
  });

  it('tells a writer who left while its edits were being stored that they are, once it is back', async () => {
    const slow = slowStore();
    const vorlageId = `slow-back-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await harness.startServer({ textStore: slow.store });
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    await waitUntil(() => synced(alice), 10_000, 'synced');
    await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'nothing pending');
    const startedBefore = slow.started();

    typeAt(alice.doc, 'weg', seededRandom(7));
    const own = Y.getState(alice.doc.store, alice.doc.clientID);
    await waitUntil(() => slow.started() > startedBefore, 10_000, 'an append in flight');
    // Alice leaves before the store acknowledges: the report of her edits has nowhere to go.
    alice.provider.disconnect();
    await waitUntil(() => server.metrics().pendingUpdates === 0, 4 * APPEND_DELAY_MS, 'stored');
    const reports = storedReportsOf(alice.provider)!;
    expect(reports.clockOf(alice.doc.clientID)).toBeLessThan(own);

    // Back, she has nothing the server lacks, so she edits nothing through the new connection.
    alice.provider.connect();
    await waitUntil(
      () =>
        reports.clockOf(alice.doc.clientID) >= own &&
        serverStoredOwnEdits(alice.provider, alice.doc),
      5000,
      'alice told her edits are stored after coming back',
    );
  });
});
