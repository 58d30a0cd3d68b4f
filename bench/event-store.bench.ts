// `npm run bench:event-store`: the embedded event store (over gRPC, through @eventstore/db-client)
// side by side with raw better-sqlite3 at the same durability settings (WAL, synchronous=FULL) —
// append throughput (single events, batches of 10), $all read throughput, and subscription delivery
// latency at 1,000 events/s. The store runs in a child process so server and client each get a core.
// Raw and store phases alternate over several rounds so that a change in machine load hits both;
// every row prints the load average it was measured under. Takes about two minutes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { END, EventStoreDBClient, START, jsonEvent, streamNameFilter } from '@eventstore/db-client';
import { createLogger } from '../platform/logger';
import { startEmbeddedEventStore } from '../event-store/embedded';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 2000);
const WARMUP_MS = 1000;
const RATE_PER_SECOND = 1000;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 10_000);
const READ_EVENTS = 50_000;
const CONCURRENCY = 16;
const PAYLOAD = { text: 'x'.repeat(200), n: 1 };

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const load1 = () => loadavg()[0] ?? NaN;

interface Row {
  readonly metric: string;
  readonly raw: string;
  readonly store: string;
  readonly ratio: string;
  readonly load: string;
}

interface Sampled {
  readonly raw: number;
  readonly store: number;
  /** Median of the per-round store/raw ratios (adjacent phases share the machine's load). */
  readonly ratio: number;
  readonly load: readonly [number, number];
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

function rawAppendRate(commit: (count: number) => void, batchSize: number, ms = PHASE_MS): number {
  let events = 0;
  const started = now();
  while (now() - started < ms) {
    commit(batchSize);
    events += batchSize;
  }
  return events / ((now() - started) / 1000);
}

function rawReadRate(db: Database.Database): number {
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT 500');
  const started = now();
  let events = 0;
  let after = 0;
  while (events < READ_EVENTS) {
    const rows = page.all(after) as { position: number }[];
    if (rows.length === 0) break;
    events += rows.length;
    after = rows.at(-1)!.position;
  }
  return events / ((now() - started) / 1000);
}

async function rawCommitLatency(commit: (count: number) => void, ms: number): Promise<number[]> {
  const latencies: number[] = [];
  await fixedRate(ms, () => {
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
  ms = PHASE_MS,
): Promise<number> {
  let events = 0;
  const started = now();
  const worker = async (index: number) => {
    const stream = `bench-${batchSize}-${concurrency}-${index}-${randomUUID()}`;
    while (now() - started < ms) {
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

async function storeFill(client: EventStoreDBClient, events: number): Promise<void> {
  for (let written = 0; written < events; written += 500) {
    const batch = Array.from({ length: Math.min(500, events - written) }, () =>
      jsonEvent({ type: 'Filled', data: PAYLOAD }),
    );
    await client.appendToStream(`fill-${written}`, batch);
  }
}

async function storeReadRate(client: EventStoreDBClient): Promise<number> {
  const started = now();
  let events = 0;
  for await (const _event of client.readAll({ fromPosition: START, maxCount: READ_EVENTS })) {
    events += 1;
  }
  return events / ((now() - started) / 1000);
}

interface DeliveryLatency {
  readonly delivered: number[];
  readonly acknowledged: number[];
  readonly sent: number;
  readonly skipped: number;
}

/** Append → acknowledgement and append → subscriber, at a steady rate, in one process clock. */
async function storeDeliveryLatency(
  client: EventStoreDBClient,
  ms: number,
): Promise<DeliveryLatency> {
  const stream = `latency-${randomUUID()}`;
  const sentAt = new Map<string, number>();
  const delivered: number[] = [];
  const acknowledged: number[] = [];
  const subscription = client.subscribeToAll({
    fromPosition: END,
    filter: streamNameFilter({ prefixes: [stream] }),
  });
  await new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
  subscription.on('data', (resolved) => {
    const sent = sentAt.get(resolved.event!.id);
    if (sent !== undefined) delivered.push(now() - sent);
  });
  const pending: Promise<unknown>[] = [];
  const { sent, skipped } = await fixedRate(ms, () => {
    const event = jsonEvent({ type: 'Timed', data: PAYLOAD });
    const started = now();
    sentAt.set(event.id, started);
    pending.push(
      client.appendToStream(stream, event).then(() => acknowledged.push(now() - started)),
    );
  });
  await Promise.all(pending);
  const deadline = now() + 5000;
  while (delivered.length < sentAt.size && now() < deadline) await sleep(5);
  await subscription.unsubscribe();
  return { delivered, acknowledged, sent, skipped };
}

/**
 * Calls `tick` RATE_PER_SECOND times a second for `ms`, each call at its own slot. Node's timers
 * wake at ~1.1 ms granularity, so a wake may find two slots due and send both; a wake that finds
 * more (the process was descheduled) sends only two and drops the rest, counted as `skipped`,
 * instead of releasing a burst that would measure queueing rather than delivery.
 */
async function fixedRate(ms: number, tick: () => void): Promise<{ sent: number; skipped: number }> {
  const interval = 1000 / RATE_PER_SECOND;
  const total = Math.floor(ms / interval);
  const started = now();
  let slot = 0;
  let sent = 0;
  let skipped = 0;
  while (slot < total) {
    const due = Math.min(total - 1, Math.floor((now() - started) / interval));
    if (due - slot >= 2) {
      skipped += due - slot - 1;
      slot = due - 1;
    }
    for (; slot <= due; slot += 1) {
      tick();
      sent += 1;
    }
    await sleep(Math.max(0, started + slot * interval - now()));
  }
  return { sent, skipped };
}

// ── orchestration ───────────────────────────────────────────────────────────────────────────

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const median = (values: readonly number[]) => percentile(values, 50);
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const loadRange = ([from, to]: readonly [number, number]) => `${from.toFixed(2)}→${to.toFixed(2)}`;

/**
 * Lets the previous phase's dirty pages reach the disk before the next phase starts: otherwise the
 * kernel writes back one side's data during the other side's fsyncs (the raw phases write several
 * times more), which moved the store's batched rate between 17,000 and 27,000 events/s.
 */
async function settle(): Promise<void> {
  execFileSync('sync');
  await sleep(250);
}

/** Alternates raw and store phases ROUNDS times; medians of each side and of the ratios. */
async function sampled(
  raw: () => number | Promise<number>,
  store: () => Promise<number>,
): Promise<Sampled> {
  const raws: number[] = [];
  const stores: number[] = [];
  const ratios: number[] = [];
  const loadBefore = load1();
  for (let round = 0; round < ROUNDS; round += 1) {
    await settle();
    const r = await raw();
    await settle();
    const s = await store();
    raws.push(r);
    stores.push(s);
    ratios.push(s / r);
  }
  return {
    raw: median(raws),
    store: median(stores),
    ratio: median(ratios),
    load: [loadBefore, load1()],
  };
}

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
  // As the product runs it: TLS and credentials, unless EVENT_STORE_INSECURE=true (for comparison).
  const store = await startEmbeddedEventStore({
    dataDir,
    logger: createLogger({ name: 'bench-store', level: 'warn' }),
    insecure: process.env.EVENT_STORE_INSECURE === 'true',
  });
  process.stdout.write(`${store.connectionString}\n`);
  process.once('SIGTERM', () => void store.stop().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vorlagen-bench-'));
  const rows: Row[] = [];
  const row = (metric: string, sample: Sampled, format = perSecond) =>
    rows.push({
      metric,
      raw: format(sample.raw),
      store: format(sample.store),
      ratio: `${(sample.ratio * 100).toFixed(0)} %`,
      load: loadRange(sample.load),
    });
  const loadAtStart = loadavg();
  const raw = openRaw(dir);
  const { child, connectionString } = await startStoreProcess(join(dir, 'store'));
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    // Warm-up: JIT, SQLite page cache and the gRPC connection of both sides.
    rawAppendRate(raw.commit, 1, WARMUP_MS / 2);
    rawAppendRate(raw.commit, 10, WARMUP_MS / 2);
    await storeAppendRate(client, 1, 1, WARMUP_MS / 2);
    await storeAppendRate(client, 10, CONCURRENCY, WARMUP_MS / 2);
    await storeDeliveryLatency(client, WARMUP_MS);

    const append = (batch: number, writers: number) =>
      sampled(
        () => rawAppendRate(raw.commit, batch),
        () => storeAppendRate(client, batch, writers),
      );
    row('append, single events, 1 writer (events)', await append(1, 1));
    row(`append, single events, ${CONCURRENCY} writers (events)`, await append(1, CONCURRENCY));
    row('append, batches of 10, 1 writer (events)', await append(10, 1));
    row(`append, batches of 10, ${CONCURRENCY} writers (events)`, await append(10, CONCURRENCY));

    // Both sides read the same number of events.
    raw.db.exec('DELETE FROM events');
    for (let written = 0; written < READ_EVENTS; written += 500) raw.commit(500);
    await storeFill(client, READ_EVENTS);
    row(
      `read $all, ${READ_EVENTS.toLocaleString('en-US')} events (events)`,
      await sampled(
        () => rawReadRate(raw.db),
        () => storeReadRate(client),
      ),
    );

    const latencyLoad = load1();
    await settle();
    const rawLatency = await rawCommitLatency(raw.commit, LATENCY_MS);
    await settle();
    const latency = await storeDeliveryLatency(client, LATENCY_MS);
    const latencyRow = (metric: string, p: number, store: readonly number[]) =>
      rows.push({
        metric,
        raw: ms(percentile(rawLatency, p)),
        store: ms(percentile(store, p)),
        ratio: '',
        load: loadRange([latencyLoad, load1()]),
      });
    latencyRow('latency p50 @1,000/s, append → subscriber (raw: commit)', 50, latency.delivered);
    latencyRow('latency p99 @1,000/s, append → subscriber (raw: commit)', 99, latency.delivered);
    latencyRow('latency p99.9 @1,000/s, append → subscriber', 99.9, latency.delivered);
    latencyRow('latency p50 @1,000/s, append → acknowledged', 50, latency.acknowledged);
    latencyRow('latency p99 @1,000/s, append → acknowledged', 99, latency.acknowledged);
    rows.push({
      metric: 'latency run: delivered / sent (slots skipped by a late generator)',
      raw: `${rawLatency.length}`,
      store: `${latency.delivered.length} / ${latency.sent} (${latency.skipped})`,
      ratio: '',
      load: '',
    });
  } finally {
    await client.dispose();
    child.kill('SIGTERM');
    raw.db.close();
  }
  printTable(rows, loadAtStart);
  rmSync(dir, { recursive: true, force: true });
}

function printTable(rows: readonly Row[], loadAtStart: readonly number[]): void {
  const header: Row = {
    metric: 'metric',
    raw: 'raw better-sqlite3',
    store: 'embedded store (gRPC)',
    ratio: 'store/raw',
    load: 'load 1 min',
  };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((item) => item[key].length));
  const line = (item: Row) =>
    `| ${item.metric.padEnd(width('metric'))} | ${item.raw.padStart(width('raw'))} | ${item.store.padStart(width('store'))} | ${item.ratio.padStart(width('ratio'))} | ${item.load.padStart(width('load'))} |`;
  const rule = `|${(['metric', 'raw', 'store', 'ratio', 'load'] as const).map((key) => '-'.repeat(width(key) + 2)).join('|')}|`;
  const loads = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  process.stdout.write(
    `\nWAL, synchronous=FULL, JSON payload ~220 bytes; throughput: median of ${ROUNDS} alternating ` +
      `raw/store rounds of ${PHASE_MS / 1000} s (ratio = median of per-round ratios); latency: ` +
      `${LATENCY_MS / 1000} s at ${RATE_PER_SECOND}/s after warm-up\n` +
      `load average (1/5/15 min) at start: ${loads(loadAtStart)}, at end: ${loads(loadavg())} ` +
      `on ${availableParallelism()} cores\n\n`,
  );
  process.stdout.write([line(header), rule, ...rows.map(line)].join('\n') + '\n');
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  await serve(process.argv[serveIndex + 1]!);
} else {
  await main();
}
