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
import {
  PendingDocuments,
  isUnsaved,
  unsavedThresholdMs,
  type PersistenceConfig,
} from './persistence';
import {
  Outbox,
  packUpdates,
  type DocumentReport,
  type FromWorker,
  type PersistenceWorkerData,
  type ReplicaState,
  type ReplyToWorker,
  type ToWorker,
  type UpdateItem,
  type WireError,
} from './persistence-protocol';
import { PacedWork } from './paced-work';
import { missingFromStore, type KeptUpdate } from './replay';
import { docFromLoadedText, type LoadedText, type TextStore } from './text-store';

/** What persistence needs from a loaded document on the relay thread. */
export interface PersistedDocument {
  readonly vorlageId: string;
  /** The relay thread's document: what a restarted worker must end up storing. */
  readonly ydoc: Y.Doc;
  readonly frozen: boolean;
  headRevision: bigint;
  /** Re-reads the stream (a lock appended while no worker ran). */
  resyncFromStore(): Promise<void>;
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

/** How a persistence worker that died is replaced. */
export interface WorkerRestartPolicy {
  /** Wait before the first restart; doubles with every consecutive one, up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive restarts after which the host gives up (then only a process restart helps). */
  readonly maxAttempts: number;
  /** A worker that stays up this long ends the run of consecutive restarts. */
  readonly stableAfterMs: number;
}

export const DEFAULT_WORKER_RESTART: WorkerRestartPolicy = {
  firstDelayMs: 100,
  maxDelayMs: 5000,
  maxAttempts: 8,
  stableAfterMs: 60_000,
};

/** The wait before restart number `attempt` (1, 2, …). */
export function restartDelay(attempt: number, policy: WorkerRestartPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempt - 1));
}

export interface PersistenceHostOptions {
  readonly config: PersistenceConfig;
  /** The worker appends through its own client to this store; without it, through `textStore`. */
  readonly connectionString: string | null;
  /** Forwarded appends (without a connection string) and the re-reads after a restart. */
  readonly textStore: TextStore;
  readonly metrics: CollabMetrics;
  readonly logger: Logger;
  readonly nowMs: () => number;
  readonly restart?: Partial<WorkerRestartPolicy>;
  /** The worker thread's nice value (DEFAULT_WORKER_NICE; 0 keeps the process's priority). */
  readonly workerNice?: number;
  /**
   * How long the first worker warms up before it reports ready (persistence-warmup.ts); a
   * restarted worker does not: edits are waiting for it.
   */
  readonly warmUpMs?: number;
  /** Sees every worker as it starts (tests terminate it to check the restart). */
  readonly onWorker?: (worker: Worker) => void;
}

/**
 * Relaying comes first: under CPU contention the persistence worker runs at a lower priority than
 * the relay thread (nice 10: about a tenth of the relay thread's share while both want the same
 * core; all of an idle core). It still gets every otherwise idle cycle, so it falls behind only
 * while the machine is saturated — and then "nicht gespeichert" says so.
 */
export const DEFAULT_WORKER_NICE = 10;

/**
 * Applied updates are handed to the worker in bundles at most a tenth of the batch window old (at
 * most 50 ms): one message per bundle instead of one per keystroke (a message costs the relay
 * thread ≈ 0.05–0.1 ms). Relaying is not delayed by it; storing is, by at most this.
 */
const lingerMsFor = (batchMs: number) => Math.min(50, Math.floor(batchMs / 10));

/**
 * Documents whose clients are told per event-loop turn what is stored (≈ 0.1 ms each: the
 * server's awareness entry as JSON, up to a few sends): about a millisecond, then the socket
 * reads that arrived meanwhile are handled.
 */
const REPORTS_PER_TURN = 8;

interface BatchedUpdate {
  readonly update: Uint8Array;
  readonly item: Omit<UpdateItem, 'start' | 'end'>;
}

/** One started worker; `generation` tells a dead one's late answers from the current one's. */
interface RunningWorker {
  readonly worker: Worker;
  readonly outbox: Outbox<ToWorker>;
  readonly generation: number;
  up: boolean;
}

