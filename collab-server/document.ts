// One shared document in memory: its Y.Doc, awareness, connections, lock state (following the
// text stream's markers) and persistence. Broadcasts every applied update to the other
// connections and hands it to the persister with its author.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import { SECTION_KEYS } from '../domain/text/sections';
import type { TextAuthor } from '../domain/text/text-events';
import { textHashOfDoc } from '../editor/convert';
import { ensureSectionStructure } from '../editor/section-structure';
import { SYSTEM_ACTOR } from '../domain/shared/actor';
import type { CollabMetrics } from './metrics';
import { DocumentPersister, type PersistenceConfig } from './persistence';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from './protocol';
import { docFromLoadedText, type LoadedText, type MarkerKind, type TextStore } from './text-store';

/** What a document needs from a connection. */
export interface DocumentConnection {
  readonly author: TextAuthor;
  /** The token allows writing (`rw`); the document's lock may still forbid it. */
  readonly tokenAllowsWrite: boolean;
  /** Awareness client ids this connection controls (removed when it closes). */
  readonly awarenessIds: Set<number>;
  send(frame: Uint8Array): void;
}

/** The server's own awareness state tells clients whether editing is locked. */
export interface ServerAwarenessState {
  readonly collabServer: { readonly editingLocked: boolean };
}

export const ALLOWED_ROOTS: ReadonlySet<string> = new Set(SECTION_KEYS);

/** Who the stored placeholder paragraphs of empty sections are attributed to. */
const STRUCTURE_AUTHOR: TextAuthor = {
  userId: SYSTEM_ACTOR.userId,
  officeId: SYSTEM_ACTOR.officeId,
};
/** Transaction origin of the placeholders the server adds (see editor/section-structure.ts). */
const STRUCTURE_ORIGIN = Symbol('section structure');

export interface DocumentDeps {
  readonly store: TextStore;
  readonly persistence: PersistenceConfig;
  readonly metrics: CollabMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** The Yjs client ids whose items this transaction integrated (their clocks advanced). */
function integratedClientIds(transaction: Y.Transaction): number[] {
  const ids: number[] = [];
  for (const [clientId, clock] of transaction.afterState) {
    if (clock > (transaction.beforeState.get(clientId) ?? 0)) ids.push(clientId);
  }
  return ids;
}

export class CollabDocument {
  ydoc: Y.Doc;
  /** Bound to its own tiny doc, so it survives a reload of the content doc. */
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<DocumentConnection>();
  locked: boolean;
  headRevision: bigint;
  readonly persister: DocumentPersister;
  private destroyed = false;

  constructor(
    readonly vorlageId: string,
    loaded: LoadedText,
    private readonly deps: DocumentDeps,
  ) {
    this.ydoc = this.adoptDoc(docFromLoadedText(loaded));
    this.locked = loaded.lock !== null;
    this.headRevision = loaded.headRevision;
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.on('update', this.onAwarenessUpdate);
    this.publishLockState();
    this.persister = new DocumentPersister(
      this,
      { ...deps, config: deps.persistence },
      {
        eventsSinceSnapshot: loaded.eventsSinceSnapshot,
        bytesSinceSnapshot: loaded.bytesSinceSnapshot,
      },
    );
    this.ensureStructure();
  }

  /**
   * Documents stored before placeholders existed get them now, before any client syncs, and they
   * are stored like an edit (so every replay of the stream holds what later edits build on).
   */
  private ensureStructure(): void {
    if (this.locked) return;
    ensureSectionStructure(this.ydoc, STRUCTURE_ORIGIN);
  }

  canWrite(connection: DocumentConnection): boolean {
    return connection.tokenAllowsWrite && !this.locked;
  }

  attach(connection: DocumentConnection): void {
    this.connections.add(connection);
    connection.send(encodeSyncStep1(this.ydoc));
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length > 0) connection.send(encodeAwareness(this.awareness, clients));
  }

