// The relay thread's side of persistence: one worker thread (persistence-worker.ts) per server
// stores every loaded document; each document talks to it through a WorkerPersister, which keeps
// only what the relay thread must answer at once (what is pending since when, whether the store
// fails) and learns the rest from the worker's reports.
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { Logger } from 'pino';
import { isConcurrencyError } from '../domain/shared/errors';
import type { TextAuthor } from '../domain/text/text-events';
import type { CollabMetrics } from './metrics';
import { isUnsaved, type PersistenceConfig } from './persistence';
import {
  Outbox,
  packUpdates,
  type DocumentReport,
  type FromWorker,
  type PersistenceWorkerData,
  type ReplicaState,
  type ToWorker,
  type UpdateItem,
  type WireError,
} from './persistence-protocol';
import type { TextStore } from './text-store';

/** What persistence needs from a loaded document on the relay thread. */
export interface PersistedDocument {
  readonly vorlageId: string;
  headRevision: bigint;
  /** Re-reads the stream after a ConcurrencyError and decides (lock, or another writer). */
  resyncAfterConflict(): Promise<void>;
  /** Everything up to this state vector (client id → clock) is in the store now. */
  storedThrough(stateVector: ReadonlyMap<number, number>): void;
}

/** A document's persistence as the document and the server use it. */
export interface DocumentPersistence {
  readonly pendingCount: number;
  readonly oldestPendingAt: number | null;
  /** The last attempt to store failed (it is being retried). */
  readonly failing: boolean;
  /** Pending edits are not durable: the last attempt failed, or they wait longer than expected. */
  unsaved(nowMs: number): boolean;
  enqueue(update: Uint8Array, author: TextAuthor, clientIds: readonly number[]): void;
  /** Drops everything not yet stored (the stream was locked or written by someone else). */
  dropPending(): number;
  /** The document was rebuilt from the store; its state and head are the persister's now. */
  reloaded(doc: Y.Doc, loaded: Omit<ReplicaState, 'state'>): void;
  /** A re-read found the stream's head here (markers were appended). */
  headRevisionChanged(headRevision: bigint): void;
  frozenChanged(frozen: boolean): void;
  /** Runs `task` while no append of this document runs; never rejects (failures are logged). */
  serialize(task: () => Promise<void>): Promise<void>;
  /** Flushes until nothing is pending or `deadline` passes; true when everything is stored. */
  flushAll(deadline: number): Promise<boolean>;
  destroy(): void;
}

export interface PersistenceHostOptions {
  readonly config: PersistenceConfig;
  /** The worker appends through its own client to this store; without it, through `textStore`. */
  readonly connectionString: string | null;
  readonly textStore: TextStore;
  readonly metrics: CollabMetrics;
  readonly logger: Logger;
  readonly nowMs: () => number;
}

/**
 * Applied updates are handed to the worker in bundles at most a tenth of the batch window old (at
 * most 50 ms): one message per bundle instead of one per keystroke (a message costs the relay
 * thread ≈ 0.05–0.1 ms). Relaying is not delayed by it; storing is, by at most this.
 */
const lingerMsFor = (batchMs: number) => Math.min(50, Math.floor(batchMs / 10));

interface BatchedUpdate {
  readonly update: Uint8Array;
  readonly item: Omit<UpdateItem, 'start' | 'end'>;
}

