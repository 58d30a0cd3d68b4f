// The persistence worker (persistence-host.ts starts it): keeps a replica Y.Doc of every loaded
// document, fed with the updates the relay thread applied, and runs today's DocumentPersister on
// it — batching, per-author events, fingerprints, snapshots, appends with the exact expected
// revision, retries. The relay thread learns what is stored from the reports this worker sends.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import type { EventToAppend } from '../domain/application/event-store-port';
import { ConcurrencyError } from '../domain/shared/errors';
import { createEventStoreClient } from '../event-store/client';
import { createLogger } from '../platform/logger';
import { eventStoreTextSource } from './event-store-source';
import { DocumentPersister, PendingDocuments, type PersistenceTarget } from './persistence';
import {
  Outbox,
  type DocumentReport,
  type FromWorker,
  type PersistenceWorkerData,
  type ReplicaState,
  type ToWorker,
} from './persistence-protocol';
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

class Replica implements PersistenceTarget {
  private doc_: Y.Doc;
  /**
   * Updates received but not yet applied to the replica. Only a flush reads the replica, so they
   * are applied then, together, in one Yjs transaction: one transaction per flush instead of one
   * per keystroke (each costs two state vectors over all client ids, the section observers and
   * the cleanup).
   */
  private unapplied: Uint8Array[] = [];
  headRevision: bigint;
  frozen: boolean;
  /** The seq of the last update received. */
  receivedThrough = 0;
  readonly persister: DocumentPersister;

  constructor(
    readonly doc: number,
    readonly vorlageId: string,
    initial: ReplicaState & { frozen: boolean },
  ) {
    this.doc_ = replicaDoc(initial.state);
    this.headRevision = initial.headRevision;
    this.frozen = initial.frozen;
    this.persister = new DocumentPersister(
      this,
      {
        store,
        config: data.config,
        metrics: counters,
        pendingDocuments,
        logger,
        now: () => new Date(),
        newId: randomUUID,
      },
      initial,
    );
  }

  /** The replica with every update received so far. */
  get ydoc(): Y.Doc {
    if (this.unapplied.length > 0) this.applyReceived();
    return this.doc_;
  }

  receive(update: Uint8Array): void {
    this.unapplied.push(update);
  }

  replace(state: ReplicaState): void {
    // Whatever was received before the reload is in the reloaded state or was dropped.
    this.unapplied = [];
    this.doc_.destroy();
    this.doc_ = replicaDoc(state.state);
    this.headRevision = state.headRevision;
    this.persister.resetSnapshotCounters(state.eventsSinceSnapshot, state.bytesSinceSnapshot);
  }

  async resyncAfterConflict(): Promise<void> {
    await ask((request) => ({ kind: 'conflict', request, doc: this.doc }));
  }

  storedThrough(stateVector: ReadonlyMap<number, number>): void {
    this.report(stateVector);
  }

  attemptFailed(): void {
    this.report(null);
  }

  report(stored: ReadonlyMap<number, number> | null): void {
    const earlier = reports.get(this.doc);
    reports.set(this.doc, {
      doc: this.doc,
      resolvedThrough: this.receivedThrough - this.persister.pendingCount,
      failing: this.persister.failing,
      headRevision: this.headRevision,
      stored: stored ?? earlier?.stored ?? null,
    });
    outbox.batched();
  }

  close(): void {
    this.persister.destroy();
    this.unapplied = [];
    this.doc_.destroy();
  }

  private applyReceived(): void {
    const updates = this.unapplied;
    this.unapplied = [];
    Y.transact(this.doc_, () => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc_, update);
        } catch (error) {
          // Cannot happen (the relay thread applied these bytes); the edit is kept for the store.
          logger.error({ err: error, vorlageId: this.vorlageId }, 'replica could not apply update');
        }
      }
    });
  }
}

function replicaDoc(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

const replicas = new Map<number, Replica>();
/** Holds of the persistence chain, released by the relay thread. */
const holds = new Map<number, () => void>();

function applyUpdates(buffer: ArrayBuffer, items: Extract<ToWorker, { kind: 'updates' }>['items']) {
  for (const item of items) {
    const replica = replicas.get(item.doc);
    if (!replica) continue;
    const update = new Uint8Array(buffer, item.start, item.end - item.start);
    replica.receivedThrough = item.seq;
    replica.receive(update);
    replica.persister.enqueue(update, item.author, item.clientIds);
  }
}

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
      replicas.set(message.doc, new Replica(message.doc, message.vorlageId, message));
      return;
    case 'updates':
      return applyUpdates(message.buffer, message.items);
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
outbox.send({ kind: 'ready' });
