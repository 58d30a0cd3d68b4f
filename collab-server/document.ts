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
import { encodeStoredReport } from '../editor/stored-report';
import { SERVER_AWARENESS_KEY, type ServerAwarenessState } from '../editor/server-awareness';
import { SYSTEM_ACTOR } from '../domain/shared/actor';
import type { CollabMetrics } from './metrics';
import type { DocumentPersistence, PersistenceHost } from './persistence-host';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from './protocol';
import { sectionFragment } from '../editor/convert';
import { integratedClientIds } from './replay';
import { UpdateGuard } from './update-guard';
import { renewOnOwnPhase } from '../editor/awareness-renewal';
import { decideProposalInDoc, type ProposalDecision } from '../editor/proposal-decisions';
import { docFromLoadedText, type LoadedText, type MarkerKind, type TextStore } from './text-store';

/** What a document needs from a connection. */
export interface DocumentConnection {
  readonly author: TextAuthor;
  /** The token allows writing (`rw`) and no rights change revoked it; the lock may still forbid it. */
  readonly tokenAllowsWrite: boolean;
  /** Awareness client ids this connection controls (removed when it closes). */
  readonly awarenessIds: Set<number>;
  /**
   * Yjs client ids this connection gets stored-through reports for: those whose edits arrived
   * through it, and its own awareness id (see reportStoredOnArrival).
   */
  readonly editingClientIds: Set<number>;
  /** Signers: may add and withdraw their own proposals, never change the accepted text (D-143). */
  readonly proposeOnly: boolean;
  /** Stored reports go to it as binary frames, not in the server's awareness entry. */
  readonly binaryStoredReports: boolean;
  send(frame: Uint8Array): void;
}

export const ALLOWED_ROOTS: ReadonlySet<string> = new Set(SECTION_KEYS);

/** Who the stored placeholder paragraphs of empty sections are attributed to. */
const STRUCTURE_AUTHOR: TextAuthor = {
  userId: SYSTEM_ACTOR.userId,
  officeId: SYSTEM_ACTOR.officeId,
};
/** Transaction origin of the placeholders the server adds (see editor/section-structure.ts). */
const STRUCTURE_ORIGIN = Symbol('section structure');

/** Transaction origin of a recorded proposal decision the server applies (D-146). */
class DecisionOrigin {
  constructor(readonly author: TextAuthor) {}
}

export interface DocumentDeps {
  /** Re-reads after a marker or a conflict. */
  readonly store: TextStore;
  /** Stores the document's updates (in a worker thread). */
  readonly persistence: Pick<PersistenceHost, 'open'>;
  readonly metrics: CollabMetrics;
  readonly logger: Logger;
}

export interface DocumentState {
  readonly loaded: LoadedText;
  /** The Vorlage's lifecycle admits editing (false once withdrawn, submitted, decided, …). */
  readonly editingOpen: boolean;
}

export class CollabDocument {
  ydoc: Y.Doc;
  /** Bound to its own tiny doc, so it survives a reload of the content doc. */
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<DocumentConnection>();
  locked: boolean;
  /** The lifecycle ended editing (withdrawn, submitted, decided, published); see setEditingOpen. */
  private editingClosed: boolean;
  /** Writers were shut out since the last re-read: on reopening they are asked for their edits. */
  private frozenSinceResync: boolean;
  /** Last published durability (see refreshSaveState). */
  private unsaved = false;
  /** Client id → clock up to which the store holds that client's edits. */
  private storedState: ReadonlyMap<number, number> = new Map();
  headRevision: bigint;
  readonly persister: DocumentPersistence;
  /** While set, the server's awareness entry goes only to these connections (see storedThrough). */
  private reportRecipients: readonly DocumentConnection[] | null = null;
  private readonly guard: UpdateGuard;
  /** Stops renewing the server's awareness entry (see awareness-renewal.ts). */
  private readonly stopRenewal: () => void;
  private destroyed = false;

