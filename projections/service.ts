// Wires the projections process together: event-store client → runner (product projections,
// SQLite read models) → HTTP server. main.ts runs it; tests and the benchmark run it in-process.
import type { StoredEvent } from '../domain/application/event-store-port';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import type { Logger } from '../platform/logger';
import type { ProjectionDefinition } from './definition';
import { catchUpInWorker, type PreDecodedEvent } from './catch-up-reader';
import {
  CATCH_UP_PAGE_SIZE,
  eventStoreSource,
  PRODUCT_STREAM_PREFIXES,
  type CatchUpReader,
} from './event-store-source';
import { createProjectionsHttpServer, type ProjectionsHttpServer } from './http-server';
import { createProductDecoder, type ProductEvent } from './product-events';
import { PRODUCT_PROJECTIONS } from './product-projections';
import { openReadModelDb, type SqliteDatabase } from './read-model-db';
import { ProjectionRunner } from './runner';

/**
 * Catching up (a rebuild, a start far behind), a batch of this many events writes each Vorlage's
 * rows about once instead of once per 1,000 events; its memory is a few tens of MB.
 */
export const DEFAULT_CATCH_UP_BATCH_SIZE = 10_000;

export interface ProjectionsServiceOptions {
  readonly connectionString: string;
  readonly dbPath: string;
  readonly logger: Logger;
  /** Where to serve /health, /changes, /wait; omit to run without HTTP (rebuild, tests). */
  readonly http?: { readonly host: string; readonly port: number; readonly secret: string };
  /** Drop every read model first and replay from the start of $all. */
  readonly rebuild?: boolean;
  readonly maxBatchSize?: number;
  readonly maxBatchDelayMs?: number;
  /** Events per page when catching up by reading $all; default CATCH_UP_PAGE_SIZE. */
  readonly catchUpPageSize?: number;
  /**
   * Read and decode the catch-up pages in a worker thread (default true), so reading overlaps
   * folding on a second core; false reads them in this thread.
   */
  readonly catchUpInWorker?: boolean;
  /** Largest batch until caught up; default DEFAULT_CATCH_UP_BATCH_SIZE. */
  readonly catchUpBatchSize?: number;
  readonly projections?: readonly ProjectionDefinition<ProductEvent>[];
}

export interface ProjectionsService {
  readonly runner: ProjectionRunner<StoredEvent | PreDecodedEvent, ProductEvent>;
  readonly db: SqliteDatabase;
  /** The bound HTTP port (useful with port 0), or null without HTTP. */
  readonly port: number | null;
  /** Stops the subscription, commits what was received, closes HTTP, the client and the DB. */
  stop(): Promise<void>;
}

export async function startProjectionsService(
  options: ProjectionsServiceOptions,
): Promise<ProjectionsService> {
  const { logger } = options;
  const db = openReadModelDb(options.dbPath);
  const client: EventStoreClient = createEventStoreClient(options.connectionString, { logger });
  const pageSize = options.catchUpPageSize ?? CATCH_UP_PAGE_SIZE;
  const catchUp =
    options.catchUpInWorker === false
      ? undefined
      : (...args: Parameters<CatchUpReader<PreDecodedEvent>>) =>
          catchUpInWorker(
            {
              connectionString: options.connectionString,
              pageSize,
              streamNamePrefixes: PRODUCT_STREAM_PREFIXES,
              logger,
            },
            ...args,
          );
  const decode = createProductDecoder(logger);
  const runner = new ProjectionRunner<StoredEvent | PreDecodedEvent, ProductEvent>({
    db,
    projections: options.projections ?? PRODUCT_PROJECTIONS,
    source: eventStoreSource(client, PRODUCT_STREAM_PREFIXES, pageSize, catchUp),
    // Catch-up events arrive decoded by the worker; live ones are decoded here.
    decode: (raw) => ('decoded' in raw ? raw.decoded : decode(raw)),
    logger,
    ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
    ...(options.maxBatchDelayMs === undefined ? {} : { maxBatchDelayMs: options.maxBatchDelayMs }),
    catchUpBatchSize: options.catchUpBatchSize ?? DEFAULT_CATCH_UP_BATCH_SIZE,
  });
  if (options.rebuild) {
    logger.info({ dbPath: options.dbPath }, 'rebuilding every read model from zero');
    runner.resetAll();
  }
  let http: ProjectionsHttpServer | undefined;
  let port: number | null = null;
  try {
    if (options.http) {
      http = createProjectionsHttpServer({ runner, logger, secret: options.http.secret });
      port = (await http.listen(options.http.port, options.http.host)).port;
    }
    runner.start();
  } catch (error) {
    await http?.close().catch((closeError: unknown) => {
      logger.warn({ err: closeError }, 'closing the HTTP server after a failed start failed');
    });
    await client.close();
    db.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // The runner first: it answers pending /wait requests, which the HTTP server waits for.
      await runner.stop();
      await http?.close();
      await client.close();
      db.close();
    })());

  return { runner, db, port, stop };
}
