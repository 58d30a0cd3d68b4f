// The persistence worker (persistence-host.ts starts it): keeps a replica Y.Doc of every loaded
// document, fed with the updates the relay thread applied, and runs today's DocumentPersister on
// it — batching, per-author events, fingerprints, snapshots, appends with the exact expected
// revision, retries. The relay thread learns what is stored from the reports this worker sends.
// The replicas live in replica.ts; before the first worker reports ready, it warms up
// (persistence-warmup.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { EventToAppend } from '../domain/application/event-store-port';
import { ConcurrencyError } from '../domain/shared/errors';
import { createEventStoreClient } from '../event-store/client';
import { createLogger } from '../platform/logger';
import { eventStoreTextSource } from './event-store-source';
import { PendingDocuments } from './persistence';
import {
  Outbox,
  type DocumentReport,
  type FromWorker,
  type PersistenceWorkerData,
  type ToWorker,
} from './persistence-protocol';
import { Replica, receiveUpdates, type ReplicaContext } from './replica';
import { warmUpPersistence } from './persistence-warmup';
import { createTextStore, type TextStore } from './text-store';
import { currentThreadId, lowerThreadPriority } from './thread-priority';

const port = parentPort;
if (!port) throw new Error('persistence-worker.ts runs as a worker thread');
const data = workerData as PersistenceWorkerData;
const logger = createLogger({ name: 'collab-server', level: data.logLevel });
yieldToRelayThread(data.nice);

/**
 * Lowers this thread's scheduling priority (thread-priority.ts): when the relay thread and this
 * worker both want a core, the relay thread gets it, so keystrokes are not relayed later because
 * a flush is running. Elsewhere (or when refused) the worker keeps the process's priority.
 */
function yieldToRelayThread(nice: number): void {
  if (nice === 0) return;
  try {
    const thread = currentThreadId();
    lowerThreadPriority(thread, nice);
    logger.debug({ thread, nice }, 'persistence worker priority lowered');
  } catch (error) {
    logger.warn({ err: error }, 'persistence worker keeps the process priority');
  }
}
const counters = { persistedEvents: 0, persistFailures: 0 };
/** The load the flush windows adapt to: documents of this worker with pending edits. */
const pendingDocuments = new PendingDocuments();

// Reports of one event-loop turn go out together; a document's later report replaces its earlier
// one (keeping the last stored state vector).
const reports = new Map<number, DocumentReport>();
const outbox = new Outbox<FromWorker>(port, () => {
  if (reports.size === 0 && counters.persistedEvents === 0 && counters.persistFailures === 0)
    return null;
  const message: FromWorker = { kind: 'reports', reports: [...reports.values()], ...counters };
  reports.clear();
  counters.persistedEvents = 0;
  counters.persistFailures = 0;
  return { message, transfer: [] };
});

// Requests to the relay thread (forwarded appends, conflicts) and their answers.
let nextRequest = 1;
const waiting = new Map<number, { resolve: (head: bigint) => void; reject: (e: Error) => void }>();
function ask(message: (request: number) => FromWorker): Promise<bigint> {
  const request = nextRequest++;
  return new Promise((resolve, reject) => {
    waiting.set(request, { resolve, reject });
    outbox.send(message(request));
  });
}

const client = data.connectionString ? createEventStoreClient(data.connectionString) : null;
const ownStore: TextStore | null = client ? createTextStore(eventStoreTextSource(client)) : null;
const store: Pick<TextStore, 'append'> = {
  append: (vorlageId: string, events: readonly EventToAppend[], expected: bigint) =>
    ownStore
      ? ownStore.append(vorlageId, events, expected)
      : ask((request) => ({ kind: 'append', request, vorlageId, events, expected })),
};

const live: ReplicaContext = {
  store,
  config: data.config,
  counters,
  pendingDocuments,
  logger,
  report: (report) => {
    // A later report replaces an earlier one of this turn but keeps its stored state vector.
    const stored = report.stored ?? reports.get(report.doc)?.stored ?? null;
    reports.set(report.doc, { ...report, stored });
    outbox.batched();
  },
  resyncAfterConflict: async (doc) => {
    await ask((request) => ({ kind: 'conflict', request, doc }));
  },
};

const replicas = new Map<number, Replica>();
/** Holds of the persistence chain, released by the relay thread. */
const holds = new Map<number, () => void>();

function hold(replica: Replica | undefined, request: number): void {
  const released = new Promise<void>((resolve) => holds.set(request, resolve));
  if (!replica) {
    outbox.send({ kind: 'held', request });
    return;
  }
  void replica.persister.serialize(async () => {
    outbox.send({ kind: 'held', request });
    await released;
  });
}

async function flushAll(replica: Replica | undefined, request: number, deadline: number) {
  const allStored = replica ? await replica.persister.flushAll(deadline) : true;
  outbox.send({ kind: 'flushed', request, allStored });
}

function answer(message: Extract<ToWorker, { kind: 'reply' }>): void {
  const pending = waiting.get(message.request);
  if (!pending) return;
  waiting.delete(message.request);
  if (message.ok) return pending.resolve(message.head);
  const { concurrency, message: text } = message.error;
  pending.reject(
    concurrency
      ? new ConcurrencyError(
          concurrency.stream,
          concurrency.expectedRevision,
          concurrency.actualRevision,
        )
      : new Error(text),
  );
}

port.on('message', (message: ToWorker) => {
  const replica = 'doc' in message ? replicas.get(message.doc) : undefined;
  switch (message.kind) {
    case 'open':
      replicas.set(message.doc, new Replica(message.doc, message.vorlageId, message, live));
      return;
    case 'updates':
      return receiveUpdates(replicas, message.buffer, message.items);
    case 'replace':
      return replica?.replace(message);
    case 'head':
      if (replica) replica.headRevision = message.headRevision;
      return;
    case 'frozen':
      if (replica) replica.frozen = message.frozen;
      return;
    case 'drop':
      if (!replica) return;
      replica.persister.dropPending();
      return replica.report(null);
    case 'hold':
      return hold(replica, message.request);
    case 'release':
      holds.get(message.request)?.();
      holds.delete(message.request);
      return;
    case 'flushAll':
      void flushAll(replica, message.request, message.deadline);
      return;
    case 'close':
      replica?.close();
      replicas.delete(message.doc);
      return;
    case 'reply':
      return answer(message);
  }
});
outbox.send({ kind: 'ready', warmUp: data.warmUpMs > 0 ? await warmUp(data.warmUpMs) : null });

/** A warm-up that fails costs speed, never the worker. */
async function warmUp(budgetMs: number) {
  try {
    return await warmUpPersistence({ config: data.config, logger, budgetMs, store: ownStore });
  } catch (error) {
    logger.warn({ err: error }, 'persistence worker warm-up failed; starting without');
    return null;
  }
}
