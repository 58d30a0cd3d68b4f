// Batched, serialized persistence of one document's Yjs updates as events of its text stream. It
// runs in the persistence worker (persistence-worker.ts) on the worker's replica of the document.
// Updates are kept in memory until an append succeeds (never dropped silently); a failed append
// is retried with backoff; a ConcurrencyError hands over to the document's resync.
import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { EventToAppend } from '../domain/application/event-store-port';
import { isConcurrencyError } from '../domain/shared/errors';
import type { TextAuthor } from '../domain/text/text-events';
import { textSnapshotEvent, textUpdateEvent } from '../editor/text-events';
import { fingerprintOfDoc } from './fingerprint';
import type { CollabMetrics } from './metrics';
import type { TextStore } from './text-store';

export interface PersistenceConfig {
  /** Longest an update waits before it is appended while few documents have pending edits. */
  readonly batchMs: number;
  /**
   * Load-adaptive windows: while more than `stretchFromDocuments` documents have pending edits,
   * each further one stretches every document's window by `stretchMsPerDocument`, up to
   * `batchMaxMs` (see `flushWindowMs`). A document with `busyDocumentUpdates` pending updates
   * still flushes within `batchMs`.
   */
  readonly batchMaxMs: number;
  readonly stretchFromDocuments: number;
  readonly stretchMsPerDocument: number;
  readonly busyDocumentUpdates: number;
  /** A snapshot is appended after this many content events or bytes since the last one. */
  readonly snapshotEveryEvents: number;
  readonly snapshotEveryBytes: number;
  /** The store's per-event limit; batches are split below it and larger snapshots skipped. */
  readonly maxEventBytes: number;
  readonly maxRetryDelayMs: number;
  /**
   * Edits pending longer than this (or whose last attempt failed) count as not durable: clients
   * are told ("nicht gespeichert"), /health/ready answers 503. Under load the threshold grows by
   * as much as the flush window stretches (`unsavedThresholdMs`).
   */
  readonly unsavedAfterMs: number;
}

export const DEFAULT_PERSISTENCE: PersistenceConfig = {
  batchMs: 500,
  batchMaxMs: 4500,
  stretchFromDocuments: 16,
  stretchMsPerDocument: 32,
  busyDocumentUpdates: 10,
  snapshotEveryEvents: 100,
  snapshotEveryBytes: 256 * 1024,
  maxEventBytes: 1024 * 1024,
  maxRetryDelayMs: 5000,
  unsavedAfterMs: 2000,
};

/** Pending edits are not durable: the last attempt failed, or the oldest waits too long. */
export function isUnsaved(
  oldestPendingAt: number | null,
  failing: boolean,
  nowMs: number,
  thresholdMs: number,
): boolean {
  if (oldestPendingAt === null) return false;
  return failing || nowMs - oldestPendingAt >= thresholdMs;
}

/**
 * How long an edit may wait for its acknowledgement, while up to `pendingDocuments` documents had
 * pending edits: `unsavedAfterMs`, plus as much as their load stretches the flush window. An edit
 * that waits for its stretched window is on time, not "nicht gespeichert".
 */
export function unsavedThresholdMs(
  pendingDocuments: number,
  config: Pick<
    PersistenceConfig,
    'batchMs' | 'batchMaxMs' | 'stretchFromDocuments' | 'stretchMsPerDocument' | 'unsavedAfterMs'
  >,
): number {
  return config.unsavedAfterMs + flushWindowMs(pendingDocuments, config) - config.batchMs;
}

/**
 * The flush window while `pendingDocuments` documents (in this process) have pending edits. Every
 * flush has a fixed cost (fingerprint, state vector, the append's round trip, the event store's
 * work, the "stored" report to every connection) that a keystroke pays alone when a document
 * flushes after each one. With few active documents that cost is small in total and the window
 * stays `batchMs`; beyond `stretchFromDocuments` each further active document adds
 * `stretchMsPerDocument`, so the flushes per second stop growing with the number of documents
 * and each flush carries more keystrokes — bounded by `batchMaxMs`. The "nicht gespeichert"
 * threshold stretches with the window (`unsavedThresholdMs`).
 */
