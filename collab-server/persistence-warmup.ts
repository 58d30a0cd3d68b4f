// Runs the persistence worker's hot path before the server takes connections, so that V8 compiles
// it then and not in the first seconds of typing. The worker is a second V8 isolate: it compiles
// its own Yjs, event building, fingerprints and event-store client. Without a warm-up it did so
// while the first users typed after a start — in the collab benchmark's first 8 s TurboFan took
// ≈ 0.9 s of the two cores and the worker's code ran ≈ 2.5× slower than later (issue 22, session
// 14), and keystrokes waited for a core.
//
// The warm-up types into scratch documents through the worker's own code (an `updates` message,
// the replicas, the persisters, the events and fingerprints) and hands each batch's events to the
// event-store client in an append the store must refuse: expected revision 0 of a stream that does
// not exist. The client encodes and sends the events, the store answers "wrong expected version",
// nothing is written. Bounded by wall-clock time; the server listens once it is done.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { EventToAppend } from '../domain/application/event-store-port';
import { isConcurrencyError } from '../domain/shared/errors';
import type { TextAuthor } from '../domain/text/text-events';
import { sectionFragment, vorlageTextToDoc } from '../editor/convert';
import { PendingDocuments, type PersistenceConfig } from './persistence';
import { packUpdates, type UpdateItem } from './persistence-protocol';
import { Replica, receiveUpdates, type ReplicaContext } from './replica';
import type { TextStore } from './text-store';

export interface WarmUpOptions {
  readonly config: PersistenceConfig;
  readonly logger: Logger;
  /** How long the warm-up types (wall clock). */
  readonly budgetMs: number;
  /** The worker's own store, which must refuse every scratch append; null: no appends are sent. */
  readonly store: Pick<TextStore, 'append'> | null;
}

export interface WarmUpSummary {
  readonly keystrokes: number;
  readonly flushes: number;
  /** Scratch appends sent to the store, and those it refused (as it must) within the budget. */
  readonly scratchAppends: number;
  readonly refusedAppends: number;
  readonly ms: number;
}

/** Scratch documents, each with writers of their own: several authors per flush, as in use. */
const DOCUMENTS = 4;
const WRITERS_PER_DOCUMENT = 3;
/** Keystroke rounds (one per writer) between two flushes: a few updates per author and event. */
const ROUNDS_PER_FLUSH = 2;
/** A stream revision no stream that does not exist can have: the store refuses the append. */
const REFUSED_EXPECTED_REVISION = 0n;

const SCRATCH_TEXT = {
  justification: [{ type: 'paragraph', content: [{ type: 'text', text: 'Begründung: ' }] }],
};

interface Writer {
  readonly doc: Y.Doc;
  readonly author: TextAuthor;
  /** Updates this writer made since they were last handed to the replica. */
  readonly made: Uint8Array[];
}

interface ScratchDocument {
  readonly replica: Replica;
  readonly writers: readonly Writer[];
}

export async function warmUpPersistence(options: WarmUpOptions): Promise<WarmUpSummary> {
  const startedAt = performance.now();
  const deadline = startedAt + options.budgetMs;
  const probe = new RefusedAppends(options.store, deadline, options.logger);
  const context = scratchContext(options, probe);
  const documents = Array.from({ length: DOCUMENTS }, (_, index) =>
    scratchDocument(index, context),
  );
  const replicas = new Map(documents.map((document) => [document.replica.doc, document.replica]));
  let keystrokes = 0;
  let flushes = 0;
  let seq = 0;
  try {
    while (performance.now() < deadline) {
      for (let round = 0; round < ROUNDS_PER_FLUSH; round++) {
        for (const document of documents) keystrokes += typeOneRound(document);
      }
      const { buffer, items } = packUpdates(documents.flatMap((d) => madeUpdates(d, () => ++seq)));
      receiveUpdates(replicas, buffer, items);
      for (const { replica } of documents) {
        await replica.persister.flushAll(Date.now() + options.budgetMs);
        flushes++;
      }
    }
  } finally {
    for (const { replica, writers } of documents) {
      replica.close();
      for (const writer of writers) writer.doc.destroy();
    }
  }
  return {
    keystrokes,
    flushes,
    scratchAppends: probe.sent,
    refusedAppends: probe.refused,
    ms: Math.round(performance.now() - startedAt),
  };
}

