// The messages between the relay thread and the persistence worker (persistence-worker.ts), and
// the outbox both sides send them through. Order matters and is kept: one MessagePort is FIFO, and
// an outbox sends what it batched before any other message.
import type { EventToAppend } from '../domain/application/event-store-port';
import type { TextAuthor } from '../domain/text/text-events';
import type { PersistenceConfig } from './persistence';
import type { WarmUpSummary } from './persistence-warmup';

export interface PersistenceWorkerData {
  readonly config: PersistenceConfig;
  /** The worker appends through its own event-store client; null: appends are forwarded. */
  readonly connectionString: string | null;
  readonly logLevel: string;
  /** The worker thread's nice value (0: the process's priority; see persistence-worker.ts). */
  readonly nice: number;
  /** How long the worker warms up before it reports ready (0: not; see persistence-warmup.ts). */
  readonly warmUpMs: number;
}

/** One applied update inside an `updates` message: bytes [start, end) of its buffer. */
export interface UpdateItem {
  readonly doc: number;
  /** Per document 1, 2, 3, …: what the worker's reports count as resolved. */
  readonly seq: number;
  readonly author: TextAuthor;
  readonly clientIds: readonly number[];
  readonly start: number;
  readonly end: number;
}

/** A document's persistence state; `doc` numbers one loaded instance (a reload gets a new one). */
export interface DocumentReport {
  readonly doc: number;
  /** Updates up to this seq are stored or were dropped (a re-read). */
  readonly resolvedThrough: number;
  readonly failing: boolean;
  readonly headRevision: bigint;
  /** Present after an append: everything up to this state vector is in the store now. */
  readonly stored: ReadonlyMap<number, number> | null;
}

export interface ReplicaState {
  /** The document's whole state (Y.encodeStateAsUpdate). */
  readonly state: Uint8Array;
  readonly headRevision: bigint;
  readonly eventsSinceSnapshot: number;
  readonly bytesSinceSnapshot: number;
}

export type ToWorker =
  | ({ readonly kind: 'open'; readonly doc: number; readonly vorlageId: string } & ReplicaState & {
        readonly frozen: boolean;
      })
  | { readonly kind: 'updates'; readonly buffer: ArrayBuffer; readonly items: UpdateItem[] }
  | ({ readonly kind: 'replace'; readonly doc: number } & ReplicaState)
  | { readonly kind: 'head'; readonly doc: number; readonly headRevision: bigint }
  | { readonly kind: 'frozen'; readonly doc: number; readonly frozen: boolean }
  | { readonly kind: 'drop'; readonly doc: number }
  /** Hold the document's persistence chain (no append runs) until `release`. */
  | { readonly kind: 'hold'; readonly doc: number; readonly request: number }
  | { readonly kind: 'release'; readonly request: number }
  | {
      readonly kind: 'flushAll';
      readonly doc: number;
      readonly request: number;
      readonly deadline: number;
    }
  | { readonly kind: 'close'; readonly doc: number }
  | ReplyToWorker;

export type ReplyToWorker =
  | { readonly kind: 'reply'; readonly request: number; readonly ok: true; readonly head: bigint }
  | {
      readonly kind: 'reply';
      readonly request: number;
      readonly ok: false;
      readonly error: WireError;
    };

/** An error crossing threads; a ConcurrencyError keeps what isConcurrencyError needs. */
export interface WireError {
  readonly message: string;
  readonly concurrency: {
    readonly stream: string;
    readonly expectedRevision: string;
    readonly actualRevision: string;
  } | null;
}

export type FromWorker =
  /** The worker's modules are loaded, its store client created and its warm-up done. */
  | { readonly kind: 'ready'; readonly warmUp: WarmUpSummary | null }
  | {
      readonly kind: 'reports';
      readonly reports: DocumentReport[];
      readonly persistedEvents: number;
      readonly persistFailures: number;
    }
  | { readonly kind: 'held'; readonly request: number }
  | { readonly kind: 'flushed'; readonly request: number; readonly allStored: boolean }
  /** Forwarded append (no own client): answered with a `reply`. */
  | {
      readonly kind: 'append';
      readonly request: number;
      readonly vorlageId: string;
      readonly events: readonly EventToAppend[];
      readonly expected: bigint;
    }
  /** The append met another writer: the relay thread re-reads the stream, then replies. */
  | { readonly kind: 'conflict'; readonly request: number; readonly doc: number };

interface Port<Message> {
  postMessage(message: Message, transfer?: ArrayBuffer[]): void;
}

/**
 * Sends messages in order; what is batched goes out `lingerMs` after the first of it (0: at the
 * end of this event-loop turn) or before the next ordinary message, whichever comes first.
 */
export class Outbox<Message> {
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly port: Port<Message>,
    /** Takes what was batched since the last call (null: nothing). */
    private readonly drainBatch: () => { message: Message; transfer: ArrayBuffer[] } | null,
    private readonly lingerMs = 0,
  ) {}

  send(message: Message): void {
    this.flush();
    this.port.postMessage(message);
  }

  /** Something was batched: make sure it leaves this turn. */
  batched(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.lingerMs === 0) setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), this.lingerMs);
  }

  flush(): void {
    this.scheduled = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.drainBatch();
    if (batch) this.port.postMessage(batch.message, batch.transfer);
  }
}

/** Copies the updates into one buffer that is then transferred (not cloned) to the worker. */
export function packUpdates(
  entries: readonly {
    readonly update: Uint8Array;
    readonly item: Omit<UpdateItem, 'start' | 'end'>;
  }[],
): { buffer: ArrayBuffer; items: UpdateItem[] } {
  let total = 0;
  for (const entry of entries) total += entry.update.byteLength;
  const bytes = new Uint8Array(total);
  const items: UpdateItem[] = [];
  let offset = 0;
  for (const { update, item } of entries) {
    bytes.set(update, offset);
    items.push({ ...item, start: offset, end: offset + update.byteLength });
    offset += update.byteLength;
  }
  return { buffer: bytes.buffer, items };
}
