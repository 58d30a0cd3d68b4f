// Recovery: the collab server runs as a child process and is killed with SIGKILL while clients
// type. After a restart on the same store, the clients reconnect (fresh token each time) and every
// character any client typed reaches the store.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { startTestEventStore, type TestEventStore } from '../event-store/testing';
import { textHashOfDoc } from '../editor/convert';
import { eventStoreTextSource } from './event-store-source';
import { startCollabServerProcess } from './server-process';
import { createTextStore, docFromLoadedText, type TextStore } from './text-store';
import {
  connectClient,
  readJustification,
  seedVorlageWithUsers,
  seededRandom,
  sleep,
  synced,
  typeAt,
  waitUntil,
  type TestClient,
} from './test-support';

let store: TestEventStore;
let client: EventStoreClient;
let textStore: TextStore;
const children = new Set<ChildProcess>();
const clients: TestClient[] = [];

/**
 * Starts `collab-server/main.ts` in its own node process and waits until it listens — on `port`,
 * or (0) on one the system chooses when it binds.
 */
async function startChild(
  port: number,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number }> {
  const started = await startCollabServerProcess(store.connectionString, port, {
    COLLAB_BATCH_MS: '100',
    COLLAB_SNAPSHOT_EVERY_EVENTS: '5',
    ...env,
  });
  const { child } = started;
  children.add(child);
  child.on('exit', () => children.delete(child));
  return started;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

beforeAll(async () => {
  store = await startTestEventStore();
  client = createEventStoreClient(store.connectionString);
  textStore = createTextStore(eventStoreTextSource(client));
});

afterAll(async () => {
  for (const connected of clients) connected.destroy();
  for (const child of children) child.kill('SIGKILL');
  await client?.close();
  await store?.stop();
});

describe('crash recovery', () => {
  it('SIGKILL while clients type, restart: clients reconnect and the store holds every character', async () => {
    const seed = Date.now() % 100_000;
    const random = seededRandom(seed);
    const vorlageId = `crash-${randomUUID()}`;
    // The process checks live rights: the Vorlage and its typists exist in the store.
    const typists = await seedVorlageWithUsers(
      client,
      vorlageId,
      Array.from({ length: 4 }, () => ({ role: 'member' as const })),
    );
    const first = await startChild(0);
    const port = first.port;
    let server = first.child;

    const group = typists.map((typist) => connectClient(port, vorlageId, typist));
    clients.push(...group);
    await waitUntil(() => group.every(synced), 15_000, 'clients synced');

    const perClient = 60;
    const typed = group.map(() => 0);
    const typeRound = () =>
      group.forEach((member, index) => {
        if (typed[index]! < perClient) {
          typeAt(member.doc, String.fromCharCode(48 + index), random);
          typed[index]!++;
        }
      });
    try {
      // Phase 1: typing against the live server (part of it already stored).
      for (let round = 0; round < 20; round++) {
        typeRound();
        await sleep(15);
      }
      server.kill('SIGKILL');
      await exitOf(server);
      // Phase 2: typing while the server is dead — the edits live only in the clients.
      for (let round = 0; round < 20; round++) {
        typeRound();
        await sleep(15);
      }
      // The clients reconnect to the same URL.
      server = (await startChild(port)).child;
      // Phase 3: typing while the clients reconnect.
      while (typed.some((count) => count < perClient)) {
        typeRound();
        await sleep(15);
      }

      await waitUntil(() => group.every((member) => synced(member)), 20_000, 'clients reconnected');
      await waitUntil(
        () =>
          group.every(
            (member) => readJustification(member.doc) === readJustification(group[0]!.doc),
          ),
        20_000,
        'clients converge',
      );
      const text = readJustification(group[0]!.doc);
      expect(text.length).toBe('Begründung: '.length + 4 * perClient);
      for (let index = 0; index < group.length; index++) {
        expect([...text].filter((char) => char === String.fromCharCode(48 + index)).length).toBe(
          perClient,
        );
      }
      expect(group.every((member) => member.tokensFetched() >= 2)).toBe(true);

      await waitUntil(
        async () => {
          const loaded = await textStore.load(vorlageId);
          return loaded !== null && readJustification(docFromLoadedText(loaded)) === text;
        },
        20_000,
        'store holds the clients text',
      );
      const loaded = await textStore.load(vorlageId);
      expect(await textHashOfDoc(docFromLoadedText(loaded!))).toBe(
        await textHashOfDoc(group[0]!.doc),
      );

      // SIGTERM flushes and exits cleanly.
      server.kill('SIGTERM');
      expect(await exitOf(server)).toBe(0);
    } catch (error) {
      console.error(`crash recovery test failed with seed ${seed}`);
      throw error;
    }
  });

  it('SIGTERM stores what is still pending before the process exits (the persistence worker flushes)', async () => {
    const vorlageId = `sigterm-${randomUUID()}`;
    const [typist] = await seedVorlageWithUsers(client, vorlageId, [{ role: 'member' }]);
    // The longest batch window: the edit is still pending when the signal comes.
    const { child: server, port } = await startChild(0, { COLLAB_BATCH_MS: '500' });
    const writer = connectClient(port, vorlageId, typist!);
    clients.push(writer);
    await waitUntil(() => synced(writer), 15_000, 'synced');
    await waitUntil(async () => (await pendingUpdates(port)) === 0, 15_000, 'nothing pending');

    typeAt(writer.doc, 'vor dem Beenden', () => 1);
    await waitUntil(async () => (await pendingUpdates(port)) > 0, 15_000, 'the edit is pending');
    server.kill('SIGTERM');
    expect(await exitOf(server)).toBe(0);
    writer.provider.disconnect();

    const loaded = await textStore.load(vorlageId);
    expect(readJustification(docFromLoadedText(loaded!))).toBe(readJustification(writer.doc));
  });
});

async function pendingUpdates(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics?format=json`);
  return ((await response.json()) as { pendingUpdates: number }).pendingUpdates;
}
