// Starts the product's processes, waits until each reports healthy, restarts one that exits, and
// stops them all together.
// Children log to DATA_DIR/logs/<part>.log; warnings and errors are echoed to the console.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync } from 'node:fs';
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
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Consecutive restarts without a healthy minute in between: the backoff exponent. */
  restarts: number;
  state: PartState;
  restartTimer?: NodeJS.Timeout;
}

export type PartState = 'starting' | 'healthy' | 'restarting';

export interface SupervisorEvents {
  /** A part exited on its own; it is restarted after `delayMs`. */
  onExit(name: string, code: number | null, signal: string | null, delayMs: number): void;
  /** A restarted part answers its health check again. */
  onRecovered(name: string): void;
}

const PINO_WARN_LEVEL = 40;
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 8_000;
/** A part that stayed healthy this long starts its backoff from the beginning again. */
const STABLE_AFTER_MS = 60_000;

/** Restart delay after `restarts` restarts in a row: 250 ms, 500 ms, 1 s, … at most 8 s. */
export function restartDelayMs(restarts: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** restarts);
}

/**
 * Runs the product's parts and keeps them running: a part that exits on its own is restarted with
 * exponential backoff (its clients reconnect by themselves); only stopAll() ends them for good.
 */
export class Supervisor {
  private readonly parts: RunningPart[] = [];
  private stopping = false;

  constructor(
    private readonly logDir: string,
    private readonly events: SupervisorEvents,
  ) {
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    chmodSync(logDir, 0o700);
  }

  /** Starts a part and waits until it is healthy; throws when it exits or times out first. */
  async start(spec: PartSpec): Promise<void> {
    const part = this.spawnPart(spec);
    this.parts.push(part);
    await waitUntilHealthy(spec, part.exited);
    part.state = 'healthy';
  }

  /** Stops the parts in reverse start order, so nothing loses a dependency while it flushes. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const part of [...this.parts].reverse()) {
      clearTimeout(part.restartTimer);
      if (part.child.exitCode !== null || part.child.signalCode !== null) continue;
      part.child.kill('SIGTERM');
      const timedOut = await Promise.race([
        part.exited.then(() => false),
        delay(graceMs).then(() => true),
      ]);
      if (timedOut) part.child.kill('SIGKILL');
    }
  }

  private spawnPart(spec: PartSpec, previous?: RunningPart): RunningPart {
    const child = spawn(spec.command, spec.args, {
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const part: RunningPart = previous ?? { spec, child, exited, restarts: 0, state: 'starting' };
    part.child = child;
    part.exited = exited;
    this.forwardOutput(spec, child);
    void exited.then((code) => {
      if (!this.stopping) this.scheduleRestart(part, code, child.signalCode);
    });
    return part;
  }

  private scheduleRestart(part: RunningPart, code: number | null, signal: string | null): void {
    const delayMs = restartDelayMs(part.restarts);
    part.state = 'restarting';
    part.restarts += 1;
    this.events.onExit(part.spec.name, code, signal, delayMs);
    part.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      const { exited } = this.spawnPart(part.spec, part);
      waitUntilHealthy(part.spec, exited).then(
        () => {
          part.state = 'healthy';
          this.events.onRecovered(part.spec.name);
          const restartsNow = part.restarts;
          // Healthy for a while: the next crash starts the backoff from the beginning.
          setTimeout(() => {
            if (part.restarts === restartsNow && part.state === 'healthy') part.restarts = 0;
          }, STABLE_AFTER_MS).unref();
        },
        // It exited (its exit schedules the next restart) or never became healthy: kill it so it does.
        () => {
          if (part.child.exitCode === null && part.child.signalCode === null) {
            part.child.kill('SIGKILL');
          }
        },
      );
    }, delayMs);
  }

  private forwardOutput(spec: PartSpec, child: ChildProcess): void {
    const logFile = createWriteStream(join(this.logDir, `${spec.name}.log`), {
      flags: 'a',
      mode: 0o600,
    });
    const streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
    let open = streams.length;
    for (const stream of streams) {
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => {
        logFile.write(`${line}\n`);
        if (shouldEcho(line)) process.stderr.write(`[${spec.name}] ${line}\n`);
      });
      // One log stream per run of the part: closed once both pipes are drained.
      lines.once('close', () => {
        open -= 1;
        if (open === 0) logFile.end();
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