export class PersistenceHost {
  private running: RunningWorker | null = null;
  private generation = 0;
  private batch: BatchedUpdate[] = [];
  private readonly documents = new Map<number, WorkerPersister>();
  private readonly replies = new Map<number, (value: boolean) => void>();
  /** Appends forwarded to `textStore` and not answered yet: a restart waits for them. */
  private readonly forwarded = new Set<Promise<unknown>>();
  private readonly restartPolicy: WorkerRestartPolicy;
  /** Restarts since the last worker that stayed up `stableAfterMs`. */
  private attempts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private nextDoc = 1;
  private nextRequest = 1;
  /** "Stored" reports to the clients, a few documents per turn (see paced-work.ts). */
  private readonly clientReports = new PacedWork<WorkerPersister>(REPORTS_PER_TURN);
  /** Documents with updates not yet reported stored: the load the "nicht gespeichert" threshold reads. */
  readonly pendingDocuments = new PendingDocuments();
  private closed = false;
  /** The host gave up restarting: nothing is stored any more, every document is failing. */
  broken = false;
  /** Resolves once a worker can store; rejects when the host gave up before that. */
  readonly ready: Promise<void>;
  private onReady!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(private readonly options: PersistenceHostOptions) {
    this.restartPolicy = { ...DEFAULT_WORKER_RESTART, ...options.restart };
    this.ready = new Promise((resolve, reject) => (this.onReady = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.start();
  }

  get config(): PersistenceConfig {
    return this.options.config;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get textStore(): TextStore {
    return this.options.textStore;
  }

  /** A worker is up and takes messages (false while one is restarting). */
  get workerUp(): boolean {
    return this.running?.up ?? false;
  }

  /** Queues telling a document's clients what is stored; a later report replaces a queued one. */
  reportToClients(persister: WorkerPersister, tell: () => void): void {
    this.clientReports.add(persister, tell);
  }

  nowMs(): number {
    return this.options.nowMs();
  }

  /** The worker of this generation is the one up now. */
  isCurrent(generation: number): boolean {
    return this.running?.generation === generation && this.running.up;
  }

  open(
    target: PersistedDocument,
    doc: Y.Doc,
    initial: Omit<ReplicaState, 'state'> & { frozen: boolean },
  ): DocumentPersistence {
    const id = this.nextDoc++;
    const persister = new WorkerPersister(this, id, target, initial.frozen);
    this.documents.set(id, persister);
    if (this.workerUp) {
      this.send({
        kind: 'open',
        doc: id,
        vorlageId: target.vorlageId,
        state: Y.encodeStateAsUpdate(doc),
        ...initial,
      });
      persister.live = true;
    }
    // Otherwise a worker is starting: once it is up, it opens this document from the store.
    return persister;
  }

  /** Sends to the current worker; dropped while none is up (a restart re-opens every document). */
  send(message: ToWorker): void {
    if (!this.closed && this.running?.up) this.running.outbox.send(message);
  }

  batchUpdate(update: Uint8Array, item: BatchedUpdate['item']): void {
    if (this.closed || !this.running?.up) return;
    this.batch.push({ update, item });
    this.running.outbox.batched();
  }

  /** Sends a request; resolves with the worker's answer (false when no worker is up). */
  request(message: (request: number) => ToWorker): Promise<boolean> {
    if (!this.workerUp || this.closed) return Promise.resolve(false);
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
    const running = this.running;
    if (running?.up) running.outbox.flush();
    this.closed = true;
    this.clearTimers();
    this.clientReports.clear();
    this.answerAll(false);
    if (running) await running.worker.terminate();
  }

  private start(): void {
    const generation = ++this.generation;
    const worker = startWorker({
      config: this.options.config,
      connectionString: this.options.connectionString,
      logLevel: this.options.logger.level,
      nice: this.options.workerNice ?? DEFAULT_WORKER_NICE,
      warmUpMs: generation === 1 ? (this.options.warmUpMs ?? 0) : 0,
    });
    worker.unref();
    const running: RunningWorker = {
      worker,
      generation,
      up: false,
      outbox: new Outbox<ToWorker>(
        worker,
        // A dead worker's outbox may still fire its linger timer: the batch is the next worker's.
        () => (this.running === running ? this.drainUpdates() : null),
        lingerMsFor(this.options.config.batchMs),
      ),
    };
    this.running = running;
    let failure: unknown = null;
    worker.on('message', (message: FromWorker) => {
      if (this.running === running) this.onMessage(running, message);
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (this.running === running) this.lost(failure ?? new Error(`exited with code ${code}`));
    });
    this.options.onWorker?.(worker);
  }

  private onUp(running: RunningWorker): void {
    running.up = true;
    if (running.generation > 1) {
      this.options.metrics.persistenceWorkerRestarts++;
      this.options.logger.warn(
        { documents: this.documents.size, attempt: this.attempts },
        'persistence worker restarted; re-opening every loaded document from the store',
      );
    }
    this.stableTimer = setTimeout(() => (this.attempts = 0), this.restartPolicy.stableAfterMs);
    this.stableTimer.unref();
    this.onReady.resolve();
    for (const persister of this.documents.values()) persister.reopen(running.generation);
  }

  /** The worker died: relaying goes on, storing waits for the next worker (with backoff). */
  private lost(error: unknown): void {
    if (this.closed) return;
    this.running = null;
    this.batch = [];
    this.clearTimers();
    this.answerAll(false);
    for (const persister of this.documents.values()) persister.workerLost();
    this.attempts++;
    if (this.attempts > this.restartPolicy.maxAttempts) {
      this.broken = true;
      this.options.logger.fatal(
        { err: error, attempts: this.attempts - 1 },
        'persistence worker failed and could not be restarted; no edit is stored any more (clients keep theirs) — restart the process',
      );
      this.onReady.reject(error);
      return;
    }
    const delay = restartDelay(this.attempts, this.restartPolicy);
    this.options.logger.error(
      { err: error, attempt: this.attempts, restartInMs: delay },
      'persistence worker failed; restarting it (relaying goes on, clients keep their edits)',
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      // An append forwarded by the dead worker may still reach the store: re-read after it.
      void Promise.allSettled([...this.forwarded]).then(() => {
        if (!this.closed && this.running === null) this.start();
      });
    }, delay);
  }

  private clearTimers(): void {
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    this.restartTimer = null;
    this.stableTimer = null;
  }

  private answerAll(value: boolean): void {
    for (const resolve of this.replies.values()) resolve(value);
    this.replies.clear();
  }

  private drainUpdates(): { message: ToWorker; transfer: ArrayBuffer[] } | null {
    if (this.batch.length === 0) return null;
    const { buffer, items } = packUpdates(this.batch);
    this.batch = [];
    return { message: { kind: 'updates', buffer, items }, transfer: [buffer] };
  }

  private onMessage(running: RunningWorker, message: FromWorker): void {
    switch (message.kind) {
      case 'ready':
        if (message.warmUp)
          this.options.logger.info(message.warmUp, 'persistence worker warmed up');
        return this.onUp(running);
      case 'reports':
        this.options.metrics.persistedEvents += message.persistedEvents;
        this.options.metrics.persistFailures += message.persistFailures;
        for (const report of message.reports) this.documents.get(report.doc)?.onReport(report);
        return;
      case 'held':
        return this.answer(message.request, true);
      case 'flushed':
        return this.answer(message.request, message.allStored);
      case 'append': {
        const append = this.options.textStore.append(
          message.vorlageId,
          message.events,
          message.expected,
        );
        this.forwarded.add(append);
        append.then(
          (head) =>
            this.replyTo(running, { kind: 'reply', request: message.request, ok: true, head }),
          (error: unknown) => this.replyFailed(running, message.request, error),
        );
        void append.catch(() => undefined).finally(() => this.forwarded.delete(append));
        return;
      }
      case 'conflict': {
        const document = this.documents.get(message.doc);
        const resync = document ? document.target.resyncAfterConflict() : Promise.resolve();
        resync.then(
          () =>
            this.replyTo(running, { kind: 'reply', request: message.request, ok: true, head: 0n }),
          (error: unknown) => this.replyFailed(running, message.request, error),
        );
        return;
      }
    }
  }

  private answer(request: number, value: boolean): void {
    this.replies.get(request)?.(value);
    this.replies.delete(request);
  }

  /** Answers reach only the worker that asked (request numbers are per worker). */
  private replyTo(running: RunningWorker, reply: ReplyToWorker): void {
    if (this.running === running) this.send(reply);
  }

  private replyFailed(running: RunningWorker, request: number, error: unknown): void {
    this.replyTo(running, { kind: 'reply', request, ok: false, error: wireError(error) });
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

interface PendingEntry extends KeptUpdate {
  readonly seq: number;
}

/**
 * One document's persistence, done by the worker. This side counts what is pending and keeps
 * each update until it is reported stored, so that a restarted worker can be given what the store
 * lacks.
 */
class WorkerPersister implements DocumentPersistence {
  /** Sent updates not yet stored (nor dropped), oldest first. */
  private pending: PendingEntry[] = [];
  private nextSeq = 1;
  private lastFailing = false;
  private destroyed = false;
  /** The most documents with pending edits seen while this one's edits have been pending. */
  private peakPendingDocuments = 0;
  /** The current worker holds this document's replica. */
  live = false;
  /** Counts re-reads (drops and reloads): a re-open that raced one reads the store again. */
  private rereads = 0;
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
    return this.lastFailing || (!this.live && this.pending.length > 0);
  }

  unsaved(nowMs: number): boolean {
    // The worker stretches windows by the load while they are open, and never shortens one when
    // it falls: the threshold follows the highest load seen while edits have been pending.
    if (this.pending.length === 0) {
      this.peakPendingDocuments = 0;
      return false;
    }
    const load = this.host.pendingDocuments.count;
    this.peakPendingDocuments = Math.max(this.peakPendingDocuments, load);
    const thresholdMs = unsavedThresholdMs(this.peakPendingDocuments, this.host.config);
    return isUnsaved(this.oldestPendingAt, this.failing, nowMs, thresholdMs);
  }

  enqueue(update: Uint8Array, author: TextAuthor, clientIds: readonly number[]): void {
    if (this.destroyed) return;
    this.keep({ update, author, clientIds, at: this.host.nowMs() });
  }

  dropPending(): number {
    const dropped = this.pending.length;
    this.setPending([]);
    this.rereads++;
    if (this.live) this.host.send({ kind: 'drop', doc: this.id });
    return dropped;
  }

  reloaded(doc: Y.Doc, loaded: Omit<ReplicaState, 'state'>): void {
    this.rereads++;
    if (!this.live) return;
    this.host.send({ kind: 'replace', doc: this.id, state: Y.encodeStateAsUpdate(doc), ...loaded });
  }

  headRevisionChanged(headRevision: bigint): void {
    if (this.live) this.host.send({ kind: 'head', doc: this.id, headRevision });
  }

  frozenChanged(frozen: boolean): void {
    if (frozen === this.frozen) return;
    this.frozen = frozen;
    if (this.live) this.host.send({ kind: 'frozen', doc: this.id, frozen });
  }

  async serialize(task: () => Promise<void>): Promise<void> {
    let request = 0;
    // The worker answers `held` once this document's earlier appends (and holds) are done. With
    // no worker up there is no append to wait for (a restarted worker re-opens from the store).
    const held = await this.host.request((id) => {
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
      if (held) this.host.send({ kind: 'release', request });
    }
  }

  async flushAll(deadline: number): Promise<boolean> {
    // A restarting worker may still store everything before the deadline.
    while (!this.live && !this.host.broken && this.pending.length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (this.pending.length === 0) return true;
    if (!this.live) return false;
    return this.host.request((request) => ({ kind: 'flushAll', doc: this.id, request, deadline }));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.host.pendingDocuments.mark(this, false);
    this.host.forget(this.id);
  }

  onReport(report: DocumentReport): void {
    while (this.pending.length > 0 && this.pending[0]!.seq <= report.resolvedThrough)
      this.pending.shift();
    this.host.pendingDocuments.mark(this, this.pending.length > 0);
    this.lastFailing = report.failing;
    if (report.stored !== null) {
      // Only an append moves the head on the worker's side; other reports may predate a re-read.
      this.target.headRevision = report.headRevision;
      // Telling the clients waits for its slice of a turn; a re-read since then makes it stale.
      const stored = report.stored;
      const rereads = this.rereads;
      this.host.reportToClients(this, () => {
        if (!this.destroyed && rereads === this.rereads) this.target.storedThrough(stored);
      });
    }
  }

  workerLost(): void {
    this.live = false;
    this.lastFailing = false;
  }

  /**
   * Opens the document in a new worker from what the store holds, then hands over what the store
   * lacks (see missingFromStore). A failed read is retried while this worker is current.
   */
  reopen(generation: number, attempt = 0): void {
    if (this.destroyed || this.live) return;
    const rereads = this.rereads;
    this.host.textStore.load(this.target.vorlageId).then(
      (loaded) => {
        if (this.destroyed || this.live || !this.host.isCurrent(generation)) return;
        if (rereads !== this.rereads) return this.reopen(generation);
        if (loaded === null) throw new Error(`Text stream of ${this.target.vorlageId} vanished`);
        this.openFrom(loaded);
      },
      (error: unknown) => {
        if (this.destroyed || !this.host.isCurrent(generation)) return;
        const delay = Math.min(5000, 200 * 2 ** attempt);
        this.host.logger.error(
          { err: error, vorlageId: this.target.vorlageId, retryInMs: delay },
          're-opening the document in the restarted persistence worker failed; retrying',
        );
        setTimeout(() => this.reopen(generation, attempt + 1), delay).unref();
      },
    );
  }

  private openFrom(loaded: LoadedText): void {
    const stored = docFromLoadedText(loaded);
    const state = Y.encodeStateAsUpdate(stored);
    const storedVector = Y.decodeStateVector(Y.encodeStateVector(stored));
    const missing = missingFromStore(
      stored,
      this.pending,
      this.target.ydoc,
      this.host.nowMs(),
      (bytes) =>
        this.host.logger.warn(
          { vorlageId: this.target.vorlageId, bytes },
          'the store lacked content no kept update explains; storing it as the system’s edit',
        ),
    );
    stored.destroy();
    // A lock appended while no worker ran: nothing may be appended after it.
    const lockedMeanwhile = loaded.lock !== null && !this.target.frozen;
    this.frozen = this.target.frozen || loaded.lock !== null;
    this.host.send({
      kind: 'open',
      doc: this.id,
      vorlageId: this.target.vorlageId,
      state,
      headRevision: loaded.headRevision,
      eventsSinceSnapshot: loaded.eventsSinceSnapshot,
      bytesSinceSnapshot: loaded.bytesSinceSnapshot,
      frozen: this.frozen,
    });
    this.live = true;
    this.setPending([]);
    for (const entry of missing) this.keep(entry);
    this.host.logger.info(
      {
        vorlageId: this.target.vorlageId,
        headRevision: loaded.headRevision.toString(),
        resent: missing.length,
      },
      're-opened in the restarted persistence worker',
    );
    // What the store holds counts as stored, also when its report died with the worker.
    this.target.storedThrough(storedVector);
    if (lockedMeanwhile) void this.target.resyncFromStore();
  }

  private setPending(pending: PendingEntry[]): void {
    this.pending = pending;
    this.host.pendingDocuments.mark(this, pending.length > 0);
  }

  private keep(entry: KeptUpdate): void {
    const seq = this.nextSeq++;
    this.pending.push({ ...entry, seq });
    this.host.pendingDocuments.mark(this, true);
    if (!this.live) return;
    const { update, author, clientIds } = entry;
    this.host.batchUpdate(update, { doc: this.id, seq, author, clientIds });
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
