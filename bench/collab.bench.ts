// `npm run bench:collab`: N clients typing against three servers side by side in one run —
// this collab server (authentication + persistence to the embedded event store on), the
// y-websocket reference server (@y/websocket-server) and Hocuspocus (no persistence). Each server
// runs in its own child process so its CPU time and peak RSS can be read from /proc.
// Scenarios: 20 clients on one document; 200 documents × 3 clients. Prints a Markdown table.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { createEventStoreClient } from '../event-store/client';
import { LEAD } from '../domain/testing/fixtures';
import { createCollabProvider } from '../editor/collab-provider';
import {
  TEST_SECRET,
  justificationText,
  seedVorlageWithUsers,
  seededRandom,
  tokenFor,
} from '../collab-server/test-support';
import {
  embeddedConnectionString,
  readEmbeddedStoreAccess,
  secretDirOf,
} from '../event-store/access';

type ServerKind =
  | 'vorlagen collab-server'
  | '@y/websocket-server 0.1.1'
  | '@y/websocket-server 0.1.1 + y-leveldb'
  | '@hocuspocus/server 3'
  | '@hocuspocus/server 3 + SQLite';

interface Scenario {
  readonly name: string;
  readonly documents: number;
  readonly clientsPerDocument: number;
  /** Milliseconds between two keystrokes of one client. */
  readonly keystrokeMs: number;
  readonly typingMs: number;
}

const SCENARIOS: Scenario[] = [
  {
    name: '20 clients × 1 doc',
    documents: 1,
    clientsPerDocument: 20,
    keystrokeMs: 125,
    typingMs: 8000,
  },
  {
    name: '200 docs × 3 clients',
    documents: 200,
    clientsPerDocument: 3,
    keystrokeMs: 1000,
    typingMs: 8000,
  },
];
// The peers run as they ship (no persistence) and with their own persistence: the reference
// server's y-leveldb (every update, not fsynced) and Hocuspocus's database extension on SQLite
// (WAL, synchronous=FULL like our event store; whole document state at most 500 ms after a change).
const SERVERS: ServerKind[] = [
  'vorlagen collab-server',
  '@y/websocket-server 0.1.1',
  '@y/websocket-server 0.1.1 + y-leveldb',
  '@hocuspocus/server 3',
  '@hocuspocus/server 3 + SQLite',
];
const CLOCK_TICKS_PER_SECOND = 100;

process.setMaxListeners(0);

/** Children still running; killed if the benchmark itself stops early. */
const running = new Set<ChildProcess>();
const stopping = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));
// The whole run is bounded: a hung scenario must not keep the machine busy.
setTimeout(() => {
  process.stderr.write('benchmark exceeded 9 minutes; aborting\n');
  process.exit(1);
}, 9 * 60_000).unref();

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Spawns a TypeScript entry point in its own node process; resolves with the port it reports. */
async function spawnChild(
  script: string,
  args: string[],
  env: Record<string, string>,
  portOf: (line: string) => number | null,
): Promise<Child> {
  // BENCH_PROFILE=1 writes a V8 CPU profile of every server child to .tmp/collab-bench-profiles.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir=.tmp/collab-bench-profiles']
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = portOf(line);
      if (found !== null) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${stderr}`)));
    setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not report its port within 60 s: ${stderr}`));
    }, 60_000).unref();
  });
  running.add(child);
  child.once('exit', (code, signal) => {
    running.delete(child);
    if (!stopping.has(child))
      process.stderr.write(
        `${script} exited unexpectedly (${code ?? signal}): ${stderr.slice(-2000)}\n`,
      );
  });
  return { process: child, port };
}

const jsonPort = (key: string, message?: string) => (line: string) => {
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    if (message !== undefined && record['msg'] !== message) return null;
    return typeof record[key] === 'number' ? (record[key] as number) : null;
  } catch {
    return null;
  }
};

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

function stopChild(child: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    stopping.add(child.process);
    child.process.once('exit', () => resolve());
    child.process.kill(signal);
    setTimeout(() => child.process.kill('SIGKILL'), 10_000).unref();
  });
}

interface BenchClient {
  readonly doc: Y.Doc;
  isSynced(): boolean;
  destroy(): void;
}

