// The collab server against the real embedded event store, with stock WebsocketProvider clients.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { hashText } from '../domain/text/canonical';
import {
  TEXT_EVENT_TYPES,
  TEXT_EVENTS_SCHEMA_VERSION,
  TextContentMetadataSchema,
  textStreamName,
} from '../domain/text/text-events';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { startTestEventStore, type TestEventStore } from '../event-store/testing';
import { docToVorlageText, textHashOfDoc } from '../editor/convert';
import { isEditingLocked } from '../editor/collab-provider';
import { createLogger } from '../platform/logger';
import { CloseCode } from './close-codes';
import { eventStoreTextSource } from './event-store-source';
import { createCollabServer, type CollabServer } from './server';
import { createTextStore, docFromLoadedText, type TextStore } from './text-store';
import {
  TEST_SECRET,
  connectClient,
  readJustification,
  seedVorlage,
  seededRandom,
  sleep,
  synced,
  tokenFor,
  typeAt,
  waitUntil,
  type TestClient,
} from './test-support';

const logger = createLogger({ name: 'collab-test', level: process.env.LOG_LEVEL ?? 'silent' });

let store: TestEventStore;
let client: EventStoreClient;
let textStore: TextStore;
const servers: CollabServer[] = [];
const clients: TestClient[] = [];

async function startServer(options: { batchMs?: number; snapshotEveryEvents?: number } = {}) {
  const server = createCollabServer({
    tokenSecret: TEST_SECRET,
    allowedOrigins: ['http://app.test'],
    textStore,
    logger,
    persistence: {
      batchMs: options.batchMs ?? 50,
      snapshotEveryEvents: options.snapshotEveryEvents ?? 100,
    },
    unloadGraceMs: 200,
  });
  servers.push(server);
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, port };
}

function connect(
  port: number,
  vorlageId: string,
  options: Parameters<typeof connectClient>[2] = {},
): TestClient {
  const connected = connectClient(port, vorlageId, options);
  clients.push(connected);
  return connected;
}

async function storedDoc(vorlageId: string): Promise<Y.Doc> {
  const loaded = await textStore.load(vorlageId);
  if (!loaded) throw new Error('no stored text');
  return docFromLoadedText(loaded);
}

async function textEvents(vorlageId: string) {
  return client.readStream(textStreamName(vorlageId));
}

/** Status of a raw upgrade attempt: the HTTP status of a refusal, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

function closeOf(
  url: string,
  frames: Uint8Array[] = [],
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('open', () => frames.forEach((frame) => socket.send(frame)));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', () => undefined);
  });
}

beforeAll(async () => {
  store = await startTestEventStore();
  client = createEventStoreClient(store.connectionString);
  textStore = createTextStore(eventStoreTextSource(client));
});

afterAll(async () => {
  for (const connected of clients) connected.destroy();
  await Promise.all(servers.map((server) => server.close()));
  await client?.close();
  await store?.stop();
});

describe('collab server', () => {
  it('10 clients typing concurrently converge, and the stored text equals theirs after a reload', async () => {
    const seed = Date.now() % 100_000;
    const vorlageId = `conv-${randomUUID()}`;
    await seedVorlage(client, vorlageId);
    const { server, port } = await startServer();
    const group = Array.from({ length: 10 }, (_, index) =>
      connect(port, vorlageId, { userId: `user-${index}`, office: `amt-${index % 3}` }),
    );
    await waitUntil(() => group.every(synced), 15_000, 'all clients synced');

    try {
      const random = seededRandom(seed);
      for (let round = 0; round < 30; round++) {
        group.forEach((member, index) =>
          typeAt(member.doc, String.fromCharCode(97 + index), random),
        );
        if (round % 5 === 0) await sleep(10);
      }
      await waitUntil(
        () =>
          group.every(
            (member) => readJustification(member.doc) === readJustification(group[0]!.doc),
          ),
        15_000,
        'clients converge',
      );
      const text = readJustification(group[0]!.doc);
      expect(text.length).toBe('Begründung: '.length + 300);

      // Everything reaches the store; a fresh server (new instance, same store) serves the same text.
      await waitUntil(
        async () => readJustification(await storedDoc(vorlageId)) === text,
        15_000,
        'stored',
      );
      await server.close();
      const fresh = await startServer();
      const reader = connect(fresh.port, vorlageId, { userId: 'reader', mode: 'ro' });
      await waitUntil(() => synced(reader), 10_000, 'reader synced');
      expect(readJustification(reader.doc)).toBe(text);
      expect(await textHashOfDoc(reader.doc)).toBe(await textHashOfDoc(group[0]!.doc));

      // Each event names its authors and the hash of the text it results in.
      const events = await textEvents(vorlageId);
      const last = events.at(-1)!;
      const metadata = TextContentMetadataSchema.parse(last.metadata);
      expect(metadata.textHash).toBe(await hashText(docToVorlageText(group[0]!.doc)));
      const authors = new Set(
        events
          .slice(1)
          .flatMap((event) =>
            TextContentMetadataSchema.parse(event.metadata).authors.map((a) => a.userId),
          ),
      );
      expect([...authors].sort()).toEqual(group.map((_, index) => `user-${index}`).sort());
    } catch (error) {
      console.error(`convergence test failed with seed ${seed}`);
      throw error;
    }
  });
});
