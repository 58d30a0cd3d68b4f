// Test harness: starts the whole product (scripts/start.ts) on free ports in a temp DATA_DIR, waits
// for "Vorlagen läuft", and stops it again; plus a small HTTP client that signs in as a demo user.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../platform/testing/free-port';
import { isProcessAlive } from '../../platform/process';
import {
  embeddedConnectionString,
  readEmbeddedStoreAccess,
  secretDirOf,
} from '../../event-store/access';
import { buildAppIfStale } from './next-build';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const READY_LINE = 'Vorlagen läuft';
/** Includes a `next build` when the build is stale; on the shared 2-core machine that takes minutes. */
const START_TIMEOUT_MS = 600_000;
const STOP_GRACE_MS = 20_000;

export const DEMO_PASSWORD = 'vorlagen-demo';

/**
 * The test product runs its own Next.js build: the shared `.next` is rebuilt whenever anyone's
 * start finds it stale, which would pull it out from under a running test product.
 */
const DIST_DIR = '.tmp/next-api-test';
const TSCONFIG = '.tmp/next-api-test.tsconfig.json';
const BUILD_LOCK = join(root, '.tmp/next-api-test.lock');
/** One file per test process whose product serves from DIST_DIR; named by pid. */
const USERS_DIR = join(root, '.tmp/next-api-test.users');
const STALE_LOCK_MS = 15 * 60_000;

/** Test processes (other than this one) whose product still serves from the private build. */
function otherLiveUsers(): number[] {
  mkdirSync(USERS_DIR, { recursive: true });
  const pids = readdirSync(USERS_DIR).map(Number).filter(Number.isInteger);
  for (const pid of pids.filter((pid) => !isProcessAlive(pid)))
    rmSync(join(USERS_DIR, String(pid)));
  return pids.filter((pid) => pid !== process.pid && isProcessAlive(pid));
}

async function withBuildLock<T>(work: () => T): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error('waited too long for another test build');
      await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    }
  }
  try {
    return work();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the private Next.js build if stale, one builder at a time, and never while another test
 * process's product serves from it (that product would lose its files mid-test; then the existing
 * build is used as is). Registers this process as a user until `releasePrivateApp`.
 */
async function acquirePrivateApp(): Promise<void> {
  process.env.NEXT_DIST_DIR = DIST_DIR;
  process.env.NEXT_TSCONFIG_PATH = TSCONFIG;
  const tsconfig = join(root, TSCONFIG);
  mkdirSync(dirname(tsconfig), { recursive: true });
  // Next writes its own additions into this file, never into the shared tsconfig.json.
  if (!existsSync(tsconfig)) writeFileSync(tsconfig, '{ "extends": "../tsconfig.json" }\n');
  await withBuildLock(() => {
    const built = existsSync(join(root, DIST_DIR, 'BUILD_ID'));
    if (!built || otherLiveUsers().length === 0) {
      buildAppIfStale(root, (message) => process.stderr.write(`${message}\n`));
    }
    // On a fresh clone the first build short-circuits otherLiveUsers(), which creates the folder.
    mkdirSync(USERS_DIR, { recursive: true });
    writeFileSync(join(USERS_DIR, String(process.pid)), '');
  });
}

let productsRunning = 0;
function releasePrivateApp(): void {
  if (--productsRunning === 0) rmSync(join(USERS_DIR, String(process.pid)), { force: true });
}

