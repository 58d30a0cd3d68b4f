// Loaded documents: loads each once (concurrent connections share the load), keeps it while
// connections exist, flushes and unloads it after a grace period without connections.
import type { Logger } from 'pino';
import type { RecordedDecision } from './live-rights';
import { CollabDocument, type DocumentDeps } from './document';

export class UnknownDocumentError extends Error {
  constructor(readonly vorlageId: string) {
    super(`No text stream for Vorlage ${vorlageId}`);
    this.name = 'UnknownDocumentError';
  }
}

export class DocumentRegistry {
  private readonly documents = new Map<string, CollabDocument>();
  private readonly loading = new Map<string, Promise<CollabDocument>>();
  /**
   * D-146: decisions that arrived while their document was loading. The load read the recorded
   * decisions at its start; one recorded after that read but handled before the document is
   * registered would otherwise reach the text only on the next load.
   */
  private readonly decidedWhileLoading = new Map<string, RecordedDecision[]>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: DocumentDeps & {
      readonly unloadGraceMs: number;
      readonly flushTimeoutMs: number;
      /** The Vorlage's lifecycle admits editing; without it, editing is open. */
      readonly editingOpen?: (vorlageId: string) => Promise<boolean>;
      /** D-146: recorded proposal decisions; those the loaded text still lacks are applied. */
      readonly decidedProposals?: (vorlageId: string) => Promise<readonly RecordedDecision[]>;
    },
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.documents.size;
  }

  get(vorlageId: string): CollabDocument | undefined {
    return this.documents.get(vorlageId);
  }

  all(): IterableIterator<CollabDocument> {
    return this.documents.values();
  }

  /** The loaded document; throws UnknownDocumentError for an empty stream, or the load error. */
  async acquire(vorlageId: string): Promise<CollabDocument> {
    this.cancelUnload(vorlageId);
    const loaded = this.documents.get(vorlageId);
    if (loaded) return loaded;
    const inFlight = this.loading.get(vorlageId);
    if (inFlight) return inFlight;
    this.decidedWhileLoading.set(vorlageId, []);
    const load = this.load(vorlageId).finally(() => {
      this.loading.delete(vorlageId);
      this.decidedWhileLoading.delete(vorlageId);
    });
    this.loading.set(vorlageId, load);
    return load;
  }

  /**
   * D-146: a recorded decision, from the subscription: applied to the loaded document, kept for
   * the document being loaded (applied once it is registered), ignored otherwise (the next load
   * reads it with the recorded decisions).
   */
  proposalDecided(vorlageId: string, decided: RecordedDecision): void {
    const document = this.documents.get(vorlageId);
    if (document) {
      document.applyProposalDecision(decided.proposalId, decided.decision, decided.decidedBy);
      return;
    }
    this.decidedWhileLoading.get(vorlageId)?.push(decided);
  }

  /** Called when a connection left; starts the grace period when none remain. */
  released(document: CollabDocument): void {
    if (document.connections.size > 0 || this.documents.get(document.vorlageId) !== document)
      return;
    this.cancelUnload(document.vorlageId);
    const timer = setTimeout(() => void this.unload(document), this.deps.unloadGraceMs);
    this.unloadTimers.set(document.vorlageId, timer);
  }

  /** Flushes every document (shutdown); true when everything reached the store. */
  async flushAll(): Promise<boolean> {
    const deadline = Date.now() + this.deps.flushTimeoutMs;
    const results = await Promise.all(
      [...this.documents.values()].map((document) => document.flushAll(deadline)),
    );
    return results.every(Boolean);
  }

  async destroyAll(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const documents = [...this.documents.values()];
    this.documents.clear();
    await Promise.all(documents.map((document) => document.destroy()));
  }

  private async load(vorlageId: string): Promise<CollabDocument> {
    const [loaded, editingOpen, decided] = await Promise.all([
      this.deps.store.load(vorlageId),
      this.deps.editingOpen?.(vorlageId) ?? true,
      this.deps.decidedProposals?.(vorlageId) ?? [],
    ]);
    if (loaded === null) throw new UnknownDocumentError(vorlageId);
    const document = new CollabDocument(vorlageId, { loaded, editingOpen }, this.deps);
    this.documents.set(vorlageId, document);
    // A decision recorded while no server held the text, or while this load ran, reaches it now
    // (applying one twice is a no-op). Registered first: from here on the subscription applies.
    for (const { proposalId, decision, decidedBy } of [
      ...decided,
      ...(this.decidedWhileLoading.get(vorlageId) ?? []),
    ])
      document.applyProposalDecision(proposalId, decision, decidedBy);
    this.logger.info(
      {
        vorlageId,
        headRevision: loaded.headRevision.toString(),
        events: loaded.updates.length,
        locked: loaded.lock !== null,
      },
      'document loaded',
    );
    return document;
  }

  private cancelUnload(vorlageId: string): void {
    const timer = this.unloadTimers.get(vorlageId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(vorlageId);
  }

  private async unload(document: CollabDocument): Promise<void> {
    this.unloadTimers.delete(document.vorlageId);
    const stored = await document.flushAll(Date.now() + this.deps.flushTimeoutMs);
    if (document.connections.size > 0 || this.documents.get(document.vorlageId) !== document)
      return;
    if (!stored) {
      // Never unload unstored edits; try again after another grace period.
      this.logger.warn({ vorlageId: document.vorlageId }, 'unload postponed: edits not yet stored');
      this.released(document);
      return;
    }
    this.documents.delete(document.vorlageId);
    await document.destroy();
    this.logger.info({ vorlageId: document.vorlageId }, 'document unloaded');
  }
}
