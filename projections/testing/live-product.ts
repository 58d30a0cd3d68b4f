// Test harness for integration suites that act through the domain and read the read models: the
// embedded store (port 0), a client, the Vorlage command handler and the projections service on a
// temporary read-model file. `stop()` tears everything down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createVorlageCommandHandler,
  type VorlageCommandHandler,
} from '../../domain/application/vorlage-handler';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import { startTestEventStore, type TestEventStore } from '../../event-store/testing';
import type { Logger } from '../../platform/logger';
import { startProjectionsService, type ProjectionsService } from '../service';

export interface LiveProduct {
  readonly store: TestEventStore;
  readonly client: EventStoreClient;
  readonly vorlagen: VorlageCommandHandler;
  readonly projections: ProjectionsService;
  /** A temporary directory removed on stop. */
  readonly dir: string;
  stop(): Promise<void>;
}

export async function startLiveProduct(name: string, logger: Logger): Promise<LiveProduct> {
  const store = await startTestEventStore();
  const client = createEventStoreClient(store.connectionString);
  const vorlagen = createVorlageCommandHandler({ store: client });
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const projections = await startProjectionsService({
    connectionString: store.connectionString,
    dbPath: join(dir, 'rm.sqlite'),
    logger,
  });
  return {
    store,
    client,
    vorlagen,
    projections,
    dir,
    async stop() {
      await projections.stop();
      await client.close();
      await store.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
