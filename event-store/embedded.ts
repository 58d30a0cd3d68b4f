// Starts the embedded, EventStoreDB-compatible store in this process: SQLite storage, the gRPC
// server the official client talks to, and optionally the HTTP liveness endpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { embeddedConnectionString, secretDirOf } from './access';
import { ensureEmbeddedStoreAccess } from './certificates';
import { DEFAULT_LIMITS, StoreEngine, type StoreLimits } from './server/engine';
import { startGrpcServer, type Credentials } from './server/grpc-server';
import { startHealthServer, type HealthServer } from './server/health';
import { openSqliteStorage } from './server/sqlite-storage';

export type { StoreLimits, Credentials };

export interface EmbeddedTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA the clients should trust; defaults to the certificate itself (self-signed). */
  readonly caFile?: string;
}

export interface EmbeddedEventStoreOptions {
  /** Directory of the store's files (`events.sqlite` and its WAL). */
  readonly dataDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Serve `GET /health/live` on this port (0 = free port); no health server when omitted. */
  readonly healthPort?: number;
  /**
   * Require these credentials on every Streams call. The official client sends credentials only
   * over TLS, so credentials require `tls`.
   */
  readonly credentials?: Credentials;
  readonly tls?: EmbeddedTlsFiles;
  /**
   * Without `tls`, the store secures itself: it generates (once) a CA, a server certificate and
   * credentials in `secretDir` (default `<dataDir>/secret`). `insecure: true` serves plain,
   * unauthenticated gRPC instead, for benchmark comparisons.
   */
  readonly secretDir?: string;
  readonly insecure?: boolean;
  readonly limits?: Partial<StoreLimits>;
  readonly logger: Logger;
}

export interface EmbeddedEventStore {
  readonly connectionString: string;
  readonly port: number;
  readonly healthPort: number | undefined;
  stop(): Promise<void>;
}

/** Headroom over the append limit for protobuf framing of the request messages. */
const MESSAGE_OVERHEAD_BYTES = 1024 * 1024;
/** The client cuts BatchAppend requests at 3 MiB. */
const CLIENT_BATCH_CHUNK_BYTES = 3 * 1024 * 1024;

export async function startEmbeddedEventStore(
  options: EmbeddedEventStoreOptions,
): Promise<EmbeddedEventStore> {
  if (!options.tls && !options.insecure && !options.credentials) {
    const access = await ensureEmbeddedStoreAccess(
      options.secretDir ?? secretDirOf(options.dataDir),
      [options.host ?? '127.0.0.1'],
    );
    return startEmbeddedEventStore({ ...options, ...access });
  }
  if (options.credentials && !options.tls) {
    throw new Error(
      'Event store credentials need TLS: @eventstore/db-client never sends credentials over an insecure (tls=false) connection.',
    );
  }
  const host = options.host ?? '127.0.0.1';
  const limits: StoreLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = options.logger;
  const file = join(options.dataDir, 'events.sqlite');
  const storage = openSqliteStorage(file);
  const engine = new StoreEngine({ storage, logger, limits });
  let health: HealthServer | undefined;
  try {
    const grpc = await startGrpcServer({
      engine,
      logger,
      host,
      port: options.port ?? 0,
      credentials: options.credentials,
      tls: options.tls && {
        certificate: readFileSync(options.tls.certFile),
        privateKey: readFileSync(options.tls.keyFile),
      },
      maxReceiveMessageBytes:
        Math.max(limits.maxAppendBytes, limits.maxEventBytes, CLIENT_BATCH_CHUNK_BYTES) +
        MESSAGE_OVERHEAD_BYTES,
    });
    // Liveness only after the gRPC port is bound: 204 means "ready for clients".
    if (options.healthPort !== undefined)
      health = await startHealthServer(host, options.healthPort);
    logger.info({ host, port: grpc.port, healthPort: health?.port }, 'event store listening');
    let stopping: Promise<void> | undefined;
    return {
      connectionString: embeddedConnectionString(
        host,
        grpc.port,
        options.tls && {
          credentials: options.credentials,
          tls: { caFile: options.tls.caFile ?? options.tls.certFile },
        },
      ),
      port: grpc.port,
      healthPort: health?.port,
      stop: () => {
        stopping ??= (async () => {
          await health?.stop();
          await engine.close();
          await grpc.stop();
          storage.close();
          logger.info('event store stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await health?.stop();
    storage.close();
    throw error;
  }
}