export function flushWindowMs(
  pendingDocuments: number,
  config: Pick<
    PersistenceConfig,
    'batchMs' | 'batchMaxMs' | 'stretchFromDocuments' | 'stretchMsPerDocument'
  >,
): number {
  const beyond = pendingDocuments - config.stretchFromDocuments;
  if (beyond <= 0) return config.batchMs;
  const stretched = config.batchMs + beyond * config.stretchMsPerDocument;
  return Math.max(config.batchMs, Math.min(config.batchMaxMs, stretched));
}

/** The documents of this process that have pending edits: the load `flushWindowMs` reads. */
export class PendingDocuments {
  private readonly documents = new Set<object>();

  get count(): number {
    return this.documents.size;
  }

  mark(document: object, hasPending: boolean): void {
    if (hasPending) this.documents.add(document);
    else this.documents.delete(document);
  }
}

/**
 * Shortens a wait so that it ends on a shared grid of slots (a fifth of the batch window): the
 * documents whose windows end in the same slot flush in the same event-loop turn, and their
 * appends leave together on the client's one BatchAppend stream. With many active documents that
 * makes a few append rounds per second instead of one per document; no window gets longer. The
 * grid stays a fifth of `batchMs` when windows stretch, so stretched and unstretched windows of
 * different documents still end on the same slots.
 */
export function alignedDelay(nowMs: number, delayMs: number, batchMs: number): number {
  const slot = Math.floor(batchMs / 5);
  if (delayMs <= 0 || slot < 2) return delayMs;
  const due = nowMs + delayMs;
  return Math.max(0, due - (due % slot) - nowMs);
}

/** Metadata of an event is a few KiB at most (hashes and authors). */
const METADATA_HEADROOM_BYTES = 16 * 1024;

/** What the persister needs from its document. */
export interface PersistenceTarget {
  readonly vorlageId: string;
  readonly ydoc: Y.Doc;
  /** Locked, or editing ended: pending edits wait (and are dropped by the document's re-read). */
  readonly frozen: boolean;
  headRevision: bigint;
  /** Re-reads the stream after a ConcurrencyError and decides (lock, or another writer). */
  resyncAfterConflict(): Promise<void>;
  /** Everything up to this state vector (client id → clock) is in the store now. */
  storedThrough(stateVector: ReadonlyMap<number, number>): void;
  /** An attempt failed (the persister now counts as failing). */
  attemptFailed(): void;
}

/** The counters the persister keeps (a worker reports them to the relay thread's metrics). */
export type PersistenceCounters = Pick<CollabMetrics, 'persistedEvents' | 'persistFailures'>;

interface PendingUpdate {
  readonly update: Uint8Array;
  readonly author: TextAuthor;
  /** Yjs client ids whose items the update carries (from its validation). */
  readonly clientIds: readonly number[];
  readonly at: number;
}

interface PreparedAppend {
  readonly events: EventToAppend[];
  readonly count: number;
  readonly expected: bigint;
  readonly bytes: number;
  readonly snapshot: boolean;
  /** The document's state vector when the batch was taken: what is stored once it is appended. */
  readonly stateVector: ReadonlyMap<number, number>;
}

export class DocumentPersister {
  private pending: PendingUpdate[] = [];
  private pendingBytes = 0;
  /** Kept across a failed attempt so a retry re-sends the same event ids (idempotent append). */
  private prepared: PreparedAppend | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = 0;
  /** When the current flush window started (the first edit that found no flush scheduled). */
  private windowFrom = 0;
  /** When the last flush attempt began (a window's end): how long the document has been quiet. */
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private chain: Promise<void> = Promise.resolve();
  private failures = 0;
  private destroyed = false;
  eventsSinceSnapshot: number;
  bytesSinceSnapshot: number;

