// `npm run event-store`: the embedded EventStoreDB-compatible store as its own process, configured
// from the environment (platform/config.ts), stopped cleanly by SIGINT/SIGTERM.
import { join } from 'node:path';
import { eventStoreServerEnv, loadEnvOrExit } from '../platform/config';
import { createLogger } from '../platform/logger';
import { restrictFileModes } from '../platform/process';
import { secretDirOf, type EmbeddedStoreAccess } from './access';
import { ensureEmbeddedStoreAccess } from './certificates';
import { startEmbeddedEventStore } from './embedded';

async function main(): Promise<void> {
  const env = loadEnvOrExit(eventStoreServerEnv);
  restrictFileModes();
  const logger = createLogger({ name: 'event-store', level: env.LOG_LEVEL });
  const store = await startEmbeddedEventStore({
    dataDir: join(env.DATA_DIR, 'event-store'),
    host: env.EVENT_STORE_HOST,
    port: env.EVENT_STORE_PORT,
    healthPort: env.EVENT_STORE_HEALTH_PORT,
    ...(await storeSecurity(env)),
    limits: {
      maxEventBytes: env.EVENT_STORE_MAX_EVENT_BYTES,
      maxAppendBytes: env.EVENT_STORE_MAX_APPEND_BYTES,
    },
    logger,
  });
  logger.info({ port: store.port, healthPort: store.healthPort }, 'event store ready');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping event store');
    store.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'event store did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Secure by default: configured TLS files and credentials when given, otherwise the ones generated
 * in DATA_DIR/secret; none only with EVENT_STORE_INSECURE=true.
 */
async function storeSecurity(
  env: ReturnType<typeof eventStoreServerEnv.parse>,
): Promise<Partial<EmbeddedStoreAccess> & { insecure?: boolean }> {
  if (env.EVENT_STORE_INSECURE) return { insecure: true };
  if (env.EVENT_STORE_TLS_CERT_FILE && env.EVENT_STORE_TLS_KEY_FILE) {
    const credentials =
      env.EVENT_STORE_USERNAME && env.EVENT_STORE_PASSWORD
        ? { username: env.EVENT_STORE_USERNAME, password: env.EVENT_STORE_PASSWORD }
        : undefined;
    const tls = {
      certFile: env.EVENT_STORE_TLS_CERT_FILE,
      keyFile: env.EVENT_STORE_TLS_KEY_FILE,
      caFile: env.EVENT_STORE_TLS_CA_FILE ?? env.EVENT_STORE_TLS_CERT_FILE,
    };
    return { credentials, tls };
  }
  return ensureEmbeddedStoreAccess(secretDirOf(env.DATA_DIR), [env.EVENT_STORE_HOST]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `event store failed to start: ${String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
