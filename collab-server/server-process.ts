// Test support: `collab-server/main.ts` as its own node process (as `npm run collab-server` and
// scripts/start.ts run it), for the tests that need a whole process — SIGKILL, thread priorities.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TEST_SECRET } from './test-support';

export interface CollabServerProcess {
  readonly child: ChildProcess;
  /** The port it listens on: the one asked for, or the one the system chose for port 0. */
  readonly port: number;
}

/** Log lines kept for the error when the process ends before it listens. */
const LOG_LINES_KEPT = 20;

/**
 * Starts the collab server process and waits until it listens (killed after 30 s). Port 0 lets the
 * system choose when the server binds: a port probed free before the warm-up may be taken by then.
 */
export async function startCollabServerProcess(
  connectionString: string,
  port: number,
  env: Record<string, string> = {},
): Promise<CollabServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collab-server/main.ts'], {
    env: {
      ...process.env,
      COLLAB_HOST: '127.0.0.1',
      COLLAB_PORT: String(port),
      COLLAB_TOKEN_SECRET: TEST_SECRET,
      ESDB_CONNECTION_STRING: connectionString,
      LOG_LEVEL: 'info',
      // Tests start many servers: a short warm-up (the same code; the default's 6 s buy speed).
      COLLAB_WARMUP_MS: '1500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout! });
  const log: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Why it failed is in its log (pino writes to stdout), not only in stderr.
  const output = () => `${log.join('\n')}\n${stderr}`;
  let timeout: NodeJS.Timeout | undefined;
  try {
    const listening = await new Promise<number>((resolve, reject) => {
      lines.on('line', (line) => {
        log.push(line);
        if (log.length > LOG_LINES_KEPT) log.shift();
        if (line.includes('collab server listening')) resolve(listeningPort(line));
      });
      child.once('exit', (code) =>
        reject(new Error(`collab server exited early (${code}):\n${output()}`)),
      );
      timeout = setTimeout(
        () => reject(new Error(`collab server did not listen within 30 s:\n${output()}`)),
        30_000,
      );
    });
    return { child, port: listening };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timeout);
  }
}

function listeningPort(line: string): number {
  const { port } = JSON.parse(line) as { port?: unknown };
  if (typeof port !== 'number') throw new Error(`no port in the log line: ${line}`);
  return port;
}
