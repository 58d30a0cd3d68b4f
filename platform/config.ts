// Configuration from environment variables, validated with zod at start-up. Each process parses
// the part it needs; a bad value stops the process with a message naming the variable.
// Every variable here is documented in the README's configuration table.
import { z } from 'zod';
import { DeadlinePeriodSchema, type DeadlinePeriod } from '../domain/deadlines/deadline';
import { parseReminderDays } from '../domain/notifications/mail';
import {
  embeddedConnectionString,
  readEmbeddedStoreAccess,
  secretDirOf,
} from '../event-store/access';

const port = z.coerce.number().int().min(0).max(65535);
/** `true`/`1` → true; anything else (or unset) → false. */
const booleanFlag = z
  .string()
  .optional()
  .transform((value) => value === 'true' || value === '1');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** `2w` → two weeks, `10d` → ten days (D-100). */
export const deadlinePeriod = z
  .string()
  .regex(/^[1-9][0-9]{0,2}[dw]$/, { message: 'must be a number of days or weeks, e.g. 2w or 10d' })
  .transform((value): DeadlinePeriod => ({
    unit: value.endsWith('w') ? 'weeks' : 'days',
    amount: Number.parseInt(value, 10),
  }))
  .pipe(DeadlinePeriodSchema);

export const commonEnv = z.object({
  LOG_LEVEL: logLevel.default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
});

/** Where the event store is: a configured EventStoreDB, or the embedded store's defaults. */
export const eventStoreClientEnv = z.object({
  ESDB_CONNECTION_STRING: z
    .string()
    .regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//, {
      message: 'must be an EventStoreDB connection string, e.g. esdb://127.0.0.1:2113?tls=false',
    })
    .optional(),
  EVENT_STORE_HOST: z.string().min(1).default('127.0.0.1'),
  EVENT_STORE_PORT: port.default(2113),
  /** `true`: the embedded store runs without TLS and credentials (benchmark comparisons only). */
  EVENT_STORE_INSECURE: booleanFlag,
});

