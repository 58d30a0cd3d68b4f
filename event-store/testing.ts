// For integration tests of every part: an event store to talk to. A configured
// ESDB_CONNECTION_STRING (a real EventStoreDB) wins; otherwise the embedded store runs on a free
// port in a fresh temporary directory that stop() removes, secured as by default (TLS, credentials).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../platform/logger';
import { startEmbeddedEventStore, type StoreLimits } from './embedded';

export interface TestEventStore {
  readonly connectionString: string;
  /** True when the tests run against the embedded store (not a configured EventStoreDB). */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export async function startTestEventStore(
  options: { limits?: Partial<StoreLimits> } = {},
): Promise<TestEventStore> {
  const external = process.env.ESDB_CONNECTION_STRING;
  if (external) return { connectionString: external, embedded: false, stop: async () => {} };
  const dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-event-store-'));
  const logger = createLogger({
    name: 'event-store-test',
    level: process.env.LOG_LEVEL ?? 'silent',
  });
  const store = await startEmbeddedEventStore({ dataDir, port: 0, limits: options.limits, logger });
  return {
    connectionString: store.connectionString,
    embedded: true,
    stop: async () => {
      await store.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
