// The embedded event store as the benchmarks run it: `event-store/main.ts` (what `npm run
// event-store` starts) in a child process on free ports, plus the CPU seconds of a process read
// from /proc, so a benchmark can split CPU between itself and the store.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../platform/testing/free-port';
import {
  embeddedConnectionString,
  readEmbeddedStoreAccess,
  secretDirOf,
} from '../event-store/access';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLOCK_TICKS_PER_SECOND = 100;
const START_TIMEOUT_MS = 30_000;

export interface StoreProcess {
  readonly child: ChildProcess;
  readonly connectionString: string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

export async function startStoreProcess(dataDir: string): Promise<StoreProcess> {
  const [port, healthPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'event-store/main.ts')], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      EVENT_STORE_PORT: String(port),
      EVENT_STORE_HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`event store exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${healthPort}/health/live`)).ok) break;
    } catch {
      // Not listening yet.
      if (Date.now() - started > START_TIMEOUT_MS) {
        throw new Error('event store did not start within 30 s');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    connectionString: embeddedConnectionString(
      '127.0.0.1',
      port,
      process.env.EVENT_STORE_INSECURE === 'true'
        ? undefined
        : readEmbeddedStoreAccess(secretDirOf(dataDir)),
    ),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** User + system CPU seconds of a process so far (NaN without a pid). */
export async function processCpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
