// Test support: `collab-server/main.ts` as its own node process (as `npm run collab-server` and
// scripts/start.ts run it), for the tests that need a whole process — SIGKILL, thread priorities.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TEST_SECRET } from './test-support';

/** Starts the collab server process on `port` and waits until it listens (killed after 30 s). */
export async function startCollabServerProcess(
  connectionString: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
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
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timeout: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.includes('collab server listening')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`collab server exited early (${code}): ${stderr}`)),
      );
      timeout = setTimeout(
        () => reject(new Error(`collab server did not listen within 30 s: ${stderr}`)),
        30_000,
      );
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timeout);
  }
  return child;
}
