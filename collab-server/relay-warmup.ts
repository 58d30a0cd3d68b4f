// Runs the relay thread's hot path before the server listens, so that V8 compiles it then and not
// while the first users type. The clients' sync after a start runs other code (state vectors,
// sync step 2); the typing path — a socket's frame, the Connection, validation, the update guard,
// applying, broadcasting to the other sockets, handing the update to persistence, the "stored"
// reports — was compiled in the first seconds of typing: with the persistence worker warmed up
// (persistence-warmup.ts), V8's helper threads still took ≈ 1.1 s of the two cores in the collab
// benchmark's first 8 s against ≈ 0.25 s later (issue 22, session 15), beside the keystrokes.
//
// A scratch CollabDocument (the class every document is) and, over loopback WebSockets of the same
// library and options as the server's, real Connections: writers' clients send their keystrokes
// as update frames, each takes a user's relay path and is handed to a persistence that packs it
// as the host does and drops it; now and then the document reports what counts as stored. The
// loopback server takes only its own clients (a random path) and is closed when done; nothing
// reaches the persistence worker or the store.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type { TextAuthor } from '../domain/text/text-events';
import { Connection, type ConnectionGrant } from './connection';
import { CollabDocument } from './document';
import { webSocketServerOptions, type CollabLimits } from './limits';
import { CollabMetrics } from './metrics';
import type { DocumentPersistence } from './persistence-host';
import { packUpdates, type UpdateItem } from './persistence-protocol';
import { decodeClientMessage, encodeUpdate } from './protocol';
import { ScratchWriters, scratchVorlageState } from './scratch-typing';
import type { TextStore } from './text-store';

export interface RelayWarmUpSummary {
  readonly keystrokes: number;
  /** Frames the scratch clients received (the others' keystrokes, sync, "stored" reports). */
  readonly framesReceived: number;
  /** The clients ended holding the text the scratch document holds. */
  readonly converged: boolean;
  readonly ms: number;
}

/** Writers of the scratch document, one connection each (as in a session of a few offices). */
const CONNECTIONS = 3;
/** Rounds of keystrokes between two hand-overs to persistence (the host bundles for ≤ 50 ms). */
const ROUNDS_PER_HANDOVER = 4;
/** Hand-overs between two "stored" reports (a flush window). */
const HANDOVERS_PER_REPORT = 3;
/** How long past the budget the last relayed frames may take to reach the clients. */
const SETTLE_MS = 500;

export async function warmUpRelay(options: {
  readonly budgetMs: number;
  readonly limits: CollabLimits;
  readonly logger: Logger;
}): Promise<RelayWarmUpSummary> {
  const startedAt = performance.now();
  const deadline = startedAt + options.budgetMs;
  const loopback = await Loopback.open(options.limits);
  const state = scratchVorlageState();
  const persistence = new DroppedPersistence();
  const metrics = noMetrics();
  const document = new CollabDocument(
    `warmup-${randomUUID()}`,
    { loaded: scratchLoadedText(state), editingOpen: true },
    { store: NO_STORE, persistence: { open: () => persistence }, metrics, logger: options.logger },
  );
  const writers = new ScratchWriters(state, CONNECTIONS);
  let keystrokes = 0;
  let converged = false;
  try {
    // One gets its "stored" reports in the server's awareness entry (older clients), the others
    // as binary frames.
    for (const [index, author] of writers.authors.entries()) {
      const grant = scratchGrant(document.vorlageId, author, index > 0);
      // The client applies what the server relays, as an editor does (so its next keystroke
      // depends only on what the server holds).
      const socket = await loopback.connect((update) => writers.receive(index, update));
      const deps = { limits: options.limits, metrics, logger: options.logger, nowMs: Date.now };
      new Connection(socket.server, grant, deps).ready(document);
    }
    for (let handovers = 1; performance.now() < deadline; handovers++) {
      let sent = 0;
      for (let round = 0; round < ROUNDS_PER_HANDOVER; round++) {
        for (const typed of writers.typeRound({ exchange: false })) {
          loopback.clients[typed.writer]!.send(encodeUpdate(typed.update));
          sent++;
        }
      }
      if (!(await persistence.received(sent, deadline))) break;
      keystrokes += sent;
      persistence.handOver();
      if (handovers % HANDOVERS_PER_REPORT === 0)
        document.storedThrough(Y.decodeStateVector(Y.encodeStateVector(document.ydoc)));
    }
    converged = await until(() => writers.allHold(document.ydoc), deadline + SETTLE_MS);
  } finally {
    await loopback.close();
    await document.destroy();
    writers.destroy();
  }
  return {
    keystrokes,
    framesReceived: loopback.framesReceived,
    converged,
    ms: Math.round(performance.now() - startedAt),
  };
}

