// The persistence worker's replica of one loaded document: the updates the relay thread applied,
// applied again here, and the DocumentPersister that stores them. What replicas share (the store,
// the counters, where reports go) is their context: the worker's live one (persistence-worker.ts)
// or the warm-up's scratch one (persistence-warmup.ts).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import {
  DocumentPersister,
  type PendingDocuments,
  type PersistenceConfig,
  type PersistenceCounters,
  type PersistenceTarget,
} from './persistence';
import type { DocumentReport, ReplicaState, UpdateItem } from './persistence-protocol';
import type { TextStore } from './text-store';

export interface ReplicaContext {
  readonly store: Pick<TextStore, 'append'>;
  readonly config: PersistenceConfig;
  readonly counters: PersistenceCounters;
  /** The load the flush windows adapt to: this context's documents with pending edits. */
  readonly pendingDocuments: PendingDocuments;
  readonly logger: Logger;
  /** A document's persistence state changed; `stored` is null when nothing new was stored. */
  report(report: DocumentReport): void;
  /** The append met another writer: the relay thread re-reads the stream and decides. */
  resyncAfterConflict(doc: number): Promise<void>;
}

export class Replica implements PersistenceTarget {
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
    private readonly context: ReplicaContext,
  ) {
    this.doc_ = replicaDoc(initial.state);
    this.headRevision = initial.headRevision;
    this.frozen = initial.frozen;
    this.persister = new DocumentPersister(
      this,
      {
        store: context.store,
        config: context.config,
        metrics: context.counters,
        pendingDocuments: context.pendingDocuments,
        logger: context.logger,
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

  resyncAfterConflict(): Promise<void> {
    return this.context.resyncAfterConflict(this.doc);
  }

  storedThrough(stateVector: ReadonlyMap<number, number>): void {
    this.report(stateVector);
  }

  attemptFailed(): void {
    this.report(null);
  }

  report(stored: ReadonlyMap<number, number> | null): void {
    this.context.report({
      doc: this.doc,
      resolvedThrough: this.receivedThrough - this.persister.pendingCount,
      failing: this.persister.failing,
      headRevision: this.headRevision,
      stored,
    });
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
          this.context.logger.error(
            { err: error, vorlageId: this.vorlageId },
            'replica could not apply update',
          );
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

/** Hands the updates of one `updates` message (bytes [start, end) of `buffer`) to their replicas. */
export function receiveUpdates(
  replicas: ReadonlyMap<number, Replica>,
  buffer: ArrayBuffer,
  items: readonly UpdateItem[],
): void {
  for (const item of items) {
    const replica = replicas.get(item.doc);
    if (!replica) continue;
    const update = new Uint8Array(buffer, item.start, item.end - item.start);
    replica.receivedThrough = item.seq;
    replica.receive(update);
    replica.persister.enqueue(update, item.author, item.clientIds);
  }
}