/** Like the worker's context, but its store only probes, and nothing is reported or counted. */
function scratchContext(options: WarmUpOptions, probe: RefusedAppends): ReplicaContext {
  return {
    store: {
      append: async (_vorlageId, events, expected) => {
        await probe.send(events);
        return expected + BigInt(events.length);
      },
    },
    config: options.config,
    counters: { persistedEvents: 0, persistFailures: 0 },
    pendingDocuments: new PendingDocuments(),
    logger: options.logger,
    report: () => undefined,
    resyncAfterConflict: () => Promise.resolve(),
  };
}

function scratchDocument(index: number, context: ReplicaContext): ScratchDocument {
  const base = vorlageTextToDoc(SCRATCH_TEXT);
  const state = Y.encodeStateAsUpdate(base);
  base.destroy();
  const replica = new Replica(
    -(index + 1),
    `warmup-${randomUUID()}`,
    {
      state,
      headRevision: 0n,
      // Spread over the snapshot interval, so that some flushes also take a snapshot.
      eventsSinceSnapshot: Math.floor((index * context.config.snapshotEveryEvents) / DOCUMENTS),
      bytesSinceSnapshot: 0,
      frozen: false,
    },
    context,
  );
  const writers = Array.from({ length: WRITERS_PER_DOCUMENT }, (_, w) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const writer: Writer = {
      doc,
      author: { userId: `warmup-user-${w}`, officeId: `warmup-office-${w}` },
      made: [],
    };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'peer') writer.made.push(update);
    });
    return writer;
  });
  return { replica, writers };
}

/** Every writer types one character (now and then deletes one); returns the keystrokes. */
function typeOneRound({ writers }: ScratchDocument): number {
  for (const writer of writers) {
    const text = justificationText(writer.doc);
    if (Math.random() < 0.1 && text.length > 12) text.delete(12 + randomIndex(text.length - 12), 1);
    else text.insert(randomIndex(text.length + 1), 'x');
  }
  return writers.length;
}

/** The writers' new updates as `updates` message items; each writer also gets the others'. */
function madeUpdates(
  { replica, writers }: ScratchDocument,
  nextSeq: () => number,
): { update: Uint8Array; item: Omit<UpdateItem, 'start' | 'end'> }[] {
  const entries = writers.flatMap((writer) =>
    writer.made.splice(0).map((update) => ({
      update,
      item: {
        doc: replica.doc,
        seq: nextSeq(),
        author: writer.author,
        clientIds: [writer.doc.clientID],
      },
    })),
  );
  for (const writer of writers) {
    for (const { update } of entries) Y.applyUpdate(writer.doc, update, 'peer');
  }
  return entries;
}

function justificationText(doc: Y.Doc): Y.XmlText {
  const paragraph = sectionFragment(doc, 'justification').get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

const randomIndex = (length: number) => Math.floor(Math.random() * length);

/** Sends scratch batches to the store, which must refuse them; stops at the first other answer. */
class RefusedAppends {
  sent = 0;
  refused = 0;
  private stopped: boolean;
  /** A Vorlage id no Vorlage has: its text stream does not exist. */
  private readonly vorlageId = `warmup-${randomUUID()}`;

  constructor(
    private readonly store: Pick<TextStore, 'append'> | null,
    private readonly deadline: number,
    private readonly logger: Logger,
  ) {
    this.stopped = store === null;
  }

  async send(events: readonly EventToAppend[]): Promise<void> {
    if (this.stopped || !this.store) return;
    const remainingMs = this.deadline - performance.now();
    this.sent++;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, remainingMs));
    });
    try {
      const answer = await Promise.race([
        this.store.append(this.vorlageId, events, REFUSED_EXPECTED_REVISION),
        timedOut,
      ]);
      this.stopped = true;
      // The budget ran out while the append was on its way (a slow or unreachable store).
      if (answer === 'timeout') return;
      this.logger.error(
        { vorlageId: this.vorlageId },
        'warm-up: the store accepted an append it had to refuse (expected revision 0 of a new stream)',
      );
    } catch (error) {
      if (isConcurrencyError(error)) this.refused++;
      else {
        this.stopped = true;
        this.logger.warn({ err: error }, 'warm-up: the store failed; no further scratch appends');
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
