// `npm run bench:event-store`: the embedded event store (over gRPC, through @eventstore/db-client)
// side by side with raw better-sqlite3 at the same durability settings (WAL, synchronous=FULL) —
// append throughput (single events, batches of 10), $all read throughput, and subscription delivery
// latency at 1,000 events/s. The store runs in a child process so server and client each get a core.
// Prints a table; takes about a minute.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { END, EventStoreDBClient, START, jsonEvent, streamNameFilter } from '@eventstore/db-client';
import { createLogger } from '../platform/logger';
import { startEmbeddedEventStore } from '../event-store/embedded';

const PHASE_MS = 3000;
const RATE_PER_SECOND = 1000;
const LATENCY_MS = 5000;
const CONCURRENCY = 16;
const PAYLOAD = { text: 'x'.repeat(200), n: 1 };

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Row {
  readonly metric: string;
  readonly raw: string;
  readonly store: string;
  readonly ratio: string;
}

// ── raw better-sqlite3 baseline ─────────────────────────────────────────────────────────────

function openRaw(dir: string) {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL,
    revision INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL)`);
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, event_id, type, data) VALUES (?, ?, ?, ?, ?)',
  );
  let revision = 0;
  const data = Buffer.from(JSON.stringify(PAYLOAD));
  const commit = db.transaction((count: number) => {
    for (let index = 0; index < count; index += 1) {
      insert.run('bench-raw', revision++, randomUUID(), 'Benchmarked', data);
    }
  });
  return { db, commit };
}

function rawAppendRate(commit: (count: number) => void, batchSize: number): number {
  let events = 0;
  const started = now();
  while (now() - started < PHASE_MS) {
    commit(batchSize);
    events += batchSize;
  }
  return events / ((now() - started) / 1000);
}

function rawReadRate(db: Database.Database): { rate: number; events: number } {
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 500');
  const started = now();
  let events = 0;
  let after = 0;
  for (;;) {
    const rows = page.all(after) as { position: number }[];
    if (rows.length === 0) break;
    events += rows.length;
    after = rows.at(-1)!.position;
  }
  return { rate: events / ((now() - started) / 1000), events };
}

async function rawCommitLatency(commit: (count: number) => void): Promise<number[]> {
  const latencies: number[] = [];
  await paced(async () => {
    const started = now();
    commit(1);
    latencies.push(now() - started);
  });
  return latencies;
}

// ── the embedded store, through the official client ─────────────────────────────────────────

async function storeAppendRate(
  client: EventStoreDBClient,
  batchSize: number,
  concurrency: number,
): Promise<number> {
  let events = 0;
  const started = now();
  const worker = async (index: number) => {
    const stream = `bench-${batchSize}-${concurrency}-${index}-${randomUUID()}`;
    while (now() - started < PHASE_MS) {
      const batch = Array.from({ length: batchSize }, () =>
        jsonEvent({ type: 'Benchmarked', data: PAYLOAD }),
      );
      await client.appendToStream(stream, batch);
      events += batchSize;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return events / ((now() - started) / 1000);
}

async function storeReadRate(
  client: EventStoreDBClient,
): Promise<{ rate: number; events: number }> {
  const started = now();
  let events = 0;
  for await (const _event of client.readAll({ fromPosition: START })) events += 1;
  return { rate: events / ((now() - started) / 1000), events };
}

/** Append latency to subscriber delivery, at a steady rate, measured in one process clock. */
async function storeDeliveryLatency(client: EventStoreDBClient): Promise<number[]> {
  const stream = `latency-${randomUUID()}`;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const subscription = client.subscribeToAll({
    fromPosition: END,
    filter: streamNameFilter({ prefixes: [stream] }),
  });
  await new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
  subscription.on('data', (resolved) => {
    const sent = sentAt.get(resolved.event!.id);
    if (sent !== undefined) latencies.push(now() - sent);
  });
  const pending: Promise<unknown>[] = [];
  await paced(async () => {
    const event = jsonEvent({ type: 'Timed', data: PAYLOAD });
    sentAt.set(event.id, now());
    pending.push(client.appendToStream(stream, event));
  });
  await Promise.all(pending);
  const deadline = now() + 5000;
  while (latencies.length < sentAt.size && now() < deadline) await sleep(5);
  await subscription.unsubscribe();
  return latencies;
}

/** Calls `tick` RATE_PER_SECOND times a second for LATENCY_MS, on schedule rather than back to back. */
async function paced(tick: () => Promise<void>): Promise<void> {
  const started = now();
  const total = (RATE_PER_SECOND * LATENCY_MS) / 1000;
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / RATE_PER_SECOND;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    await tick();
  }
}

// ── orchestration ───────────────────────────────────────────────────────────────────────────

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function startStoreProcess(
  dataDir: string,
): Promise<{ child: ChildProcess; connectionString: string }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('esdb://')) return { child, connectionString: line };
  }
  throw new Error('the store process did not start');
}

async function serve(dataDir: string): Promise<void> {
  const store = await startEmbeddedEventStore({
    dataDir,
    logger: createLogger({ name: 'bench-store', level: 'warn' }),
  });
  process.stdout.write(`${store.connectionString}\n`);
  process.once('SIGTERM', () => void store.stop().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vorlagen-bench-'));
  const rows: Row[] = [];
  const row = (metric: string, raw: number, store: number, format = perSecond) =>
    rows.push({
      metric,
      raw: format(raw),
      store: format(store),
      ratio: `${((store / raw) * 100).toFixed(0)} %`,
    });
  try {
    const raw = openRaw(dir);
    const rawSingle = rawAppendRate(raw.commit, 1);
    const rawBatch = rawAppendRate(raw.commit, 10);
    const rawRead = rawReadRate(raw.db);
    const rawLatency = await rawCommitLatency(raw.commit);
    raw.db.close();

    const { child, connectionString } = await startStoreProcess(join(dir, 'store'));
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      await client.appendToStream('bench-warmup', jsonEvent({ type: 'Warmup', data: {} }));
      const single1 = await storeAppendRate(client, 1, 1);
      const singleN = await storeAppendRate(client, 1, CONCURRENCY);
      const batch1 = await storeAppendRate(client, 10, 1);
      const batchN = await storeAppendRate(client, 10, CONCURRENCY);
      const read = await storeReadRate(client);
      const latency = await storeDeliveryLatency(client);

      row('append, single events, 1 writer (events)', rawSingle, single1);
      row(`append, single events, ${CONCURRENCY} writers (events)`, rawSingle, singleN);
      row('append, batches of 10, 1 writer (events)', rawBatch, batch1);
      row(`append, batches of 10, ${CONCURRENCY} writers (events)`, rawBatch, batchN);
      row(
        `read $all (${read.events.toLocaleString('en-US')} events; raw ${rawRead.events.toLocaleString('en-US')})`,
        rawRead.rate,
        read.rate,
      );
      row(
        'latency p50 @1,000/s (raw: commit; store: append→subscriber)',
        percentile(rawLatency, 50),
        percentile(latency, 50),
        ms,
      );
      row(
        'latency p99 @1,000/s (raw: commit; store: append→subscriber)',
        percentile(rawLatency, 99),
        percentile(latency, 99),
        ms,
      );
      rows.push({
        metric: 'subscription events delivered / sent',
        raw: '—',
        store: `${latency.length} / ${(RATE_PER_SECOND * LATENCY_MS) / 1000}`,
        ratio: '',
      });
    } finally {
      await client.dispose();
      child.kill('SIGTERM');
    }
    printTable(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: readonly Row[]): void {
  const header: Row = {
    metric: 'metric',
    raw: 'raw better-sqlite3',
    store: 'embedded store (gRPC)',
    ratio: 'store/raw',
  };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((item) => item[key].length));
  const line = (item: Row) =>
    `| ${item.metric.padEnd(width('metric'))} | ${item.raw.padStart(width('raw'))} | ${item.store.padStart(width('store'))} | ${item.ratio.padStart(width('ratio'))} |`;
  const rule = `|${'-'.repeat(width('metric') + 2)}|${'-'.repeat(width('raw') + 2)}|${'-'.repeat(width('store') + 2)}|${'-'.repeat(width('ratio') + 2)}|`;
  process.stdout.write(
    `\nWAL, synchronous=FULL, ${PHASE_MS / 1000} s per throughput phase, JSON payload ~220 bytes\n\n`,
  );
  process.stdout.write([line(header), rule, ...rows.map(line)].join('\n') + '\n');
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  await serve(process.argv[serveIndex + 1]!);
} else {
  await main();
}