function connect(
  kind: ServerKind,
  port: number,
  documentName: string,
  userId: string,
): BenchClient {
  const doc = new Y.Doc();
  if (kind === 'vorlagen collab-server') {
    const provider = createCollabProvider({
      serverUrl: `ws://127.0.0.1:${port}`,
      vorlageId: documentName,
      doc,
      fetchToken: () => tokenFor(documentName, { userId, office: LEAD }),
      WebSocket: WebSocket as never,
    });
    return { doc, isSynced: () => provider.synced, destroy: () => provider.destroy() };
  }
  if (kind.startsWith('@y/websocket-server')) {
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, documentName, doc, {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
    });
    return { doc, isSynced: () => provider.synced, destroy: () => provider.destroy() };
  }
  // One socket per client, as with the other servers (Hocuspocus could multiplex documents).
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}`,
    WebSocketPolyfill: WebSocket,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
  });
  provider.attach();
  return {
    doc,
    isSynced: () => provider.isSynced,
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Result {
  readonly server: ServerKind;
  readonly scenario: string;
  readonly clients: number;
  readonly updates: number;
  readonly deliveries: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU seconds while typing (until every update is delivered and stored). */
  readonly cpu: number;
  /** Server CPU seconds while the clients connected and synced (auth, loading). */
  readonly connectCpu: number;
  readonly cpuPerUpdateMs: number;
  readonly rss: number;
  readonly converged: boolean;
  readonly storedEvents: string;
}

async function runScenario(
  kind: ServerKind,
  scenario: Scenario,
  storeConnection: string,
): Promise<Result> {
  const documents = Array.from({ length: scenario.documents }, () => `bench-${randomUUID()}`);
  let child: Child;
  let userOf = (documentIndex: number, index: number) => `user-${documentIndex}-${index}`;
  if (kind === 'vorlagen collab-server') {
    // Our server checks live rights: Vorlagen and users exist in the store, as in the product.
    const store = createEventStoreClient(storeConnection);
    const users: string[] = [];
    for (const [documentIndex, name] of documents.entries()) {
      const members = await seedVorlageWithUsers(
        store,
        name,
        Array.from({ length: documentIndex === 0 ? scenario.clientsPerDocument : 0 }, () => ({
          role: 'member' as const,
        })),
      );
      users.push(...members.map((member) => member.userId));
    }
    userOf = (_documentIndex, index) => users[index]!;
    await store.close();
    child = await spawnChild(
      'collab-server/main.ts',
      [],
      {
        COLLAB_PORT: '0',
        COLLAB_TOKEN_SECRET: TEST_SECRET,
        ESDB_CONNECTION_STRING: storeConnection,
        LOG_LEVEL: 'info',
        COLLAB_MAX_CONNECTIONS_PER_USER: '1000',
      },
      jsonPort('port', 'collab server listening'),
    );
  } else {
    const persistDir = kind.includes(' + ') ? await mkdtemp(join(tmpdir(), 'bench-peer-')) : null;
    const peer = kind.startsWith('@y/') ? 'y-websocket' : 'hocuspocus';
    child = await spawnChild(
      'bench/collab-peer-server.ts',
      persistDir === null ? [peer] : [peer, '--persist', persistDir],
      // The reference server reads YPERSISTENCE when its module loads.
      persistDir !== null && peer === 'y-websocket' ? { YPERSISTENCE: persistDir } : {},
      jsonPort('port'),
    );
    if (persistDir !== null) {
      child.process.once('exit', () => void rm(persistDir, { recursive: true, force: true }));
    }
  }
  return measure(kind, scenario, child, documents, userOf);
}

async function measure(
  kind: ServerKind,
  scenario: Scenario,
  child: Child,
  documents: string[],
  userOf: (documentIndex: number, index: number) => string,
): Promise<Result> {
  const pid = child.process.pid!;
  const cpuBefore = await cpuSeconds(pid);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let measuring = false;
  const clients: BenchClient[][] = [];

  // Connect in slices, like users arriving, not a thundering herd.
  for (const [documentIndex, name] of documents.entries()) {
    const group: BenchClient[] = [];
    for (let index = 0; index < scenario.clientsPerDocument; index++) {
      const client = connect(kind, child.port, name, userOf(documentIndex, index));
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (!measuring || origin === null) return;
        const now = performance.now();
        for (const struct of Y.decodeUpdate(update).structs) {
          if (!(struct instanceof Y.Item) || struct.id.client === client.doc.clientID) continue;
          for (let clock = struct.id.clock; clock < struct.id.clock + struct.length; clock++) {
            const sent = sentAt.get(`${struct.id.client}:${clock}`);
            if (sent !== undefined) latencies.push(now - sent);
          }
        }
      });
      group.push(client);
    }
    clients.push(group);
    if (documentIndex % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await waitFor(
    () => clients.flat().every((client) => client.isSynced()),
    60_000,
    'clients synced',
  );
  // Peers start empty: the first client creates the paragraph everyone types into.
  for (const group of clients) {
    if (!justificationText(group[0]!.doc)) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Begründung: ')]);
      group[0]!.doc.getXmlFragment('justification').insert(0, [paragraph]);
    }
  }
  await waitFor(
    () => clients.flat().every((client) => justificationText(client.doc) !== null),
    30_000,
    'paragraph everywhere',
  );

  const cpuAfterConnect = await cpuSeconds(pid);
  measuring = true;
  let updates = 0;
  const random = seededRandom(42);
  const timers: NodeJS.Timeout[] = [];
  for (const client of clients.flat()) {
    const start = setTimeout(() => {
      timers.push(
        setInterval(() => {
          const text = justificationText(client.doc);
          if (!text) return;
          sentAt.set(
            `${client.doc.clientID}:${Y.getState(client.doc.store, client.doc.clientID)}`,
            performance.now(),
          );
          text.insert(Math.floor(random() * (text.length + 1)), 'x');
          updates++;
        }, scenario.keystrokeMs),
      );
    }, random() * scenario.keystrokeMs);
    timers.push(start);
  }
  await new Promise((resolve) => setTimeout(resolve, scenario.typingMs));
  timers.forEach((timer) => clearInterval(timer));
  const expectedDeliveries = updates * (scenario.clientsPerDocument - 1);
  await waitFor(
    () => latencies.length >= expectedDeliveries,
    30_000,
    'all updates delivered',
  ).catch(() => undefined);
  const converged = clients.every((group) =>
    group.every(
      (client) =>
        justificationText(client.doc)?.toString() === justificationText(group[0]!.doc)?.toString(),
    ),
  );
  let storedEvents = '—';
  if (kind === 'vorlagen collab-server') {
    // Persistence runs on after typing stops; wait for the store to hold everything, then count.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const metrics = (await (
        await fetch(`http://127.0.0.1:${child.port}/metrics?format=json`)
      ).json()) as {
        pendingUpdates: number;
        persistedEventsTotal: number;
      };
      if (metrics.pendingUpdates === 0 || Date.now() > deadline) {
        storedEvents = String(metrics.persistedEventsTotal);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // Typing CPU includes the persistence of what was typed (the wait above drains it).
  const cpuEnd = await cpuSeconds(pid);
  const rss = await peakRssMiB(pid);
  const cpu = cpuEnd - cpuAfterConnect;
  const connectCpu = cpuAfterConnect - cpuBefore;
  clients.flat().forEach((client) => client.destroy());
  await stopChild(child);
  latencies.sort((a, b) => a - b);
  return {
    server: kind,
    scenario: scenario.name,
    clients: scenario.documents * scenario.clientsPerDocument,
    updates,
    deliveries: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu,
    connectCpu,
    cpuPerUpdateMs: (cpu * 1000) / Math.max(1, updates),
    rss,
    converged,
    storedEvents,
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'collab-bench-'));
  const storePort = await freePort();
  const store = await spawnChild(
    'event-store/main.ts',
    [],
    {
      DATA_DIR: dataDir,
      EVENT_STORE_PORT: String(storePort),
      EVENT_STORE_HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    },
    (line) => (line.includes('event store ready') ? storePort : null),
  );
  const storeConnection = embeddedConnectionString(
    '127.0.0.1',
    store.port,
    readEmbeddedStoreAccess(secretDirOf(dataDir)),
  );
  const results: Result[] = [];
  try {
    // BENCH_ONLY=hocuspocus (a substring of a server or scenario name) narrows the run.
    const only = process.env.BENCH_ONLY;
    for (const scenario of SCENARIOS) {
      for (const kind of SERVERS) {
        if (only && !kind.includes(only) && !scenario.name.includes(only)) continue;
        process.stderr.write(`running ${scenario.name} against ${kind}…\n`);
        results.push(await runScenario(kind, scenario, storeConnection));
      }
    }
  } finally {
    await stopChild(store);
    await rm(dataDir, { recursive: true, force: true });
  }
  const fixed = (value: number, digits = 1) =>
    Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
  const lines = [
    '| scenario | server | clients | updates | deliveries | p50 ms | p99 ms | connect CPU s | typing CPU s | CPU ms/update | peak RSS MiB | converged | events stored |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.server} | ${r.clients} | ${r.updates} | ${r.deliveries} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.connectCpu, 2)} | ${fixed(r.cpu, 2)} | ${fixed(r.cpuPerUpdateMs, 3)} | ${fixed(r.rss, 0)} | ${r.converged ? 'yes' : 'NO'} | ${r.storedEvents} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(0);
}

await main();