  constructor(
    private readonly target: PersistenceTarget,
    private readonly deps: {
      readonly store: Pick<TextStore, 'append'>;
      readonly config: PersistenceConfig;
      readonly metrics: PersistenceCounters;
      /** Shared by every document of the process (the worker). */
      readonly pendingDocuments: PendingDocuments;
      readonly logger: Logger;
      readonly now: () => Date;
      readonly newId: () => string;
      /** In [0, 1): the head start of a window after a quiet spell (tests pin it). */
      readonly random?: () => number;
    },
    initial: { eventsSinceSnapshot: number; bytesSinceSnapshot: number },
  ) {
    this.eventsSinceSnapshot = initial.eventsSinceSnapshot;
    this.bytesSinceSnapshot = initial.bytesSinceSnapshot;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** The last attempt to store failed (it is being retried). */
  get failing(): boolean {
    return this.failures > 0;
  }

  enqueue(update: Uint8Array, author: TextAuthor, clientIds: readonly number[]): void {
    this.pending.push({ update, author, clientIds, at: this.deps.now().getTime() });
    this.pendingBytes += update.byteLength;
    this.deps.pendingDocuments.mark(this, true);
    if (this.pendingBytes >= this.deps.config.maxEventBytes / 2) this.schedule(0);
    else {
      if (this.timer === null) this.windowFrom = this.windowOpensAt(Date.now());
      this.scheduleWindow();
    }
  }

  /**
   * Drops everything not yet stored: only after the stream was found locked or written by someone
   * else. The clients still hold these edits and send them again on the next sync.
   */
  dropPending(): number {
    const dropped = this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.prepared = null;
    this.deps.pendingDocuments.mark(this, false);
    return dropped;
  }

  resetSnapshotCounters(events: number, bytes: number): void {
    this.eventsSinceSnapshot = events;
    this.bytesSinceSnapshot = bytes;
  }

  /**
   * Runs `task` after every earlier persistence task of this document (one writer at a time). The
   * returned promise never rejects: a failure is logged here, so no caller can leave it unhandled.
   */
  serialize(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      this.deps.logger.error(
        { err: error, vorlageId: this.target.vorlageId },
        'persistence task failed',
      );
    });
    return this.chain;
  }

  /** One flush attempt, serialized; resolves when it is done (successful or not). */
  flush(): Promise<void> {
    this.clearTimer();
    return this.serialize(() => this.flushOnce());
  }

  /** Flushes until nothing is pending or `deadline` passes; true when everything is stored. */
  async flushAll(deadline: number): Promise<boolean> {
    while (this.pending.length > 0 && !this.target.frozen && Date.now() < deadline) {
      const failuresBefore = this.failures;
      await this.flush();
      if (this.failures > failuresBefore) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(250, Math.max(0, deadline - Date.now()))),
        );
      }
    }
    return this.pending.length === 0;
  }

  destroy(): void {
    this.destroyed = true;
    this.clearTimer();
    this.deps.pendingDocuments.mark(this, false);
  }

  /**
   * This document's window now: `batchMs` for a busy document (its flush already carries many
   * updates), otherwise as long as the number of documents with pending edits asks for.
   */
  private windowMs(): number {
    const { config } = this.deps;
    if (this.pending.length >= config.busyDocumentUpdates) return config.batchMs;
    return flushWindowMs(this.deps.pendingDocuments.count, config);
  }

  /**
   * When a window opening at `nowMs` counts as opened. Documents that start together after a quiet
   * spell — a server start, the clients' resend after a reconnect, a meeting's first minute —
   * would all flush in the same slot of the stretched window: one burst of appends (≈ 0.5 s of
   * the worker's and the store's CPU for 200 documents in the collab benchmark) that takes the
   * cores from relaying. Under load such a window gets a random head start of up to its whole
   * length, which spreads those flushes over a window (half a window still left a burst at the
   * start of every benchmark phase). A document that is being typed in keeps its full window (its
   * keystrokes already spread its flushes), as does a lone one.
   */
  private windowOpensAt(nowMs: number): number {
    const { config, pendingDocuments } = this.deps;
    const quiet = nowMs - this.lastFlushAt > config.batchMaxMs;
    if (!quiet || pendingDocuments.count <= config.stretchFromDocuments) return nowMs;
    const random = this.deps.random ?? Math.random;
    return nowMs - Math.floor(random() * this.windowMs());
  }

  /**
   * Schedules the flush for the end of the current window (`windowFrom`). A window timer moves
   * earlier when the window shrank (the document became busy), never later; a retry's backoff is
   * kept. When it fires, the window is measured again (`flushOrStretch`): load that rose meanwhile
   * stretches it.
   */
  private scheduleWindow(): void {
    const delay = this.failing
      ? this.deps.config.batchMs
      : Math.max(0, this.windowFrom + this.windowMs() - Date.now());
    this.schedule(delay, true);
  }

  private schedule(delayMs: number, window = false): void {
    if (this.destroyed) return;
    const now = Date.now();
    const delay = Math.max(0, alignedDelay(now, delayMs, this.deps.config.batchMs));
    if (this.timer !== null) {
      const keep = window ? this.failing || now + delay >= this.timerDueAt : delayMs > 0;
      if (keep) return;
      this.clearTimer();
    }
    this.timerDueAt = now + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (window) this.flushOrStretch();
      else void this.flush();
    }, delay);
  }

  /** A window ended: flush, unless the load rose meanwhile and the window is longer now. */
  private flushOrStretch(): void {
    if (this.pending.length > 0 && !this.failing) {
      const now = Date.now();
      const rest = alignedDelay(
        now,
        this.windowFrom + this.windowMs() - now,
        this.deps.config.batchMs,
      );
      if (rest > 0) return this.schedule(rest, true);
    }
    void this.flush();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One attempt; never throws: every failure is logged, counted and retried with backoff. */
  private async flushOnce(): Promise<void> {
    this.lastFlushAt = Date.now();
    if (this.target.frozen || this.pending.length === 0) return;
    let prepared: PreparedAppend;
    try {
      prepared = this.prepared ?? this.prepare();
    } catch (error) {
      // E.g. the text does not convert: keep the edits, say so, try again later.
      this.retryLater(error, 'preparing the batch failed; keeping the edits and retrying');
      return;
    }
    this.prepared = prepared;
    try {
      const head = await this.deps.store.append(
        this.target.vorlageId,
        prepared.events,
        prepared.expected,
      );
      this.stored(prepared, head);
    } catch (error) {
      if (!isConcurrencyError(error)) {
        this.retryLater(error, 'append failed; keeping the batch and retrying');
        return;
      }
      this.prepared = null;
      try {
        await this.target.resyncAfterConflict();
      } catch (resyncError) {
        this.retryLater(resyncError, 're-reading the stream after a conflict failed; retrying');
      }
    }
  }

  private stored(prepared: PreparedAppend, head: bigint): void {
    this.target.headRevision = head;
    this.pending.splice(0, prepared.count);
    this.pendingBytes = this.pending.reduce((sum, entry) => sum + entry.update.byteLength, 0);
    this.prepared = null;
    this.failures = 0;
    this.deps.metrics.persistedEvents += prepared.events.length;
    if (prepared.snapshot) this.resetSnapshotCounters(0, 0);
    else {
      this.eventsSinceSnapshot += prepared.events.length;
      this.bytesSinceSnapshot += prepared.bytes;
    }
    this.target.storedThrough(prepared.stateVector);
    if (this.pending.length === 0) this.deps.pendingDocuments.mark(this, false);
    else if (this.timer === null) {
      // Normally what arrived during the append already has its window (from its enqueue).
      this.windowFrom = Date.now();
      this.scheduleWindow();
    }
  }

  private retryLater(error: unknown, message: string): void {
    this.failures++;
    this.deps.metrics.persistFailures++;
    const delay = Math.min(this.deps.config.maxRetryDelayMs, 100 * 2 ** this.failures);
    this.deps.logger.error(
      {
        err: error,
        vorlageId: this.target.vorlageId,
        pending: this.pending.length,
        failures: this.failures,
        retryInMs: delay,
      },
      message,
    );
    this.target.attemptFailed();
    this.schedule(delay);
  }

  /**
   * Takes every pending update and the document's text at the same instant (the hash names the
   * text the stored events result in). Synchronous, so no edit can slip in between.
   */
  private prepare(): PreparedAppend {
    const batch = this.pending.slice();
    const wantsSnapshot =
      this.eventsSinceSnapshot + 1 >= this.deps.config.snapshotEveryEvents ||
      this.bytesSinceSnapshot + this.pendingBytes >= this.deps.config.snapshotEveryBytes;
    const state = wantsSnapshot ? Y.encodeStateAsUpdate(this.target.ydoc) : null;
    const expected = this.target.headRevision;
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.target.ydoc));
    const fingerprint = fingerprintOfDoc(this.target.ydoc);
    const time = this.deps.now();
    const chunks = chunksPerAuthor(batch, this.deps.config.maxEventBytes - METADATA_HEADROOM_BYTES);
    const events = chunks.map((chunk) =>
      textUpdateEvent({
        id: this.deps.newId(),
        update: chunk.update,
        authors: [chunk.author],
        clientIds: chunk.clientIds,
        fingerprint,
        time,
      }),
    );
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.update.byteLength, 0);
    let snapshot = false;
    if (state !== null) {
      if (state.byteLength <= this.deps.config.maxEventBytes - METADATA_HEADROOM_BYTES) {
        events.push(
          textSnapshotEvent({
            id: this.deps.newId(),
            state,
            authors: uniqueAuthors(batch.map((entry) => entry.author)),
            fingerprint,
            coversRevision: expected + BigInt(chunks.length),
            time,
          }),
        );
        snapshot = true;
      } else {
        this.deps.logger.warn(
          { vorlageId: this.target.vorlageId, bytes: state.byteLength },
          'document state exceeds the event size limit; snapshot skipped',
        );
      }
    }
    return { events, count: batch.length, expected, bytes, snapshot, stateVector };
  }
}