  constructor(
    readonly vorlageId: string,
    { loaded, editingOpen }: DocumentState,
    private readonly deps: DocumentDeps,
  ) {
    this.ydoc = this.adoptDoc(docFromLoadedText(loaded));
    this.locked = loaded.lock !== null;
    this.editingClosed = !editingOpen;
    this.frozenSinceResync = this.frozen;
    this.storedState = Y.decodeStateVector(Y.encodeStateVector(this.ydoc));
    this.headRevision = loaded.headRevision;
    this.guard = new UpdateGuard(() => this.ydoc);
    this.persister = deps.persistence.open(this, this.ydoc, {
      headRevision: loaded.headRevision,
      eventsSinceSnapshot: loaded.eventsSinceSnapshot,
      bytesSinceSnapshot: loaded.bytesSinceSnapshot,
      frozen: this.frozen,
    });
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.on('update', this.onAwarenessUpdate);
    this.publishLockState();
    this.stopRenewal = renewOnOwnPhase(this.awareness);
    this.ensureStructure();
  }

  /**
   * Documents stored before placeholders existed get them now, before any client syncs, and they
   * are stored like an edit (so every replay of the stream holds what later edits build on).
   */
  private ensureStructure(): void {
    if (this.frozen) return;
    ensureSectionStructure(this.ydoc, STRUCTURE_ORIGIN);
  }

  /** Nobody may write: the text stream is locked, or the lifecycle ended editing. */
  get frozen(): boolean {
    return this.locked || this.editingClosed;
  }

  canWrite(connection: DocumentConnection): boolean {
    return connection.tokenAllowsWrite && !this.frozen;
  }

  /**
   * Follows the Vorlage's lifecycle. Closing works like a lock: at once, unstored edits are
   * dropped and the text re-read, so the stored text stays what it was when editing ended.
   */
  setEditingOpen(open: boolean): void {
    if (open === !this.editingClosed) return;
    this.editingClosed = !open;
    if (!open) this.frozenSinceResync = true;
    this.deps.logger.info({ vorlageId: this.vorlageId, editingOpen: open }, 'lifecycle changed');
    this.publishLockState();
    void this.resyncUntilDone();
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

  /**
   * Applies an update from a connection that may write, after the guard admitted it (a keystroke
   * read from its structs, anything else checked on a scratch copy); throws InvalidUpdateError /
   * IncompleteUpdateError / ProposalRightsError and changes nothing otherwise.
   */
  applyClientUpdate(connection: DocumentConnection, update: Uint8Array): void {
    this.guard.admit(update, {
      author: connection.author,
      proposeOnly: connection.proposeOnly,
    });
    try {
      Y.applyUpdate(this.ydoc, update, connection);
    } catch (error) {
      // The guard admitted it, so this cannot happen; if it does, the shadow must not drift apart.
      this.guard.reset();
      throw error;
    }
  }

  /**
   * D-146: applies a recorded decision on a change proposal to the text, as an edit of the
   * decider (stored and relayed like any edit). Returns whether the text held the proposal.
   */
  applyProposalDecision(
    proposalId: string,
    decision: ProposalDecision,
    decidedBy: TextAuthor,
  ): boolean {
    if (this.frozen) return false;
    const applied = decideProposalInDoc(
      this.ydoc,
      proposalId,
      decision,
      new DecisionOrigin(decidedBy),
    );
    // The shadow did not see this edit: copy the document again.
    if (applied) this.guard.reset();
    if (applied)
      this.deps.logger.info(
        { vorlageId: this.vorlageId, proposalId, decision },
        'proposal applied',
      );
    return applied;
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
      this.frozenSinceResync = true;
      this.publishLockState();
    }
    void this.resyncUntilDone();
  }

  /** After the marker subscription failed: markers may have been missed, so ask the store. */
  resyncFromStore(): Promise<void> {
    return this.resyncUntilDone();
  }

