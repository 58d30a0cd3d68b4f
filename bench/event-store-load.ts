// `npm run bench:event-store-load`: where the time of concurrent batched appends goes. Appends
// batches of 10 from WRITERS concurrent writers (default 16, as in bench:event-store) to a store in
// a child process and prints, per round, the rate and both processes' CPU per append and busy
// share, read from /proc. Both busy well under 100 % means the run is bound by the hand-offs
// between the processes, not by CPU. PAUSE_MS (default 0) makes every writer pause after each
// append, for the store's CPU per append at a moderate load, where differences show with less noise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { processCpuSeconds, startStoreProcess } from './store-process';

const WRITERS = Number(process.env.WRITERS ?? 16);
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 0);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3000);
const BATCH = 10;
const PAYLOAD = { text: 'x'.repeat(200), n: 1 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function appendFor(client: EventStoreDBClient, ms: number): Promise<number> {
  let appends = 0;
  const started = performance.now();
  const writer = async (index: number) => {
    const stream = `load-${index}-${Math.random().toString(36).slice(2)}`;
    while (performance.now() - started < ms) {
      const batch = Array.from({ length: BATCH }, () =>
        jsonEvent({ type: 'Benchmarked', data: PAYLOAD }),
      );
      await client.appendToStream(stream, batch);
      appends += 1;
      if (PAUSE_MS > 0) await sleep(PAUSE_MS);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(index)));
  return appends;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(`${tmpdir()}/vorlagen-load-`);
  const store = await startStoreProcess(dataDir);
  const client = EventStoreDBClient.connectionString(store.connectionString);
  try {
    await appendFor(client, 1000); // warm-up
    process.stdout.write(`${WRITERS} writers × batches of ${BATCH}, pause ${PAUSE_MS} ms\n`);
    for (let round = 0; round < ROUNDS; round += 1) {
      const storeBefore = await processCpuSeconds(store.child.pid);
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      const appends = await appendFor(client, PHASE_MS);
      const seconds = (performance.now() - started) / 1000;
      const storeCpu = (await processCpuSeconds(store.child.pid)) - storeBefore;
      const used = process.cpuUsage(clientBefore);
      const clientCpu = (used.user + used.system) / 1e6;
      const perAppend = (cpu: number) => `${((cpu / appends) * 1e6).toFixed(0)} µs`;
      const busy = (cpu: number) => `${((cpu / seconds) * 100).toFixed(0)} %`;
      process.stdout.write(
        `${Math.round((appends * BATCH) / seconds).toLocaleString('en-US')} events/s · ` +
          `store ${perAppend(storeCpu)}/append, busy ${busy(storeCpu)} · ` +
          `client ${perAppend(clientCpu)}/append, busy ${busy(clientCpu)}\n`,
      );
    }
  } finally {
    await client.dispose();
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
