// Runs the relay thread's hot path before the server listens, so that V8 compiles it then and not
// while the first users type. The clients' sync after a start runs other code (state vectors,
// sync step 2); the typing path — decoding a frame, validating it, the update guard, applying,
// broadcasting, handing the update to persistence, the "stored" reports — was compiled in the
// first seconds of typing: with the persistence worker warmed up (persistence-warmup.ts), V8's
// helper threads still took ≈ 1.1 s of the two cores in the collab benchmark's first 8 s against
// ≈ 0.25 s later (issue 22, session 15), beside the keystrokes.
//
// A scratch CollabDocument (the class every document is) with silent connections: writers type,
// each keystroke takes the steps Connection.receiveUpdate takes, the document broadcasts it to the
// other connections and hands it to a persistence that packs it as the host does and drops it; now
// and then the document reports what counts as stored. Synchronous and bounded; nothing reaches a
// socket, the persistence worker or the store.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { TextAuthor } from '../domain/text/text-events';
import { ALLOWED_ROOTS, CollabDocument, type DocumentConnection } from './document';
import { CollabMetrics } from './metrics';
import type { DocumentPersistence } from './persistence-host';
import { packUpdates, type UpdateItem } from './persistence-protocol';
import { decodeClientMessage, encodeUpdate, validateUpdate } from './protocol';
import { ScratchWriters, scratchVorlageState } from './scratch-typing';
import type { TextStore } from './text-store';

export interface RelayWarmUpSummary {
  readonly keystrokes: number;
  /** Frames the document sent to its (silent) connections. */
  readonly frames: number;
  readonly ms: number;
}

/** Writers of the scratch document, one connection each (as in a session of a few offices). */
const CONNECTIONS = 3;
/** Keystroke rounds between two hand-overs to persistence (the host bundles for ≤ 50 ms). */
const ROUNDS_PER_HANDOVER = 4;
/** Hand-overs between two "stored" reports (a flush window). */
const HANDOVERS_PER_REPORT = 3;

export async function warmUpRelay(options: {
  readonly budgetMs: number;
  readonly logger: Logger;
}): Promise<RelayWarmUpSummary> {
  const startedAt = performance.now();
  const deadline = startedAt + options.budgetMs;
  const state = scratchVorlageState();
  const persistence = new DroppedPersistence();
  const document = new CollabDocument(
    `warmup-${randomUUID()}`,
    { loaded: scratchLoadedText(state), editingOpen: true },
    {
      store: NO_STORE,
      persistence: { open: () => persistence },
      metrics: noMetrics(),
      logger: options.logger,
    },
  );
  const writers = new ScratchWriters(state, CONNECTIONS);
  // One gets its "stored" reports in the server's awareness entry (older clients), the others as
  // binary frames.
  const connections = writers.authors.map(
    (author, index) => new SilentConnection(author, index > 0),
  );
  let keystrokes = 0;
  try {
    connections.forEach((connection) => document.attach(connection));
    for (let handovers = 1; performance.now() < deadline; handovers++) {
      for (let round = 0; round < ROUNDS_PER_HANDOVER; round++) {
        for (const typed of writers.typeRound()) {
          receiveKeystroke(document, connections[typed.writer]!, typed.update);
          keystrokes++;
        }
      }
      persistence.handOver();
      if (handovers % HANDOVERS_PER_REPORT === 0)
        document.storedThrough(Y.decodeStateVector(Y.encodeStateVector(document.ydoc)));
    }
  } finally {
    await document.destroy();
    writers.destroy();
  }
  return {
    keystrokes,
    frames: connections.reduce((sum, connection) => sum + connection.frames, 0),
    ms: Math.round(performance.now() - startedAt),
  };
}

/** What Connection.receiveUpdate does with a client's update frame. */
function receiveKeystroke(
  document: CollabDocument,
  connection: SilentConnection,
  update: Uint8Array,
): void {
  const message = decodeClientMessage(encodeUpdate(update));
  if (message.kind !== 'update') throw new Error(`warm-up: decoded ${message.kind}`);
  validateUpdate(message.update, ALLOWED_ROOTS);
  document.applyClientUpdate(connection, message.update);
}

class SilentConnection implements DocumentConnection {
  readonly tokenAllowsWrite = true;
  readonly awarenessIds = new Set<number>();
  readonly editingClientIds = new Set<number>();
  readonly proposeOnly = false;
  frames = 0;

  constructor(
    readonly author: TextAuthor,
    readonly binaryStoredReports: boolean,
  ) {}

  send(): void {
    this.frames++;
  }
}

/** Packs what it is given as the persistence host does for the worker, then drops it. */
class DroppedPersistence implements DocumentPersistence {
  private batch: { update: Uint8Array; item: Omit<UpdateItem, 'start' | 'end'> }[] = [];
  private seq = 0;
  readonly oldestPendingAt = null;
  readonly failing = false;

  get pendingCount(): number {
    return this.batch.length;
  }

  enqueue(update: Uint8Array, author: TextAuthor, clientIds: readonly number[]): void {
    this.batch.push({ update, item: { doc: 0, seq: ++this.seq, author, clientIds } });
  }

  handOver(): void {
    packUpdates(this.batch);
    this.batch = [];
  }

  unsaved(): boolean {
    return false;
  }

  dropPending(): number {
    const dropped = this.batch.length;
    this.batch = [];
    return dropped;
  }

  reloaded(): void {}
  headRevisionChanged(): void {}
  frozenChanged(): void {}
  serialize(task: () => Promise<void>): Promise<void> {
    return task();
  }
  flushAll(): Promise<boolean> {
    return Promise.resolve(true);
  }
  destroy(): void {
    this.batch = [];
  }
}

/** The scratch document is never re-read: a lock marker or conflict cannot reach it. */
const NO_STORE: TextStore = {
  load: () => Promise.reject(new Error('the relay warm-up reads no store')),
  append: () => Promise.reject(new Error('the relay warm-up writes no store')),
  watchMarkers: () => () => Promise.resolve(),
};

function scratchLoadedText(state: Uint8Array) {
  return {
    updates: [state],
    headRevision: 0n,
    lock: null,
    textHash: '',
    eventsSinceSnapshot: 0,
    bytesSinceSnapshot: 0,
  };
}

function noMetrics(): CollabMetrics {
  return new CollabMetrics(
    {
      connections: () => 0,
      loadedDocuments: () => 0,
      pendingUpdates: () => 0,
      unsavedDocuments: () => 0,
      failingDocuments: () => 0,
      oldestPendingAt: () => null,
      persistenceWorkerUp: () => false,
    },
    Date.now,
  );
}