  detach(connection: DocumentConnection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
    }
  }

  /** Applies a validated update from a connection that may write. */
  applyClientUpdate(connection: DocumentConnection, update: Uint8Array): void {
    Y.applyUpdate(this.ydoc, update, connection);
  }

  countDroppedReadOnly(): void {
    this.deps.metrics.droppedReadOnlyUpdates++;
  }

  /** The server's own entry and entries of other connections are not this connection's to change. */
  awarenessOwnedByOther(connection: DocumentConnection, clientId: number): boolean {
    if (clientId === this.awareness.clientID) return true;
    for (const other of this.connections) {
      if (other !== connection && other.awarenessIds.has(clientId)) return true;
    }
    return false;
  }

  /**
   * A lock takes effect at once; the store is then re-read in the persistence order. Markers at or
   * before the revision this document already holds were part of its load.
   */
  onMarker(kind: MarkerKind, revision: bigint): void {
    if (revision <= this.headRevision) return;
    this.deps.logger.info(
      { vorlageId: this.vorlageId, marker: kind, revision: revision.toString() },
      'text marker',
    );
    if (kind === 'locked' && !this.locked) {
      this.locked = true;
      this.publishLockState();
    }
    void this.persister.serialize(() => this.resync('marker'));
  }

  /** After the marker subscription failed: markers may have been missed, so ask the store. */
  resyncFromStore(): Promise<void> {
    return this.persister.serialize(() => this.resync('marker'));
  }

  resyncAfterConflict(): Promise<void> {
    return this.resync('conflict');
  }

  async flushAll(deadline: number): Promise<boolean> {
    return this.persister.flushAll(deadline);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.persister.destroy();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  /**
   * Re-reads the stream. Locked: pending edits are dropped and the document reloaded so it equals
   * the locked text. Unlocked after a conflict: another writer appended (a bug) — reload and ask
   * every client for what the server now lacks. Unlocked after a lock: ask clients to resend.
   */
  private async resync(reason: 'marker' | 'conflict'): Promise<void> {
    if (this.destroyed) return;
    const loaded = await this.deps.store.load(this.vorlageId);
    if (loaded === null) throw new Error(`Text stream of ${this.vorlageId} vanished`);
    const wasLocked = this.locked;
    if (loaded.lock !== null) {
      this.locked = true;
      if (this.persister.dropPending() > 0) this.deps.metrics.droppedLockedBatches++;
      this.reload(loaded);
      await this.checkLockedText(loaded);
      this.publishLockState();
      return;
    }
    if (reason === 'conflict') {
      this.deps.logger.error(
        {
          vorlageId: this.vorlageId,
          expected: this.headRevision.toString(),
          head: loaded.headRevision.toString(),
        },
        'text stream was appended to by another writer; reloading',
      );
      this.persister.dropPending();
      this.reload(loaded);
    } else {
      this.headRevision = loaded.headRevision;
    }
    this.locked = false;
    this.publishLockState();
    if (wasLocked || reason === 'conflict') this.requestClientState();
  }

  private reload(loaded: LoadedText): void {
    const previous = this.ydoc;
    this.ydoc = this.adoptDoc(docFromLoadedText(loaded));
    this.headRevision = loaded.headRevision;
    this.persister.resetSnapshotCounters(loaded.eventsSinceSnapshot, loaded.bytesSinceSnapshot);
    previous.destroy();
    this.ensureStructure();
  }

  private async checkLockedText(loaded: LoadedText): Promise<void> {
    const hash = await textHashOfDoc(this.ydoc);
    if (hash !== loaded.textHash) {
      this.deps.logger.warn(
        { vorlageId: this.vorlageId, stored: loaded.textHash, loaded: hash },
        'locked text hash differs from the hash in the stream',
      );
    }
  }

  /** Sync step 1 to every writer: their replies carry the edits the server does not hold. */
  private requestClientState(): void {
    const frame = encodeSyncStep1(this.ydoc);
    for (const connection of this.connections) {
      if (this.canWrite(connection)) connection.send(frame);
    }
  }

  private adoptDoc(doc: Y.Doc): Y.Doc {
    doc.on(
      'update',
      (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) =>
        this.onDocUpdate(doc, update, origin, transaction),
    );
    return doc;
  }

  private onDocUpdate(
    doc: Y.Doc,
    update: Uint8Array,
    origin: unknown,
    transaction: Y.Transaction,
  ): void {
    if (doc !== this.ydoc) return;
    const frame = encodeUpdate(update);
    for (const connection of this.connections) {
      if (connection !== origin) connection.send(frame);
    }
    const author = this.connections.has(origin as DocumentConnection)
      ? (origin as DocumentConnection).author
      : origin === STRUCTURE_ORIGIN
        ? STRUCTURE_AUTHOR
        : null;
    if (author) this.persister.enqueue(update, author, integratedClientIds(transaction));
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const source = this.connections.has(origin as DocumentConnection)
      ? (origin as DocumentConnection)
      : null;
    if (source) {
      for (const id of changes.added) source.awarenessIds.add(id);
      for (const id of changes.removed) source.awarenessIds.delete(id);
    }
    const frame = encodeAwareness(this.awareness, [
      ...changes.added,
      ...changes.updated,
      ...changes.removed,
    ]);
    for (const connection of this.connections) {
      if (connection !== source) connection.send(frame);
    }
  };

  private publishLockState(): void {
    const state: ServerAwarenessState = { collabServer: { editingLocked: this.locked } };
    this.awareness?.setLocalState(state);
  }
}
