// `npm run collab-server`: the collab server as its own process. Reads its environment
// (platform/config.ts collabServerEnv), connects to the event store and flushes on SIGTERM/SIGINT.
import { collabServerEnv, eventStoreConnectionString, loadEnvOrExit } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createEventStoreClient } from '../event-store/client';
import { eventStoreTextSource } from './event-store-source';
import { eventStoreRights } from './live-rights';
import { createCollabServer } from './server';
import { createTextStore } from './text-store';
import { restrictFileModes } from '../platform/process';
import { lowerOtherThreads } from './thread-priority';

const env = loadEnvOrExit(collabServerEnv);
restrictFileModes();
const logger = createLogger({ name: 'collab-server', level: env.LOG_LEVEL });
yieldHelperThreadsToRelay(env.COLLAB_HELPER_THREADS_NICE);
const connectionString = eventStoreConnectionString(env);
const eventStore = createEventStoreClient(connectionString, { logger });

const server = createCollabServer({
  tokenSecret: env.COLLAB_TOKEN_SECRET,
  allowedOrigins: env.COLLAB_ALLOWED_ORIGINS,
  textStore: createTextStore(eventStoreTextSource(eventStore)),
  eventStoreConnectionString: connectionString,
  rights: eventStoreRights(eventStore),
  logger,
  limits: {
    maxMessageBytes: env.COLLAB_MAX_MESSAGE_BYTES,
    maxConnectionsPerDocument: env.COLLAB_MAX_CONNECTIONS_PER_DOCUMENT,
    maxConnectionsPerUser: env.COLLAB_MAX_CONNECTIONS_PER_USER,
    maxAwarenessBytes: env.COLLAB_MAX_AWARENESS_BYTES,
    awarenessPerSecond: env.COLLAB_AWARENESS_PER_SECOND,
    awarenessBurst: env.COLLAB_AWARENESS_PER_SECOND * 2,
  },
  persistence: {
    batchMs: env.COLLAB_BATCH_MS,
    batchMaxMs: env.COLLAB_BATCH_MAX_MS,
    snapshotEveryEvents: env.COLLAB_SNAPSHOT_EVERY_EVENTS,
    snapshotEveryBytes: env.COLLAB_SNAPSHOT_EVERY_BYTES,
    maxEventBytes: env.COLLAB_MAX_EVENT_BYTES,
  },
  persistenceWorkerNice: env.COLLAB_PERSISTENCE_WORKER_NICE,
  warmUpMs: env.COLLAB_WARMUP_MS,
  unloadGraceMs: env.COLLAB_UNLOAD_GRACE_MS,
  pingIntervalMs: env.COLLAB_PING_INTERVAL_MS,
});

/**
 * V8's helper threads (TurboFan, concurrent GC) run below this relay thread (thread-priority.ts):
 * in the collab benchmark's first seconds they compile the hot code of two isolates (relay thread
 * and persistence worker) beside the relay thread on two cores.
 */
function yieldHelperThreadsToRelay(nice: number): void {
  if (nice === 0) return;
  try {
    const threads = lowerOtherThreads(nice).length;
    logger.debug({ threads, nice }, 'helper threads run below the relay thread');
  } catch (error) {
    logger.warn({ err: error }, 'helper threads keep the process priority');
  }
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: closing connections and flushing documents');
  const { flushed } = await server.close();
  await eventStore.close();
  logger.info({ flushed }, 'collab server stopped');
  process.exit(flushed ? 0 : 1);
}

// Every promise in the server is handled; should one slip through, log it and keep serving the
// edits this process holds instead of exiting (which would stop the whole product under start.ts).
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'unhandled promise rejection (a bug); still serving');
});
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

try {
  await server.listen(env.COLLAB_PORT, env.COLLAB_HOST);
} catch (error) {
  logger.fatal({ err: error }, 'collab server could not start');
  await eventStore.close();
  process.exit(1);
}
