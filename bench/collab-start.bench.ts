// `npm run bench:collab-start`: what the collab server's warm-up (COLLAB_WARMUP_MS, see
// collab-server/persistence-warmup.ts and relay-warmup.ts) costs at start — the CPU seconds of the
// `collab-server/main.ts` process and the wall-clock seconds from its spawn until it listens, per
// warm-up budget, against the embedded store in a process of its own. What it saves is measured by
// `npm run bench:collab` (its cold phase, with COLLAB_WARMUP_MS set for the whole run).
//
// BENCH_WARMUPS (default "0,1500,3000"): the budgets in ms; BENCH_STARTS (default 3) starts each.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollabServerProcess } from '../collab-server/server-process';
import { processCpuSeconds, startStoreProcess } from './store-process';

const WARMUPS = (process.env.BENCH_WARMUPS ?? '0,1500,3000').split(',').map(Number);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);

interface Start {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
}

/** Spawns the collab server process, waits until it listens, reads its CPU, stops it. */
async function startOnce(connectionString: string, warmUpMs: number): Promise<Start> {
  const spawnedAt = performance.now();
  const { child } = await startCollabServerProcess(connectionString, 0, {
    COLLAB_WARMUP_MS: String(warmUpMs),
  });
  try {
    const wallSeconds = (performance.now() - spawnedAt) / 1000;
    return { cpuSeconds: await processCpuSeconds(child.pid), wallSeconds };
  } finally {
    child.kill('SIGKILL');
  }
}

const range = (values: readonly number[]) =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

const dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-bench-collab-start-'));
const store = await startStoreProcess(dataDir);
try {
  const starts = new Map<number, Start[]>(WARMUPS.map((ms) => [ms, []]));
  // Alternating budgets, so that a drift of the machine's load spreads over all of them.
  for (let round = 0; round < STARTS; round++) {
    for (const ms of WARMUPS) starts.get(ms)!.push(await startOnce(store.connectionString, ms));
  }
  console.log(`\nCollab server start, ${STARTS} starts per budget (ranges):\n`);
  console.log('| COLLAB_WARMUP_MS | CPU s until listening | s until listening |');
  console.log('| ---: | ---: | ---: |');
  for (const [ms, runs] of starts) {
    console.log(
      `| ${ms} | ${range(runs.map((r) => r.cpuSeconds))} | ${range(runs.map((r) => r.wallSeconds))} |`,
    );
  }
} finally {
  await store.stop();
  await rm(dataDir, { recursive: true, force: true });
}
