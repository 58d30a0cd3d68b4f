// The setting of the collab server's integration suites: one embedded store per suite, servers
// on free ports, stock clients, cleanup, and a check after every test that no promise rejection
// went unhandled (in production one would stop the collab-server process).
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import * as Y from 'yjs';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { startTestEventStore, type TestEventStore } from '../event-store/testing';
import { createLogger } from '../platform/logger';
import { eventStoreTextSource } from './event-store-source';
import { createCollabServer, type CollabServer, type CollabServerOptions } from './server';
import { createTextStore, docFromLoadedText, type TextStore } from './text-store';
import {
  connectClient,
  readJustification,
  recordUnhandledRejections,
  TEST_SECRET,
  waitUntil,
  type TestClient,
} from './test-support';

export interface CollabHarness {
  readonly client: EventStoreClient;
  /** For a server whose persistence worker appends through its own client. */
  readonly connectionString: string;
  readonly textStore: TextStore;
  /** A server on a free port with short batches and grace periods; `options` override. */
  startServer(
    options?: Partial<CollabServerOptions>,
  ): Promise<{ server: CollabServer; port: number }>;
  connect(
    port: number,
    vorlageId: string,
    options?: Parameters<typeof connectClient>[2],
  ): TestClient;
  storedDoc(vorlageId: string): Promise<Y.Doc>;
  /** The clients converge, and the store holds exactly their Begründung. */
  expectStoredAsHeld(vorlageId: string, group: readonly TestClient[]): Promise<void>;
}

/** Registers the suite's hooks; the returned harness is usable inside tests. */
export function useCollabHarness(): CollabHarness {
  const logger = createLogger({ name: 'collab-test', level: process.env.LOG_LEVEL ?? 'silent' });
  let store: TestEventStore;
  let client: EventStoreClient;
  let textStore: TextStore;
  const servers: CollabServer[] = [];
  const clients: TestClient[] = [];
  const unhandled = recordUnhandledRejections();

  beforeAll(async () => {
    store = await startTestEventStore();
    client = createEventStoreClient(store.connectionString);
    textStore = createTextStore(eventStoreTextSource(client));
  });
  afterEach(() => {
    expect(unhandled.seen).toEqual([]);
  });
  afterAll(async () => {
    for (const connected of clients) connected.destroy();
    await Promise.all(servers.map((server) => server.close()));
    await client?.close();
    await store?.stop();
    unhandled.stop();
  });

  const storedDoc = async (vorlageId: string) => {
    const loaded = await textStore.load(vorlageId);
    if (!loaded) throw new Error('no stored text');
    return docFromLoadedText(loaded);
  };

  return {
    get client() {
      return client;
    },
    get textStore() {
      return textStore;
    },
    get connectionString() {
      return store.connectionString;
    },
    async startServer(options = {}) {
      const server = createCollabServer({
        tokenSecret: TEST_SECRET,
        allowedOrigins: [],
        textStore,
        logger,
        persistence: { batchMs: 50 },
        unloadGraceMs: 100,
        flushTimeoutMs: 1000,
        ...options,
      });
      servers.push(server);
      const { port } = await server.listen(0, '127.0.0.1');
      return { server, port };
    },
    connect(port, vorlageId, options = {}) {
      const connected = connectClient(port, vorlageId, options);
      clients.push(connected);
      return connected;
    },
    storedDoc,
    async expectStoredAsHeld(vorlageId, group) {
      const first = group[0]!;
      await waitUntil(
        () =>
          group.every((member) => readJustification(member.doc) === readJustification(first.doc)),
        15_000,
        'clients converge',
      );
      const expected = readJustification(first.doc);
      await waitUntil(
        async () => readJustification(await storedDoc(vorlageId)) === expected,
        15_000,
        'the store holds what the clients hold',
      );
    },
  };
}
