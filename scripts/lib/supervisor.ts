// Starts the product's processes, waits until each reports healthy, and stops them all together.
// Children log to DATA_DIR/logs/<part>.log; warnings and errors are echoed to the console.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface PartSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly healthUrl: string;
  readonly readyTimeoutMs?: number;
}

interface RunningPart {
  readonly spec: PartSpec;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

const PINO_WARN_LEVEL = 40;

export class Supervisor {
  private readonly parts: RunningPart[] = [];
  private stopping = false;

  constructor(
    private readonly logDir: string,
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  async start(spec: PartSpec): Promise<void> {
    const child = spawn(spec.command, spec.args, {
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const part: RunningPart = { spec, child, exited };
    this.parts.push(part);
    this.forwardOutput(part);
    void exited.then((code) => {
      if (!this.stopping) this.onUnexpectedExit(spec.name, code);
    });
    await waitUntilHealthy(spec, exited);
  }

  /** Stops the parts in reverse start order, so nothing loses a dependency while it flushes. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const part of [...this.parts].reverse()) {
      if (part.child.exitCode !== null || part.child.signalCode !== null) continue;
      part.child.kill('SIGTERM');
      const timedOut = await Promise.race([
        part.exited.then(() => false),
        delay(graceMs).then(() => true),
      ]);
      if (timedOut) part.child.kill('SIGKILL');
    }
  }

  private forwardOutput({ spec, child }: RunningPart): void {
    const logFile = createWriteStream(join(this.logDir, `${spec.name}.log`), { flags: 'a' });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        logFile.write(`${line}\n`);
        if (shouldEcho(line)) process.stderr.write(`[${spec.name}] ${line}\n`);
      });
    }
  }
}

/** Echo pino records at warn or above, and any line that is not a pino record (a crash trace). */
function shouldEcho(line: string): boolean {
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record === 'object' && record !== null && 'level' in record) {
      return typeof record.level === 'number' && record.level >= PINO_WARN_LEVEL;
    }
  } catch {
    return line.trim().length > 0;
  }
  return true;
}

async function waitUntilHealthy(spec: PartSpec, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000);
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`${spec.name} exited before it became ready`);
    if (await answersHealthy(spec.healthUrl)) return;
    await delay(200);
  }
  throw new Error(`${spec.name} did not become ready at ${spec.healthUrl} in time`);
}

async function answersHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