function uniqueAuthors(authors: readonly TextAuthor[]): TextAuthor[] {
  const byKey = new Map<string, TextAuthor>();
  for (const author of authors) byKey.set(`${author.userId}\u0000${author.officeId}`, author);
  return [...byKey.values()];
}

interface Chunk {
  readonly update: Uint8Array;
  readonly author: TextAuthor;
  readonly clientIds: readonly number[];
}

/**
 * One event per author (so the history can say exactly who inserted and who deleted what), each
 * author's updates merged while the merged size stays under `limit`. Yjs updates commute, and all
 * chunks of a flush are appended together, so regrouping them by author changes no text.
 */
function chunksPerAuthor(batch: readonly PendingUpdate[], limit: number): Chunk[] {
  const byAuthor = new Map<string, PendingUpdate[]>();
  for (const entry of batch) {
    const key = `${entry.author.userId}\u0000${entry.author.officeId}`;
    const entries = byAuthor.get(key);
    if (entries) entries.push(entry);
    else byAuthor.set(key, [entry]);
  }
  return [...byAuthor.values()].flatMap((entries) => mergeInChunks(entries, limit));
}

/** Merges consecutive updates of one author while the merged size stays under `limit`. */
function mergeInChunks(entries: readonly PendingUpdate[], limit: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: PendingUpdate[] = [];
  let currentBytes = 0;
  const close = () => {
    if (current.length === 0) return;
    chunks.push({
      update:
        current.length === 1
          ? current[0]!.update
          : Y.mergeUpdates(current.map((entry) => entry.update)),
      author: current[0]!.author,
      clientIds: [...new Set(current.flatMap((entry) => entry.clientIds))].sort((a, b) => a - b),
    });
    current = [];
    currentBytes = 0;
  };
  for (const entry of entries) {
    if (currentBytes + entry.update.byteLength > limit) close();
    current.push(entry);
    currentBytes += entry.update.byteLength;
  }
  close();
  return chunks;
}
