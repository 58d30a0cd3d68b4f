// `npm start`: builds and starts the whole product on one machine with embedded defaults — the
// embedded event store (unless ESDB_CONNECTION_STRING is set), demo data, the collab server, the
// projection runner and the Next.js server — then prints where to open it. A part that exits is
// restarted with backoff (scripts/lib/supervisor.ts); only Ctrl+C or SIGTERM stops it all.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedConnectionString, secretDirOf } from '../event-store/access';
import { ensureEmbeddedStoreAccess } from '../event-store/certificates';
import { ensureAuditKeysForStore, loadAuditKeys } from '../platform/audit-keys';
import { loadEnvOrExit, startEnv } from '../platform/config';
import { createLogger } from '../platform/logger';
import { buildAppIfStale } from './lib/next-build';
import { ensureSecrets } from './lib/secrets';
import { Supervisor, type PartSpec } from './lib/supervisor';
import { BANNER_USERS, DEMO_PASSWORD, seedDemoData } from './seed';
import { restrictFileModes } from '../platform/process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = loadEnvOrExit(startEnv);
restrictFileModes();
const devMode = process.argv.includes('--dev');
/** `--no-build`: start the existing build as is (the API test harness builds under its own lock). */
const skipBuild = process.argv.includes('--no-build');
const log = createLogger({ name: 'start', level: env.LOG_LEVEL });

async function main(): Promise<void> {
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o700);
  const connectionString = await productConnectionString(dataDir);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...ensureSecrets(dataDir, process.env),
    DATA_DIR: dataDir,
    ESDB_CONNECTION_STRING: connectionString,
    COLLAB_ALLOWED_ORIGINS: process.env.COLLAB_ALLOWED_ORIGINS || defaultBrowserOrigins().join(','),
    // The app requires it in production; on one machine it is the URL the banner prints.
    PUBLIC_URL: publicUrl(),
    NEXT_TELEMETRY_DISABLED: '1',
    // Without a configured SMTP server the mails go to the local catch-all (D-124).
    SMTP_URL: process.env.SMTP_URL || `smtp://127.0.0.1:${env.MAIL_CATCH_ALL_PORT}`,
  };
  if (!devMode && !skipBuild) buildAppIfStale(root, (message) => console.log(message));

  const supervisor = new Supervisor(join(dataDir, 'logs'), {
    onExit: (name, code, signal, delayMs) => {
      console.error(
        `Prozess „${name}“ wurde unerwartet beendet (${signal ?? `Code ${code}`}); Neustart in ${delayMs} ms.`,
      );
      log.warn({ part: name, code, signal, delayMs }, 'part exited; restarting');
    },
    onRecovered: (name) => {
      console.error(`Prozess „${name}“ läuft wieder.`);
      log.info({ part: name }, 'part recovered');
    },
  });
  process.once('SIGINT', () => void shutdown(supervisor, 0));
  process.once('SIGTERM', () => void shutdown(supervisor, 0));

  try {
    if (!env.ESDB_CONNECTION_STRING) await supervisor.start(eventStorePart(childEnv));
    await ensureAuditKeysForStore(dataDir, connectionString);
    await seedDemoData(connectionString, log, loadAuditKeys(dataDir).signer);
    await supervisor.start(collabServerPart(childEnv));
    // No SMTP server configured: a local catch-all receives the mails (demo, D-124).
    if (!process.env.SMTP_URL) await supervisor.start(catchAllMailPart(childEnv));
    await supervisor.start(projectionsPart(childEnv));
    await supervisor.start(appPart(childEnv));
  } catch (error) {
    log.error({ err: error }, 'start failed');
    console.error(
      `Start fehlgeschlagen: ${(error as Error).message} (Protokolle: ${join(dataDir, 'logs')})`,
    );
    await shutdown(supervisor, 1);
    return;
  }
  printBanner(dataDir, connectionString);
}

/**
 * The configured store, or the embedded one with TLS and the credentials it keeps in
 * DATA_DIR/secret (created here on first start, so every part gets them from the start).
 */
async function productConnectionString(dataDir: string): Promise<string> {
  if (env.ESDB_CONNECTION_STRING) return env.ESDB_CONNECTION_STRING;
  const access = env.EVENT_STORE_INSECURE
    ? undefined
    : await ensureEmbeddedStoreAccess(secretDirOf(dataDir), [env.EVENT_STORE_HOST]);
  return embeddedConnectionString(env.EVENT_STORE_HOST, env.EVENT_STORE_PORT, access);
}

