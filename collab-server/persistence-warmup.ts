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
import type { EventToAppend } from '../domain/application/event-store-port';
import { isConcurrencyError } from '../domain/shared/errors';
import { PendingDocuments, type PersistenceConfig } from './persistence';
import { packUpdates, type UpdateItem } from './persistence-protocol';
import { Replica, receiveUpdates, type ReplicaContext } from './replica';
import { ScratchWriters, scratchVorlageState } from './scratch-typing';
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
  /**
   * Scratch appends sent to the store: those it refused (as it must), and those still unanswered
   * when the budget ended (the store refuses them later).
   */
  readonly scratchAppends: number;
  readonly refusedAppends: number;
  readonly unansweredAppends: number;
  readonly ms: number;
}

/**
 * Scratch documents, each with writers of their own (several authors per flush, as in use). They
 * flush together, so their appends share the client's BatchAppend stream as under load, and the
 * per-flush code runs often enough in the budget for V8 to optimise it.
 */
const DOCUMENTS = 16;
const WRITERS_PER_DOCUMENT = 3;
/** Keystroke rounds (one per writer) between two flushes: a few updates per author and event. */
const ROUNDS_PER_FLUSH = 2;
/** A stream revision no stream that does not exist can have: the store refuses the append. */
const REFUSED_EXPECTED_REVISION = 0n;

interface ScratchDocument {
  readonly replica: Replica;
  readonly writers: ScratchWriters;
}

export async function warmUpPersistence(options: WarmUpOptions): Promise<WarmUpSummary> {
  const startedAt = performance.now();
  const deadline = startedAt + options.budgetMs;
  const probe = new RefusedAppends(options.store, deadline, options.logger);
  const context = scratchContext(options, probe);
  const state = scratchVorlageState();
  const documents = Array.from({ length: DOCUMENTS }, (_, index) =>
    scratchDocument(index, state, context),
  );
  const replicas = new Map(documents.map((document) => [document.replica.doc, document.replica]));
  let keystrokes = 0;
  let flushes = 0;
  let seq = 0;
  try {
    while (performance.now() < deadline) {
      const typed: { update: Uint8Array; item: Omit<UpdateItem, 'start' | 'end'> }[] = [];
      for (let round = 0; round < ROUNDS_PER_FLUSH; round++) {
        for (const { replica, writers } of documents) {
          for (const { update, author, clientId } of writers.typeRound({ exchange: true })) {
            const item = { doc: replica.doc, seq: ++seq, author, clientIds: [clientId] };
            typed.push({ update, item });
          }
        }
      }
      keystrokes += typed.length;
      // As the relay thread hands them over: one `updates` message, its buffer shared by all.
      const { buffer, items } = packUpdates(typed);
      receiveUpdates(replicas, buffer, items);
      const flushDeadline = Date.now() + options.budgetMs;
      await Promise.all(documents.map(({ replica }) => replica.persister.flushAll(flushDeadline)));
      flushes += documents.length;
    }
  } finally {
    for (const { replica, writers } of documents) {
      replica.close();
      writers.destroy();
    }
  }
  return {
    keystrokes,
    flushes,
    scratchAppends: probe.sent,
    refusedAppends: probe.refused,
    unansweredAppends: probe.unanswered,
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

function scratchDocument(
  index: number,
  state: Uint8Array,
  context: ReplicaContext,
): ScratchDocument {
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
  return { replica, writers: new ScratchWriters(state, WRITERS_PER_DOCUMENT) };
}

/** Sends scratch batches to the store, which must refuse them; stops at the first other answer. */
class RefusedAppends {
  sent = 0;
  refused = 0;
  unanswered = 0;
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
      // The budget ran out while the append was on its way (a slow or unreachable store).
      if (answer === 'timeout') {
        this.unanswered++;
        this.stop();
      } else
        this.stop(() =>
          this.logger.error(
            { vorlageId: this.vorlageId },
            'warm-up: the store accepted an append it had to refuse (expected revision 0 of a new stream)',
          ),
        );
    } catch (error) {
      if (isConcurrencyError(error)) this.refused++;
      else
        this.stop(() =>
          this.logger.warn({ err: error }, 'warm-up: the store failed; no further scratch appends'),
        );
    } finally {
      clearTimeout(timer);
    }
  }

  /** No further appends; `say` tells why, once (appends of one round are answered together). */
  private stop(say?: () => void): void {
    if (this.stopped) return;
    this.stopped = true;
    say?.();
  }
}