/** Polls `done` once per event-loop turn until it holds (true) or `deadline` passes (false). */
async function until(done: () => boolean, deadline: number): Promise<boolean> {
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

/** The update of a relayed sync update frame; null for any other frame (sync step 1, reports). */
function relayedUpdate(frame: Uint8Array): Uint8Array | null {
  try {
    const message = decodeClientMessage(frame);
    return message.kind === 'update' ? message.update : null;
  } catch {
    return null;
  }
}

function scratchGrant(vorlageId: string, author: TextAuthor, binary: boolean): ConnectionGrant {
  return {
    vorlageId,
    userId: author.userId,
    officeId: author.officeId,
    name: author.userId,
    role: 'author',
    mode: 'rw',
    binaryStoredReports: binary,
  };
}

/** A WebSocket server on 127.0.0.1 for the warm-up's own clients, and those clients. */
class Loopback {
  readonly clients: WebSocket[] = [];
  framesReceived = 0;
  private readonly path = `/${randomUUID()}`;
  private readonly accepted: ((socket: WebSocket) => void)[] = [];

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (socket, request) => {
      // Only the warm-up's clients know the path.
      if (request.url !== this.path) return socket.terminate();
      this.accepted.shift()?.(socket);
    });
  }

  static async open(limits: CollabLimits): Promise<Loopback> {
    // The server's options, on a port of its own.
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      ...webSocketServerOptions(limits),
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return new Loopback(wss);
  }

  /** A client, handing the updates it receives to `onUpdate`, and the server's side of its socket. */
  async connect(onUpdate: (update: Uint8Array) => void): Promise<{ server: WebSocket }> {
    const { port } = this.wss.address() as AddressInfo;
    const server = new Promise<WebSocket>((resolve) => this.accepted.push(resolve));
    const client = new WebSocket(`ws://127.0.0.1:${port}${this.path}`, {
      perMessageDeflate: false,
    });
    client.binaryType = 'nodebuffer';
    client.on('message', (data: Buffer) => {
      this.framesReceived++;
      const update = relayedUpdate(data);
      if (update) onUpdate(update);
    });
    await new Promise<void>((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    this.clients.push(client);
    return { server: await server };
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

class DroppedPersistence implements DocumentPersistence {
  private batch: { update: Uint8Array; item: Omit<UpdateItem, 'start' | 'end'> }[] = [];
  private seq = 0;
  readonly oldestPendingAt = null;
  readonly failing = false;

  get pendingCount(): number {
    return this.batch.length;
  }

  private waiting: { readonly count: number; readonly resolve: (arrived: boolean) => void } | null =
    null;

  enqueue(update: Uint8Array, author: TextAuthor, clientIds: readonly number[]): void {
    this.batch.push({ update, item: { doc: 0, seq: ++this.seq, author, clientIds } });
    if (this.waiting && this.batch.length >= this.waiting.count) {
      this.waiting.resolve(true);
      this.waiting = null;
    }
  }

  /**
   * Resolves with true once `count` updates arrived since the last hand-over, with false at
   * `deadline` (performance.now()) if they did not (e.g. a refused update closed a connection).
   */
  received(count: number, deadline: number): Promise<boolean> {
    if (this.batch.length >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiting = null;
          resolve(false);
        },
        Math.max(0, deadline - performance.now()),
      );
      this.waiting = {
        count,
        resolve: (arrived) => {
          clearTimeout(timer);
          resolve(arrived);
        },
      };
    });
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