/** The connection string without its password, for the banner. */
function withoutPassword(connectionString: string): string {
  return connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** The origins a browser may open the app from on this machine, for the collab server's Origin check. */
function defaultBrowserOrigins(): string[] {
  const local = [`http://localhost:${env.APP_PORT}`, `http://127.0.0.1:${env.APP_PORT}`];
  return process.env.PUBLIC_URL ? [new URL(process.env.PUBLIC_URL).origin, ...local] : local;
}

/**
 * grpc-js sets the TLS server name to the store's IP address (127.0.0.1), which Node flags once per
 * process with DEP0123; the certificate names the IP, so the warning is noise on the console.
 */
const NODE_FLAGS = ['--disable-warning=DEP0123'];

function tsPart(
  name: string,
  entry: string,
  childEnv: NodeJS.ProcessEnv,
  healthUrl: string,
): PartSpec {
  return {
    name,
    command: process.execPath,
    args: [...NODE_FLAGS, '--import', 'tsx', join(root, entry)],
    env: childEnv,
    healthUrl,
  };
}

function eventStorePart(childEnv: NodeJS.ProcessEnv): PartSpec {
  const healthUrl = `http://${env.EVENT_STORE_HOST}:${env.EVENT_STORE_HEALTH_PORT}/health/live`;
  return tsPart('event-store', 'event-store/main.ts', childEnv, healthUrl);
}

function collabServerPart(childEnv: NodeJS.ProcessEnv): PartSpec {
  const healthUrl = `http://${env.COLLAB_HOST}:${env.COLLAB_PORT}/health/ready`;
  return tsPart('collab-server', 'collab-server/main.ts', childEnv, healthUrl);
}

function catchAllMailPart(childEnv: NodeJS.ProcessEnv): PartSpec {
  return tsPart(
    'mail-catch-all',
    'mailer/catch-all-main.ts',
    childEnv,
    `http://127.0.0.1:${env.MAIL_CATCH_ALL_HEALTH_PORT}/health`,
  );
}

function projectionsPart(childEnv: NodeJS.ProcessEnv): PartSpec {
  return tsPart(
    'projections',
    'projections/main.ts',
    childEnv,
    `http://127.0.0.1:${env.PROJECTIONS_PORT}/health/ready`,
  );
}

function appPart(childEnv: NodeJS.ProcessEnv): PartSpec {
  const nextBin = join(root, 'node_modules/next/dist/bin/next');
  const mode = devMode ? 'dev' : 'start';
  return {
    name: 'app',
    command: process.execPath,
    args: [
      ...NODE_FLAGS,
      nextBin,
      mode,
      '--port',
      String(env.APP_PORT),
      '--hostname',
      env.APP_HOST,
    ],
    env: childEnv,
    healthUrl: `http://${env.APP_HOST}:${env.APP_PORT}/api/health/live`,
    readyTimeoutMs: 180_000,
  };
}

function publicUrl(): string {
  return process.env.PUBLIC_URL || `http://localhost:${env.APP_PORT}`;
}

function printBanner(dataDir: string, connectionString: string): void {
  const url = publicUrl();
  const width = Math.max(...BANNER_USERS.map((user) => user.login.length));
  console.log(
    [
      '',
      `Vorlagen läuft: ${url}`,
      '',
      `Demo-Anmeldungen (Passwort für alle: ${DEMO_PASSWORD}):`,
      ...BANNER_USERS.map((user) => `  ${user.login.padEnd(width)}  ${user.description}`),
      '  Für jedes Amt ebenso: <amt> (Bearbeitung) und <amt>.zeichnung (Mitzeichnung).',
      '',
      `Event Store: ${withoutPassword(connectionString)}${env.ESDB_CONNECTION_STRING ? '' : ' (eingebettet)'}`,
      `Daten: ${dataDir}`,
      'Beenden mit Strg+C.',
      '',
    ].join('\n'),
  );
}

let shuttingDown = false;
async function shutdown(supervisor: Supervisor, exitCode: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('Vorlagen wird beendet …');
  await supervisor.stopAll();
  process.exit(exitCode);
}

await main();