  /**
   * Called by the persister after an append: tells the clients how far their edits are stored.
   * Only the connections whose own edits this append stored get the report (the others' entries
   * did not change, and a later report with a higher clock replaces what they hold).
   */
  storedThrough(stateVector: ReadonlyMap<number, number>): void {
    const previous = this.storedState;
    this.storedState = stateVector;
    const viaAwareness: DocumentConnection[] = [];
    for (const connection of this.connections) {
      if (!storedMore(connection, previous, stateVector)) continue;
      if (connection.binaryStoredReports) {
        const clocks = [...connection.editingClientIds].map(
          (id) => [id, stateVector.get(id) ?? 0] as const,
        );
        connection.send(encodeStoredReport(clocks));
      } else viaAwareness.push(connection);
    }
    if (viaAwareness.length > 0) this.publishLockStateTo(viaAwareness);
  }

  /** Tells the clients when the edits it holds stop (or start again) being durable. */
  refreshSaveState(nowMs: number): void {
    const unsaved = this.persister.unsaved(nowMs);
    if (unsaved === this.unsaved) return;
    this.unsaved = unsaved;
    this.deps.logger.info({ vorlageId: this.vorlageId, unsaved }, 'durability of edits changed');
    this.publishLockState();
  }

  resyncAfterConflict(): Promise<void> {
    return this.resync('conflict');
  }

  /** A failed re-read (store unavailable) is retried; the document must not miss a marker. */
  private resyncUntilDone(attempt = 0): Promise<void> {
    // The re-read starts now, while the persistence worker finishes what it is appending: a lock
    // must reach the text without waiting for the round trip to the worker.
    const early = this.deps.store.load(this.vorlageId);
    early.catch(() => undefined);
    return this.persister.serialize(async () => {
      try {
        await this.resync('marker', early);
      } catch (error) {
        if (this.destroyed) return;
        const delay = Math.min(5000, 200 * 2 ** attempt);
        this.deps.logger.error(
          { err: error, vorlageId: this.vorlageId, retryInMs: delay },
          're-reading the text stream failed; retrying',
        );
        setTimeout(() => void this.resyncUntilDone(attempt + 1), delay).unref();
      }
    });
  }

  async flushAll(deadline: number): Promise<boolean> {
    return this.persister.flushAll(deadline);
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.persister.destroy();
    this.guard.destroy();
    this.stopRenewal();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  /**
   * Re-reads the stream. Locked: pending edits are dropped and the document reloaded so it equals
   * the locked text. Unlocked after a conflict: another writer appended (a bug) — reload and ask
   * every client for what the server now lacks. Unlocked after a lock: ask clients to resend.
   */
  private async resync(
    reason: 'marker' | 'conflict',
    early?: Promise<LoadedText | null>,
  ): Promise<void> {
    if (this.destroyed) return;
    let loaded = await (early ?? this.deps.store.load(this.vorlageId));
    // An append of ours acknowledged after the early read began: read again to include it.
    if (loaded !== null && loaded.headRevision < this.headRevision)
      loaded = await this.deps.store.load(this.vorlageId);
    if (loaded === null) throw new Error(`Text stream of ${this.vorlageId} vanished`);
    if (loaded.lock !== null || this.editingClosed) {
      this.locked = loaded.lock !== null;
      this.frozenSinceResync = true;
      if (this.persister.dropPending() > 0) this.deps.metrics.droppedLockedBatches++;
      this.reload(loaded);
      if (this.locked) await this.checkLockedText(loaded);
      this.publishLockState();
      return;
    }
    const wasLocked = this.frozenSinceResync;
    this.frozenSinceResync = false;
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
      this.persister.headRevisionChanged(loaded.headRevision);
    }
    this.locked = false;
    this.publishLockState();
    if (wasLocked || reason === 'conflict') this.requestClientState();
  }