export const eventStoreServerEnv = commonEnv.extend({
  EVENT_STORE_HOST: z.string().min(1).default('127.0.0.1'),
  EVENT_STORE_PORT: port.default(2113),
  EVENT_STORE_INSECURE: booleanFlag,
  EVENT_STORE_HEALTH_PORT: port.default(2114),
  EVENT_STORE_USERNAME: z.string().min(1).optional(),
  EVENT_STORE_PASSWORD: z.string().min(1).optional(),
  EVENT_STORE_MAX_EVENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  EVENT_STORE_MAX_APPEND_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  // The official client sends credentials over TLS only, so username/password need these files.
  // Unset: the store generates a CA, a certificate and credentials in DATA_DIR/secret.
  EVENT_STORE_TLS_CERT_FILE: z.string().min(1).optional(),
  EVENT_STORE_TLS_KEY_FILE: z.string().min(1).optional(),
  EVENT_STORE_TLS_CA_FILE: z.string().min(1).optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` with `schema`; throws ConfigError naming each offending variable. */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  // Empty strings mean "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}

/** For a process's main(): parse, or print the problems and exit 1. */
export function loadEnvOrExit<Schema extends z.ZodType>(schema: Schema): z.infer<Schema> {
  try {
    return parseEnv(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The connection string the product uses: the configured one, or the embedded store's, with the
 * credentials and CA the store generated in DATA_DIR/secret (TLS unless EVENT_STORE_INSECURE).
 */
export function eventStoreConnectionString(
  env: z.infer<typeof eventStoreClientEnv> & { DATA_DIR: string },
): string {
  if (env.ESDB_CONNECTION_STRING) return env.ESDB_CONNECTION_STRING;
  const access = env.EVENT_STORE_INSECURE
    ? undefined
    : readEmbeddedStoreAccess(secretDirOf(env.DATA_DIR));
  return embeddedConnectionString(env.EVENT_STORE_HOST, env.EVENT_STORE_PORT, access);
}

/** E-mail notifications (D-120…D-124): where mails go and when reminders are due. */
export const mailEnv = z.object({
  /** The SMTP server, e.g. `smtp://user:pass@mail.example.org:587`; default: the catch-all of `npm start`. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
    .default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z.string().min(3).default('Vorlagen <vorlagen@bezirksamt.example>'),
  /** Office mailboxes are `<office id>@MAIL_DOMAIN`. */
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, {
      message: 'must be a mail domain, e.g. bezirksamt.example',
    })
    .default('bezirksamt.example'),
  /** Working days before a deadline on which offices are reminded, e.g. `5,1`; empty: none. */
  REMINDER_WORKING_DAYS: z
    .string()
    .default('5,1')
    .transform((value, ctx) => {
      try {
        return value.trim() === '' ? [] : parseReminderDays(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

/** Where the mailer keeps what it queued and sent (outside the read models). */
export function mailDeliveryDbPath(env: { DATA_DIR: string }): string {
  return `${env.DATA_DIR.replace(/\/+$/, '')}/mail/delivery.sqlite`;
}

/** The Next.js app: where it listens, how browsers reach it, and where its collaborators are. */
export const appEnv = commonEnv.extend(eventStoreClientEnv.shape).extend({
  APP_HOST: z.string().min(1).default('127.0.0.1'),
  APP_PORT: port.default(3000),
  /** The URL users open; its origin is the only one allowed to send state-changing requests. */
  PUBLIC_URL: z.url().optional(),
  /** WebSocket URL of the collab server as browsers reach it; default: the page's host, COLLAB_PORT. */
  COLLAB_PUBLIC_URL: z.url().optional(),
  COLLAB_PORT: port.default(1234),
  COLLAB_TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  /** Signs the short-lived cookies of an OIDC sign-in (state, nonce, PKCE verifier). */
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  PROJECTIONS_HOST: z.string().min(1).default('127.0.0.1'),
  PROJECTIONS_PORT: port.default(3100),
  /** Shared secret between the app and the projection service (bearer token on /changes, /wait). */
  PROJECTIONS_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  /** Reverse proxies in front of the app that append to X-Forwarded-For (client address for rate limits). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** The collab server as the app reaches it for health checks; default 127.0.0.1:COLLAB_PORT. */
  COLLAB_INTERNAL_URL: z.url().optional(),
  READ_MODELS_DB_PATH: z.string().min(1).optional(),
  /** OIDC sign-in (e.g. Keycloak): all three set to enable it. */
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The claim (ID token or UserInfo) that carries the user's login in the directory. */
  OIDC_LOGIN_CLAIM: z.string().min(1).default('preferred_username'),
  /** The district in the letterhead of printed Vorlagen: "Bezirksamt <DISTRICT_NAME> von Berlin". */
  DISTRICT_NAME: z.string().trim().min(1).max(80).default('Friedrichshain-Kreuzberg'),
  /** The standard period of a sign-off request the form offers: `2w` (weeks) or `10d` (days). */
  SIGN_OFF_PERIOD: deadlinePeriod.default({ unit: 'weeks', amount: 2 }),
  ...mailEnv.shape,
});
export type AppEnv = z.infer<typeof appEnv>;

/**
 * In production the app's origin must be configured: deriving it from the Host header would let a
 * DNS-rebinding page pass the origin check.
 */
export function requirePublicUrlInProduction<Env extends { PUBLIC_URL?: string | undefined }>(
  env: Env,
  nodeEnv = process.env.NODE_ENV,
): Env {
  if (nodeEnv === 'production' && !env.PUBLIC_URL) {
    throw new ConfigError([
      'PUBLIC_URL: required in production (the URL users open, e.g. https://vorlagen.example.org)',
    ]);
  }
  return env;
}

/** The start script: which parts to run and where; the parts read their own variables. */
export const startEnv = commonEnv.extend(eventStoreClientEnv.shape).extend({
  APP_HOST: z.string().min(1).default('127.0.0.1'),
  APP_PORT: port.default(3000),
  EVENT_STORE_HEALTH_PORT: port.default(2114),
  COLLAB_HOST: z.string().min(1).default('127.0.0.1'),
  COLLAB_PORT: port.default(1234),
  PROJECTIONS_PORT: port.default(3100),
  /** The demo's catch-all SMTP server, started when SMTP_URL is not set. */
  MAIL_CATCH_ALL_PORT: port.default(2525),
  MAIL_CATCH_ALL_HEALTH_PORT: port.default(2526),
});

/** The projection runner: its HTTP port (health, /changes, /wait) and the read-model database. */
export const projectionsEnv = commonEnv.extend(eventStoreClientEnv.shape).extend({
  PROJECTIONS_HOST: z.string().min(1).default('127.0.0.1'),
  PROJECTIONS_PORT: port.default(3100),
  /** Shared secret between the app and the projection service (bearer token on /changes, /wait). */
  PROJECTIONS_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  /** SQLite file of the read models; default `DATA_DIR/read-models/read-models.sqlite`. */
  READ_MODELS_DB_PATH: z.string().min(1).optional(),
  /** Largest number of events written in one read-model transaction. */
  PROJECTIONS_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** How long the first event of a batch may wait for more before the batch is committed. */
  PROJECTIONS_BATCH_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(2),
  /** How often overdue deemed-given requests are recorded (scheduler/); 0 turns it off. */
  DEADLINE_WATCH_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  ...mailEnv.shape,
  /** How often the mailer queues and sends (mailer/); 0 turns it off. */
  MAIL_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  /** The URL users open, for the links in mails. */
  PUBLIC_URL: z.url().optional(),
  APP_PORT: port.default(3000),
});

/** Where the app and the runner find the read models (the app opens the file read-only). */
export function readModelsDbPath(env: {
  DATA_DIR: string;
  READ_MODELS_DB_PATH?: string | undefined;
}): string {
  return (
    env.READ_MODELS_DB_PATH ?? `${env.DATA_DIR.replace(/\/+$/, '')}/read-models/read-models.sqlite`
  );
}

/** Comma-separated list → array of trimmed, non-empty entries. */
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  );

/** The collab server (collab-server/main.ts): port, token secret, browser origins and limits. */
export const collabServerEnv = commonEnv.extend(eventStoreClientEnv.shape).extend({
  COLLAB_HOST: z.string().min(1).default('127.0.0.1'),
  COLLAB_PORT: port.default(1234),
  /** HS256 secret shared with the app, which issues the collab tokens. */
  COLLAB_TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  /** Browser origins allowed to open a WebSocket, e.g. `http://127.0.0.1:3000`. */
  COLLAB_ALLOWED_ORIGINS: commaList,
  COLLAB_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024 - 16 * 1024),
  COLLAB_MAX_CONNECTIONS_PER_DOCUMENT: z.coerce.number().int().min(1).default(100),
  COLLAB_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
  COLLAB_MAX_AWARENESS_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024),
  COLLAB_AWARENESS_PER_SECOND: z.coerce.number().positive().default(30),
  /** Longest an edit waits before it is appended to the text stream. */
  COLLAB_BATCH_MS: z.coerce.number().int().min(0).max(500).default(500),
  /**
   * Longest a flush window stretches to while many documents have pending edits (reached at 141
   * of them). The 2 s after which pending edits count as not durable ("nicht gespeichert",
   * /health/ready 503) grow by as much as the window stretches. 4.5 s against 1.5 s, at 200
   * documents × 3 writers: the persistence worker's CPU per keystroke falls by a third, the
   * server's by 10–15 % (issue 22, session 17).
   */
  COLLAB_BATCH_MAX_MS: z.coerce.number().int().min(0).max(10_000).default(4500),
  /**
   * The persistence worker thread's nice value (Linux): relaying keystrokes gets the CPU first
   * under contention. 0 keeps the process's priority.
   */
  COLLAB_PERSISTENCE_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * The nice value of the collab server's other threads (Linux): V8's helper threads (JIT
   * compilation, concurrent garbage collection). 0 keeps the process's priority.
   */
  COLLAB_HELPER_THREADS_NICE: z.coerce.number().int().min(0).max(19).default(5),
  /**
   * How long the relay thread and the persistence worker type into scratch documents at start,
   * side by side, before the server listens, so that V8 compiles their hot paths then and not
   * while the first users type (collab-server/relay-warmup.ts, persistence-warmup.ts). 0: none.
   * 6 s: the per-flush path of the worker becomes hot only after a few thousand flushes (issue 22,
   * session 16: the benchmark's cold phase 0.51–0.57 ms/update at 1.5 s, 0.37–0.41 at 6 s).
   */
  COLLAB_WARMUP_MS: z.coerce.number().int().min(0).max(10_000).default(6000),
  COLLAB_SNAPSHOT_EVERY_EVENTS: z.coerce.number().int().min(1).default(100),
  COLLAB_SNAPSHOT_EVERY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Must not exceed the store's per-event limit (EVENT_STORE_MAX_EVENT_BYTES). */
  COLLAB_MAX_EVENT_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(1024 * 1024),
  COLLAB_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  COLLAB_PING_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
});
