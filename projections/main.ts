// The projections process (`npm run projections`): keeps the read models up to date from the event
// store and serves /health, /changes and /wait. `--rebuild` (`npm run projections:rebuild`) drops
// every read model, replays $all from the start, reports the rate and exits.
import { loadAuditKeys } from '../platform/audit-keys';
import nodemailer from 'nodemailer';
import { DeliveryStore } from '../mailer/delivery-store';
import { startMailer } from '../mailer/mailer';
import {
  eventStoreConnectionString,
  loadEnvOrExit,
  mailDeliveryDbPath,
  projectionsEnv,
  readModelsDbPath,
} from '../platform/config';
import { contentionRetries } from '../platform/contention-retries';
import { createLogger } from '../platform/logger';
import { createVorlageCommandHandler } from '../domain/application/vorlage-handler';
import { createEventStoreClient } from '../event-store/client';
import { startDeadlineWatcher } from '../scheduler/deadline-watcher';
import { acquireProcessLock, LockedError } from './process-lock';
import { startProjectionsService, type ProjectionsService } from './service';
import { restrictFileModes } from '../platform/process';

const env = loadEnvOrExit(projectionsEnv);
restrictFileModes();
const log = createLogger({ name: 'projections', level: env.LOG_LEVEL });
const rebuild = process.argv.includes('--rebuild');

async function main(): Promise<void> {
  const dbPath = readModelsDbPath(env);
  let release: () => void;
  try {
    release = acquireProcessLock(`${dbPath}.lock`);
  } catch (error) {
    if (!(error instanceof LockedError)) throw error;
    log.fatal(
      { dbPath, ownerPid: error.ownerPid },
      'another projections process owns the read models',
    );
    process.exit(1);
  }
  const startedAt = performance.now();
  let service: ProjectionsService;
  try {
    service = await startProjectionsService({
      connectionString: eventStoreConnectionString(env),
      dbPath,
      logger: log,
      rebuild,
      maxBatchSize: env.PROJECTIONS_BATCH_SIZE,
      maxBatchDelayMs: env.PROJECTIONS_BATCH_DELAY_MS,
      ...(rebuild
        ? {}
        : {
            http: {
              host: env.PROJECTIONS_HOST,
              port: env.PROJECTIONS_PORT,
              secret: env.PROJECTIONS_SECRET,
            },
          }),
    });
  } catch (error) {
    release();
    throw error;
  }

  let exiting = false;
  const shutdown = async (code: number, reason: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    log.info({ reason }, 'stopping');
    try {
      await stopDeadlineWatcher();
      await stopMailer();
      await service.stop();
    } catch (error) {
      log.error({ err: error }, 'stopping failed');
      code = 1;
    }
    release();
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  process.once('SIGINT', () => void shutdown(0, 'SIGINT'));
  service.runner.onFailure = () => void shutdown(1, 'runner failed');
  const stopDeadlineWatcher = rebuild ? async () => undefined : runDeadlineWatcher(service);
  const stopMailer = rebuild ? async () => undefined : runMailer(service);

  if (rebuild) {
    await service.runner.whenCaughtUp();
    const seconds = (performance.now() - startedAt) / 1000;
    const events = service.runner.eventsProcessed;
    log.info(
      {
        events,
        seconds: Number(seconds.toFixed(2)),
        eventsPerSecond: Math.round(events / seconds),
      },
      'rebuild finished',
    );
    await shutdown(0, 'rebuild finished');
    return;
  }
  log.info({ host: env.PROJECTIONS_HOST, port: service.port, dbPath }, 'projections running');
}

/**
 * The mailer lives here for the same reason as the deadline watcher: it reads the outbox and the
 * approval view this process keeps (D-120…D-124). Returns its stop function.
 */
function runMailer(service: ProjectionsService): () => Promise<void> {
  if (env.MAIL_INTERVAL_MS === 0) return async () => undefined;
  const delivery = new DeliveryStore(mailDeliveryDbPath(env));
  const mailer = startMailer(
    {
      readModels: () => service.db,
      delivery,
      transport: nodemailer.createTransport(env.SMTP_URL),
      logger: log,
      config: {
        baseUrl: env.PUBLIC_URL ?? `http://localhost:${env.APP_PORT}`,
        from: env.MAIL_FROM,
        officeMailDomain: env.MAIL_DOMAIN,
        reminderWorkingDays: env.REMINDER_WORKING_DAYS,
      },
    },
    env.MAIL_INTERVAL_MS,
  );
  return async () => {
    await mailer.stop();
    delivery.close();
  };
}

/**
 * The deadline watcher lives here because it reads the read models this process keeps; it issues
 * its commands through the domain like any other client. Returns its stop function.
 */
function runDeadlineWatcher(service: ProjectionsService): () => Promise<void> {
  if (env.DEADLINE_WATCH_INTERVAL_MS === 0) return async () => undefined;
  const client = createEventStoreClient(eventStoreConnectionString(env), { logger: log });
  const watcher = startDeadlineWatcher(
    {
      readModels: () => service.db,
      vorlagen: createVorlageCommandHandler({
        store: client,
        retries: contentionRetries(),
        signer: loadAuditKeys(env.DATA_DIR).signer,
      }),
      logger: log,
    },
    env.DEADLINE_WATCH_INTERVAL_MS,
  );
  return async () => {
    await watcher.stop();
    await client.close();
  };
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'projections failed to start');
  process.exit(1);
});