  private reload(loaded: LoadedText): void {
    const previous = this.ydoc;
    this.ydoc = this.adoptDoc(docFromLoadedText(loaded));
    this.headRevision = loaded.headRevision;
    this.storedState = Y.decodeStateVector(Y.encodeStateVector(this.ydoc));
    this.persister.reloaded(this.ydoc, {
      headRevision: loaded.headRevision,
      eventsSinceSnapshot: loaded.eventsSinceSnapshot,
      bytesSinceSnapshot: loaded.bytesSinceSnapshot,
    });
    this.guard.reset();
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
    // Every section is an XmlFragment from the start, whatever an update claims.
    for (const key of SECTION_KEYS) sectionFragment(doc, key);
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
    const clientIds = integratedClientIds(transaction);
    if (this.connections.has(origin as DocumentConnection)) {
      const source = origin as DocumentConnection;
      for (const client of clientIds) source.editingClientIds.add(client);
      this.persister.enqueue(update, source.author, clientIds);
    } else if (origin === STRUCTURE_ORIGIN) {
      this.persister.enqueue(update, STRUCTURE_AUTHOR, clientIds);
    } else if (origin instanceof DecisionOrigin) {
      this.persister.enqueue(update, origin.author, clientIds);
    }
  }

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const source = this.connections.has(origin as DocumentConnection)
      ? (origin as DocumentConnection)
      : null;
    if (source) {
      // Updated too: a client back after a reconnect finds its entry's meta still here, so its
      // entry comes back as an update (Connection.receiveAwareness let only unowned ids through).
      for (const id of [...changes.added, ...changes.updated]) source.awarenessIds.add(id);
      for (const id of changes.removed) source.awarenessIds.delete(id);
    }
    const frame = encodeAwareness(this.awareness, [
      ...changes.added,
      ...changes.updated,
      ...changes.removed,
    ]);
    for (const connection of this.reportRecipients ?? this.connections) {
      if (connection !== source) connection.send(frame);
    }
  };

  /**
   * A client that comes back after its edits were stored while it was away (the report went with
   * the old connection) has nothing the server lacks, edits nothing through the new connection,
   * and so would hear of no append: it said "wird gespeichert" until its next edit. Its awareness
   * id is its Yjs client id (y-websocket's providers), so when the connection publishes that id
   * (Connection.receiveAwareness), the clock the store holds for it is reported, and later appends
   * report it too. (The clock is no secret: every reader's sync carries the state vector.)
   */
  reportStoredOnArrival(connection: DocumentConnection, clientId: number): void {
    if (connection.editingClientIds.has(clientId)) return;
    // Kept even while the store holds nothing of it: an append in flight reports it later.
    connection.editingClientIds.add(clientId);
    const clock = this.storedState.get(clientId) ?? 0;
    if (clock === 0) return;
    if (connection.binaryStoredReports) connection.send(encodeStoredReport([[clientId, clock]]));
    else this.publishLockStateTo([connection]);
  }

  /** Publishes the server's entry to `recipients` only (a report that concerns only them). */
  private publishLockStateTo(recipients: readonly DocumentConnection[]): void {
    this.reportRecipients = recipients;
    try {
      this.publishLockState();
    } finally {
      this.reportRecipients = null;
    }
  }

  private publishLockState(): void {
    this.persister.frozenChanged(this.frozen);
    // Only the connected clients' entries: the state vector of a long-lived text has many ids.
    const stored: Record<string, number> = {};
    for (const connection of this.connections ?? []) {
      for (const id of connection.editingClientIds) stored[id] = this.storedState.get(id) ?? 0;
    }
    const state: ServerAwarenessState = {
      [SERVER_AWARENESS_KEY]: { editingLocked: this.frozen, unsaved: this.unsaved, stored },
    };
    this.awareness?.setLocalState(state);
  }
}

/** Edits that came through `connection` are stored further than the last report said. */
function storedMore(
  connection: DocumentConnection,
  previous: ReadonlyMap<number, number>,
  now: ReadonlyMap<number, number>,
): boolean {
  for (const id of connection.editingClientIds) {
    if ((now.get(id) ?? 0) !== (previous.get(id) ?? 0)) return true;
  }
  return false;
}