export class PersistenceHost {
  private readonly worker: Worker;
  private readonly outbox: Outbox<ToWorker>;
  private batch: BatchedUpdate[] = [];
  private readonly documents = new Map<number, WorkerPersister>();
  private readonly replies = new Map<number, (value: boolean) => void>();
  private nextDoc = 1;
  private nextRequest = 1;
  private closed = false;
  /** The worker is gone (it failed): nothing is stored any more, every document is failing. */
  broken = false;
  /** Resolves once the worker can store; rejects when it failed before that. */
  readonly ready: Promise<void>;
  private onReady!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(private readonly options: PersistenceHostOptions) {
    this.worker = startWorker({
      config: options.config,
      connectionString: options.connectionString,
      logLevel: options.logger.level,
    });
    this.ready = new Promise((resolve, reject) => (this.onReady = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.worker.unref();
    this.outbox = new Outbox<ToWorker>(
      this.worker,
      () => this.drainUpdates(),
      lingerMsFor(options.config.batchMs),
    );
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  get config(): PersistenceConfig {
    return this.options.config;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  nowMs(): number {
    return this.options.nowMs();
  }

  open(
    target: PersistedDocument,
    doc: Y.Doc,
    initial: Omit<ReplicaState, 'state'> & { frozen: boolean },
  ): DocumentPersistence {
    const id = this.nextDoc++;
    const persister = new WorkerPersister(this, id, target, initial.frozen);
    this.documents.set(id, persister);
    this.send({
      kind: 'open',
      doc: id,
      vorlageId: target.vorlageId,
      state: Y.encodeStateAsUpdate(doc),
      ...initial,
    });
    return persister;
  }

  send(message: ToWorker): void {
    if (!this.closed) this.outbox.send(message);
  }

  batchUpdate(update: Uint8Array, item: BatchedUpdate['item']): void {
    if (this.closed) return;
    this.batch.push({ update, item });
    this.outbox.batched();
  }

  /** Sends a request; resolves with the worker's answer (false when the worker is gone). */
  request(message: (request: number) => ToWorker): Promise<boolean> {
    if (this.broken || this.closed) return Promise.resolve(false);
    const request = this.nextRequest++;
    return new Promise((resolve) => {
      this.replies.set(request, resolve);
      this.send(message(request));
    });
  }

  forget(doc: number): void {
    this.documents.delete(doc);
    this.send({ kind: 'close', doc });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.outbox.flush();
    this.closed = true;
    await this.worker.terminate();
  }

  private drainUpdates(): { message: ToWorker; transfer: ArrayBuffer[] } | null {
    if (this.batch.length === 0) return null;
    const { buffer, items } = packUpdates(this.batch);
    this.batch = [];
    return { message: { kind: 'updates', buffer, items }, transfer: [buffer] };
  }

  private onMessage(message: FromWorker): void {
    switch (message.kind) {
      case 'ready':
        return this.onReady.resolve();
      case 'reports':
        this.options.metrics.persistedEvents += message.persistedEvents;
        this.options.metrics.persistFailures += message.persistFailures;
        for (const report of message.reports) this.documents.get(report.doc)?.onReport(report);
        return;
      case 'held':
        return this.answer(message.request, true);
      case 'flushed':
        return this.answer(message.request, message.allStored);
      case 'append':
        this.options.textStore.append(message.vorlageId, message.events, message.expected).then(
          (head) => this.send({ kind: 'reply', request: message.request, ok: true, head }),
          (error: unknown) => this.replyFailed(message.request, error),
        );
        return;
      case 'conflict': {
        const document = this.documents.get(message.doc);
        const resync = document ? document.target.resyncAfterConflict() : Promise.resolve();
        resync.then(
          () => this.send({ kind: 'reply', request: message.request, ok: true, head: 0n }),
          (error: unknown) => this.replyFailed(message.request, error),
        );
        return;
      }
    }
  }

  private answer(request: number, value: boolean): void {
    this.replies.get(request)?.(value);
    this.replies.delete(request);
  }

  private replyFailed(request: number, error: unknown): void {
    this.send({ kind: 'reply', request, ok: false, error: wireError(error) });
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.broken = true;
    this.options.logger.fatal(
      { err: error },
      'persistence worker failed; no edit is stored any more (clients keep theirs)',
    );
    this.onReady.reject(error);
    for (const resolve of this.replies.values()) resolve(false);
    this.replies.clear();
  }
}

function wireError(error: unknown): WireError {
  return {
    message: error instanceof Error ? error.message : String(error),
    concurrency: isConcurrencyError(error)
      ? {
          stream: error.stream,
          expectedRevision: error.expectedRevision,
          actualRevision: error.actualRevision,
        }
      : null,
  };
}

/** One document's persistence, done by the worker; this side counts what is pending. */
class WorkerPersister implements DocumentPersistence {
  /** Sent updates not yet stored (nor dropped), oldest first. */
  private pending: { readonly seq: number; readonly at: number }[] = [];
  private nextSeq = 1;
  private lastFailing = false;
  private destroyed = false;

  constructor(
    private readonly host: PersistenceHost,
    private readonly id: number,
    readonly target: PersistedDocument,
    private frozen: boolean,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  get oldestPendingAt(): number | null {
    return this.pending[0]?.at ?? null;
  }

  get failing(): boolean {
    return this.lastFailing || (this.host.broken && this.pending.length > 0);
  }

  unsaved(nowMs: number): boolean {
    return isUnsaved(this.oldestPendingAt, this.failing, nowMs, this.host.config);
  }

  enqueue(update: Uint8Array, author: TextAuthor, clientIds: readonly number[]): void {
    if (this.destroyed) return;
    const seq = this.nextSeq++;
    this.pending.push({ seq, at: this.host.nowMs() });
    this.host.batchUpdate(update, { doc: this.id, seq, author, clientIds });
  }

  dropPending(): number {
    const dropped = this.pending.length;
    this.pending = [];
    this.host.send({ kind: 'drop', doc: this.id });
    return dropped;
  }

  reloaded(doc: Y.Doc, loaded: Omit<ReplicaState, 'state'>): void {
    this.host.send({ kind: 'replace', doc: this.id, state: Y.encodeStateAsUpdate(doc), ...loaded });
  }

  headRevisionChanged(headRevision: bigint): void {
    this.host.send({ kind: 'head', doc: this.id, headRevision });
  }

  frozenChanged(frozen: boolean): void {
    if (frozen === this.frozen) return;
    this.frozen = frozen;
    this.host.send({ kind: 'frozen', doc: this.id, frozen });
  }

  async serialize(task: () => Promise<void>): Promise<void> {
    let request = 0;
    // The worker answers `held` once this document's earlier appends (and holds) are done.
    await this.host.request((id) => {
      request = id;
      return { kind: 'hold', doc: this.id, request: id };
    });
    try {
      await task();
    } catch (error) {
      this.host.logger.error(
        { err: error, vorlageId: this.target.vorlageId },
        'persistence task failed',
      );
    } finally {
      this.host.send({ kind: 'release', request });
    }
  }

  flushAll(deadline: number): Promise<boolean> {
    if (this.pending.length === 0) return Promise.resolve(true);
    return this.host.request((request) => ({ kind: 'flushAll', doc: this.id, request, deadline }));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.host.forget(this.id);
  }

  onReport(report: DocumentReport): void {
    while (this.pending.length > 0 && this.pending[0]!.seq <= report.resolvedThrough)
      this.pending.shift();
    this.lastFailing = report.failing;
    if (report.stored !== null) {
      // Only an append moves the head on the worker's side; other reports may predate a re-read.
      this.target.headRevision = report.headRevision;
      this.target.storedThrough(report.stored);
    }
  }
}

/**
 * The worker runs TypeScript: tsx's loader hooks do not reach worker threads, so the worker
 * registers them itself before importing its module (as projections/catch-up-reader.ts does).
 */
function startWorker(data: PersistenceWorkerData): Worker {
  const entry = new URL('./persistence-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}