export interface TestProduct {
  readonly baseUrl: string;
  readonly collabUrl: string;
  /** The embedded event store, for tests that check what reached the store. */
  readonly eventStoreUrl: string;
  /** The start script's process id (its children are the product's parts). */
  readonly pid: number;
  readonly dataDir: string;
  readonly ports: {
    readonly app: number;
    readonly collab: number;
    readonly store: number;
    readonly storeHealth: number;
    readonly projections: number;
  };
  /** Output of the start script so far (for failure messages). */
  output(): string;
  /** Stops the product (SIGTERM, or e.g. SIGINT for Ctrl+C); the start script's exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
// A test runner that dies still takes the product with it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startProduct(
  options: {
    env?: Record<string, string>;
    /** Reuse this DATA_DIR (a restart); it is then kept on stop. Default: a fresh temp dir. */
    dataDir?: string;
  } = {},
): Promise<TestProduct> {
  await acquirePrivateApp();
  productsRunning++;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vorlagen-api-test-'));
  const [app, collab, store, storeHealth, projections, mail, mailHealth] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const baseUrl = `http://127.0.0.1:${app}`;
  const startArgs = ['--import', 'tsx', join(root, 'scripts/start.ts'), '--no-build'];
  const child = spawn(process.execPath, startArgs, {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      APP_PORT: String(app),
      COLLAB_PORT: String(collab),
      EVENT_STORE_PORT: String(store),
      EVENT_STORE_HEALTH_PORT: String(storeHealth),
      PROJECTIONS_PORT: String(projections),
      MAIL_CATCH_ALL_PORT: String(mail),
      MAIL_CATCH_ALL_HEALTH_PORT: String(mailHealth),
      SMTP_URL: '',
      PUBLIC_URL: baseUrl,
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TSCONFIG_PATH: TSCONFIG,
      ESDB_CONNECTION_STRING: '',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // Short batches, so a test sees persisted edits quickly.
      COLLAB_BATCH_MS: '50',
      // A short warm-up (the code path is the same; the default's 6 s buy speed, not behaviour).
      COLLAB_WARMUP_MS: '1500',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', () => {
      running.delete(child);
      resolveExit();
    }),
  );

  let stopped = false;
  let exitCode: number | null = null;
  void exited.then(() => (exitCode = child.exitCode));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    if (!stopped) {
      stopped = true;
      releasePrivateApp();
    }
    // KEEP_TEST_DATA=1 keeps DATA_DIR (logs of every part under logs/) for a look after a failure.
    if (process.env.KEEP_TEST_DATA) process.stderr.write(`test product data kept: ${dataDir}\n`);
    else if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    return exitCode;
  };

  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`product not ready after ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(READY_LINE)) {
          clearTimeout(timer);
          resolveReady();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`start script exited before ready:\n${output.slice(-4000)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    ports: { app, collab, store, storeHealth, projections },
    collabUrl: `ws://127.0.0.1:${collab}`,
    eventStoreUrl: embeddedConnectionString(
      '127.0.0.1',
      store,
      readEmbeddedStoreAccess(secretDirOf(dataDir)),
    ),
    dataDir,
    pid: child.pid!,
    output: () => output,
    stop,
  };
}

/** Response bodies are asserted field by field in tests; typing each one would add nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<Body = Json> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

export interface RequestOptions {
  /** JSON body (serialized), or a raw string sent as is. */
  readonly json?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  /** `null` sends no Origin; default: the app's own origin. */
  readonly origin?: string | null;
}

/** A cookie-jar HTTP client for one user (or none) that sends the app's Origin by default. */
export class ApiClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request<Body = Json>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<Body>> {
    const headers: Record<string, string> = { ...options.headers };
    const origin = options.origin === undefined ? new URL(this.baseUrl).origin : options.origin;
    if (origin !== null) headers.origin = origin;
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (options.raw !== undefined) body = options.raw;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body,
      redirect: 'manual',
    });
    this.remember(response.headers.getSetCookie());
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) {
      parsed = JSON.parse(text);
    }
    return { status: response.status, headers: response.headers, body: parsed as Body };
  }

  get<Body = Json>(path: string, options?: RequestOptions) {
    return this.request<Body>('GET', path, options);
  }

  post<Body = Json>(path: string, json: unknown = {}, options: RequestOptions = {}) {
    return this.request<Body>('POST', path, { json, ...options });
  }

  /** Signs in through the API; throws unless the app accepts the credentials. */
  async signIn(login: string, password = DEMO_PASSWORD): Promise<this> {
    const response = await this.post('/api/session', { login, password });
    if (response.status !== 200) {
      throw new Error(
        `sign-in as ${login} failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return this;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /** The Cookie header this client sends (for raw fetches such as an SSE stream). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      if (index < 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some(
        (attribute) =>
          /^\s*max-age=0\s*$/i.test(attribute) ||
          (/^\s*expires=/i.test(attribute) &&
            Date.parse(attribute.split('=')[1] ?? '') < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Signs in as a demo user and returns the client. */
export function signedIn(product: { baseUrl: string }, login: string): Promise<ApiClient> {
  return new ApiClient(product.baseUrl).signIn(login);
}
