// A persistence worker that dies is restarted (issue 22, session 7). While none runs, keystrokes
// are still relayed and /health/ready says so; the new worker re-opens every loaded document from
// the store, the relay thread hands it what the store lacks, and "gespeichert" comes back with
// not a character lost — nor one stored twice.
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isServerUnsaved, serverStoredOwnEdits } from '../editor/collab-provider';
import { useCollabHarness } from './int-test-harness';
import type { TextStore } from './text-store';
import {
  readJustification,
  seedVorlage,
  synced,
  typeAt,
  waitUntil,
  type TestClient,
} from './test-support';

const harness = useCollabHarness();

async function ready(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const atEnd = () => 1;

const toldStored = (client: TestClient) =>
  serverStoredOwnEdits(client.provider, client.doc) && !isServerUnsaved(client.provider.awareness);

describe('a persistence worker that dies (issue 22)', () => {
  it('is restarted: relaying goes on, every loaded document is re-opened, nothing typed is lost', async () => {
    const workers: Worker[] = [];
    const shared = `restart-${randomUUID()}`;
    const other = `restart-other-${randomUUID()}`;
    await seedVorlage(harness.client, shared);
    await seedVorlage(harness.client, other);
    const { server, port } = await harness.startServer({
      // The worker's own client, as in production (main.ts).
      eventStoreConnectionString: harness.connectionString,
      // Edits wait in the worker's batch window when it dies.
      persistence: { batchMs: 1500 },
      // Long enough to watch the server without a worker.
      persistenceWorkerRestart: { firstDelayMs: 3000 },
      onPersistenceWorker: (worker) => workers.push(worker),
    });
    const alice = harness.connect(port, shared, { userId: 'alice' });
    const bob = harness.connect(port, shared, { userId: 'bob' });
    const carol = harness.connect(port, other, { userId: 'carol' });
    await waitUntil(() => synced(alice) && synced(bob) && synced(carol), 10_000, 'synced');
    await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'placeholders stored');

    typeAt(alice.doc, 'vor dem Absturz', atEnd);
    typeAt(bob.doc, ' und Bob', atEnd);
    typeAt(carol.doc, 'anderswo', atEnd);
    await waitUntil(
      () =>
        readJustification(alice.doc) === readJustification(bob.doc) &&
        server.metrics().pendingUpdates >= 3,
      10_000,
      'edits relayed and pending in the worker',
    );
    expect(toldStored(alice)).toBe(false);

    await workers[0]!.terminate();
    await waitUntil(
      async () => (await ready(port)).body.status === 'persistence worker down',
      10_000,
      'ready says the worker is down',
    );
    expect(server.metrics().persistenceWorkerUp).toBe(0);

    // No worker runs: keystrokes still reach the others.
    typeAt(alice.doc, ' währenddessen', atEnd);
    await waitUntil(
      () => readJustification(bob.doc) === readJustification(alice.doc),
      10_000,
      'relayed while no worker runs',
    );
    expect(server.metrics().persistenceWorkerUp).toBe(0);
    expect(workers).toHaveLength(1);

    await waitUntil(
      () => toldStored(alice) && toldStored(bob) && toldStored(carol),
      20_000,
      'everyone told "gespeichert" again',
    );
    expect(workers).toHaveLength(2);
    expect(server.metrics()).toMatchObject({
      persistenceWorkerUp: 1,
      persistenceWorkerRestartsTotal: 1,
    });
    await harness.expectStoredAsHeld(shared, [alice, bob]);
    await harness.expectStoredAsHeld(other, [carol]);
    for (const typed of ['vor dem Absturz', ' und Bob', ' währenddessen'])
      expect(readJustification(alice.doc)).toContain(typed);
    expect((await ready(port)).status).toBe(200);

    // The new worker stores what follows, too.
    typeAt(bob.doc, ' danach', atEnd);
    await waitUntil(() => toldStored(bob), 10_000, 'bob told his next edit is stored');
    await harness.expectStoredAsHeld(shared, [alice, bob]);
  });

  it('stores nothing twice when the worker died after the store took its append', async () => {
    const workers: Worker[] = [];
    let killAfterNextAppend = false;
    let headWhenKilled: bigint | null = null;
    // The real store; one append is acknowledged by the store, and then the worker dies before
    // it hears of it.
    const store: TextStore = {
      load: (vorlageId) => harness.textStore.load(vorlageId),
      append: async (vorlageId, events, expected) => {
        const head = await harness.textStore.append(vorlageId, events, expected);
        if (killAfterNextAppend) {
          killAfterNextAppend = false;
          headWhenKilled = head;
          await workers.at(-1)!.terminate();
        }
        return head;
      },
      watchMarkers: (onMarker, onError) => harness.textStore.watchMarkers(onMarker, onError),
    };
    const vorlageId = `restart-acked-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await harness.startServer({
      textStore: store,
      persistenceWorkerRestart: { firstDelayMs: 100 },
      onPersistenceWorker: (worker) => workers.push(worker),
    });
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'placeholders stored');

    killAfterNextAppend = true;
    typeAt(alice.doc, 'gespeichert, aber unbestätigt', atEnd);
    typeAt(bob.doc, ' – auch dies', atEnd);
    await waitUntil(() => workers.length === 2, 10_000, 'worker restarted');
    await waitUntil(
      () => toldStored(alice) && toldStored(bob),
      10_000,
      'both told "gespeichert" although the dead worker never reported it',
    );
    await harness.expectStoredAsHeld(vorlageId, [alice, bob]);
    const loaded = await harness.textStore.load(vorlageId);
    // Nothing the store already held was appended again.
    expect(headWhenKilled).not.toBeNull();
    expect(loaded?.headRevision).toBe(headWhenKilled);
  });

  it('gives up after the configured number of restarts; relaying goes on, clients are told', async () => {
    const workers: Worker[] = [];
    const vorlageId = `restart-giveup-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await harness.startServer({
      persistenceWorkerRestart: { firstDelayMs: 20, maxAttempts: 2 },
      // Every worker after the first dies at once.
      onPersistenceWorker: (worker) => {
        workers.push(worker);
        if (workers.length > 1) void worker.terminate();
      },
    });
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');

    await workers[0]!.terminate();
    await waitUntil(() => workers.length === 3, 10_000, 'two restarts tried');
    typeAt(alice.doc, 'ohne Speicher', atEnd);
    await waitUntil(
      () => readJustification(bob.doc) === readJustification(alice.doc),
      10_000,
      'still relayed',
    );
    await waitUntil(
      () => isServerUnsaved(alice.provider.awareness),
      10_000,
      'alice told her edit is not stored',
    );
    const down = await ready(port);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('persistence worker down');
    expect(workers).toHaveLength(3);
    expect(server.metrics().persistenceWorkerRestartsTotal).toBe(0);
  });
});
