// The generic projection runner: one catch-up subscription on $all feeds every projection; events
// are batched into SQLite transactions that also store each projection's checkpoint, so a crash at
// any point neither loses nor doubles an event. Also answers "has the read model reached position
// P yet?" (read-your-writes) and announces every committed batch (live updates).
import type { Logger } from '../platform/logger';
import type { PositionedEvent, ProjectionDefinition } from './definition';
import {
  CHECKPOINT_TABLE,
  readCheckpoints,
  StatementFacade,
  type SqliteDatabase,
} from './read-model-db';

/** An event as the source delivers it, before the product decodes it. */
export interface SourceEvent {
  readonly position: bigint;
  readonly type: string;
  readonly stream: string;
}

export interface SubscriptionHandle {
  close(): Promise<void>;
}

/** The port to the event store: a catch-up subscription on $all (filtered by the adapter). */
export interface AllEventsSource<Raw extends SourceEvent> {
  /** Delivers events after `fromPosition` (null = from the start), oldest first. */
  subscribe(options: {
    fromPosition: bigint | null;
    onEvent: (event: Raw) => void;
    onCaughtUp: () => void;
    onError: (error: Error) => void;
  }): SubscriptionHandle;
}

export interface ReadModelChange {
  readonly readModel: string;
  readonly keys: readonly string[];
}

export interface BatchCommitted {
  /** The position every read model has reached after this batch. */
  readonly position: bigint;
  readonly eventCount: number;
  readonly changes: readonly ReadModelChange[];
}

export interface RunnerOptions<Raw extends SourceEvent, Event extends PositionedEvent> {
  readonly db: SqliteDatabase;
  readonly projections: readonly ProjectionDefinition<Event>[];
  readonly source: AllEventsSource<Raw>;
  /** Turns a source event into the product's event; null = not ours / unknown (checkpoint only). */
  readonly decode: (event: Raw) => Event | null;
  readonly logger: Logger;
  /** Largest number of events per transaction once caught up (live). */
  readonly maxBatchSize?: number;
  /**
   * Largest number of events per transaction until the subscription has caught up once (a start
   * behind the store, a rebuild). Larger batches let a fold write each key once for many events;
   * until caught up a batch also waits up to CATCH_UP_BATCH_DELAY_MS (not maxBatchDelayMs) for
   * more, so pauses between pages of $all do not cut it short. Default: maxBatchSize.
   */
  readonly catchUpBatchSize?: number;
  /** How long the first event of a batch waits for more before the batch commits. */
  readonly maxBatchDelayMs?: number;
  /** Delay before resubscribing after a subscription error (doubles up to 10 s). */
  readonly retryDelayMs?: number;
}

/** Until caught up, how long the first event of a batch waits for more (pages, not live). */
export const CATCH_UP_BATCH_DELAY_MS = 1000;

export type RunnerStatus = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

interface ProjectionState<Event extends PositionedEvent> {
  readonly definition: ProjectionDefinition<Event>;
  readonly handles: ReadonlySet<string>;
  checkpoint: bigint | null;
}

interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

interface Pending<Event> {
  readonly position: bigint;
  readonly event: Event | null;
}

export class ProjectionRunner<Raw extends SourceEvent, Event extends PositionedEvent> {
  private readonly db: SqliteDatabase;
  private readonly states: ProjectionState<Event>[];
  private readonly facade: StatementFacade;
  private readonly maxBatchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly maxBatchDelayMs: number;
  private readonly baseRetryDelayMs: number;
  private readonly log: Logger;
  private readonly saveCheckpoint;
  private readonly listeners = new Set<(batch: BatchCommitted) => void>();
  private waiters: Waiter[] = [];
  private pending: Pending<Event>[] = [];
  private flushTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private subscription: SubscriptionHandle | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private caughtUpOnce = false;
  private caughtUpWaiters: (() => void)[] = [];
  private failure: Error | undefined;
  private state: RunnerStatus = 'idle';
  private processed = 0;

  constructor(private readonly options: RunnerOptions<Raw, Event>) {
    this.db = options.db;
    this.log = options.logger;
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? this.maxBatchSize;
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? 2;
    this.baseRetryDelayMs = options.retryDelayMs ?? 500;
    this.retryDelayMs = this.baseRetryDelayMs;
    const names = new Set<string>();
    for (const projection of options.projections) {
      if (names.has(projection.name))
        throw new Error(`Duplicate projection name: ${projection.name}`);
      names.add(projection.name);
    }
    this.states = options.projections.map((definition) => ({
      definition,
      handles: new Set(definition.handles),
      checkpoint: null,
    }));
    this.facade = new StatementFacade(this.db);
    this.saveCheckpoint = this.db.prepare(
      `INSERT INTO ${CHECKPOINT_TABLE} (name, version, position, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
       updated_at = excluded.updated_at`,
    );
  }

  get status(): RunnerStatus {
    return this.state;
  }

  /** True once the subscription has caught up with the store at least once (readiness). */
  get isCaughtUp(): boolean {
    return this.caughtUpOnce;
  }

  /** The position every read model has reached; null while some projection has processed nothing. */
  get position(): bigint | null {
    let lowest: bigint | null = null;
    for (const state of this.states) {
      if (state.checkpoint === null) return null;
      if (lowest === null || state.checkpoint < lowest) lowest = state.checkpoint;
    }
    return lowest;
  }

  get eventsProcessed(): number {
    return this.processed;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Creates missing tables, rebuilds projections whose version changed, then subscribes. */
  start(): void {
    if (this.state !== 'idle') throw new Error(`Runner cannot start from status ${this.state}`);
    this.prepareSchema();
    this.state = 'running';
    this.subscribe();
  }

  /** Drops every projection's tables and checkpoint; the next start() replays from zero. */
  resetAll(): void {
    if (this.state === 'running') throw new Error('Stop the runner before resetting it');
    this.db.transaction(() => {
      for (const state of this.states) this.resetProjection(state);
    })();
  }

  onCommitted(listener: (batch: BatchCommitted) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once the read models have reached `position`, false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.hasReached(position)) return Promise.resolve(true);
    if (this.state !== 'running' && this.state !== 'idle') return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((other) => other !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves when the subscription has caught up once (or immediately if it already has). */
  whenCaughtUp(): Promise<void> {
    if (this.caughtUpOnce) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  /** Stops the subscription, commits what was already received, and releases all waiters. */
  async stop(): Promise<void> {
    if (this.state !== 'running' && this.state !== 'failed') {
      this.state = 'stopped';
      return;
    }
    const failed = this.state === 'failed';
    this.state = 'stopping';
    clearTimeout(this.retryTimer);
    const subscription = this.subscription;
    this.subscription = undefined;
    try {
      await subscription?.close();
    } catch (error) {
      this.log.warn({ err: error }, 'closing the subscription failed');
    }
    if (!failed) this.flush();
    this.clearFlushTimer();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(this.hasReached(waiter.position));
    }
    this.waiters = [];
    this.state = failed ? 'failed' : 'stopped';
  }

  private prepareSchema(): void {
    const checkpoints = readCheckpoints(this.db);
    this.db.transaction(() => {
      for (const state of this.states) {
        const { definition } = state;
        const stored = checkpoints.get(definition.name);
        if (stored && stored.version !== definition.version) {
          this.log.info(
            { projection: definition.name, from: stored.version, to: definition.version },
            'projection version changed; rebuilding it from zero',
          );
          this.resetProjection(state);
        } else {
          definition.init(this.db);
          state.checkpoint = stored?.position ?? null;
          if (!stored) this.writeCheckpoint(state);
        }
      }
    })();
  }

  private resetProjection(state: ProjectionState<Event>): void {
    this.facade.resetStates(state.definition.name);
    for (const table of state.definition.tables) {
      this.db.exec(`DROP TABLE IF EXISTS "${table.replaceAll('"', '""')}"`);
    }
    state.definition.init(this.db);
    state.checkpoint = null;
    this.writeCheckpoint(state);
  }

  private writeCheckpoint(state: ProjectionState<Event>): void {
    this.saveCheckpoint.run(
      state.definition.name,
      state.definition.version,
      state.checkpoint,
      new Date().toISOString(),
    );
  }

  private subscribe(): void {
    const fromPosition = this.position;
    this.log.info({ fromPosition: fromPosition?.toString() ?? 'start' }, 'subscribing to $all');
    let active = true;
    const handle = this.options.source.subscribe({
      fromPosition,
      onEvent: (raw) => {
        if (active && this.state === 'running') this.receive(raw);
      },
      onCaughtUp: () => {
        if (active && this.state === 'running') this.caughtUp();
      },
      onError: (error) => {
        if (!active || this.state !== 'running') return;
        active = false;
        this.resubscribeAfter(error, handle);
      },
    });
    this.subscription = handle;
  }

  private resubscribeAfter(error: Error, failed: SubscriptionHandle): void {
    this.log.warn(
      { err: error, retryInMs: this.retryDelayMs },
      'subscription failed; resubscribing',
    );
    this.flush();
    failed.close().catch((closeError: unknown) => {
      this.log.debug({ err: closeError }, 'closing the failed subscription failed');
    });
    this.retryTimer = setTimeout(() => {
      if (this.state === 'running') this.subscribe();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
  }

  private receive(raw: Raw): void {
    let event: Event | null;
    try {
      event = this.options.decode(raw);
    } catch (error) {
      // The decoder skips what it does not know; a throw here is a bug, like a throwing fold.
      this.fail(error as Error);
      return;
    }
    this.pending.push({ position: raw.position, event });
    this.retryDelayMs = this.baseRetryDelayMs;
    const catchingUp = !this.caughtUpOnce;
    if (this.pending.length >= (catchingUp ? this.catchUpBatchSize : this.maxBatchSize)) {
      this.flush();
    } else if (this.flushTimer === undefined) {
      const delay = catchingUp ? CATCH_UP_BATCH_DELAY_MS : this.maxBatchDelayMs;
      this.flushTimer =
        delay === 0
          ? setImmediate(() => this.flushFromTimer())
          : setTimeout(() => this.flushFromTimer(), delay);
    }
  }

  private caughtUp(): void {
    this.flush();
    if (this.caughtUpOnce) return;
    this.caughtUpOnce = true;
    this.log.info(
      { position: this.position?.toString() ?? null, events: this.processed },
      'caught up',
    );
    for (const resolve of this.caughtUpWaiters) resolve();
    this.caughtUpWaiters = [];
  }

  private flushFromTimer(): void {
    this.flushTimer = undefined;
    if (this.state === 'running' || this.state === 'stopping') this.flush();
  }

  private clearFlushTimer(): void {
    if (this.flushTimer === undefined) return;
    clearTimeout(this.flushTimer as NodeJS.Timeout);
    clearImmediate(this.flushTimer as NodeJS.Immediate);
    this.flushTimer = undefined;
  }

  /** Commits the pending events, with every moved checkpoint, in one transaction. */
  private flush(): void {
    this.clearFlushTimer();
    if (this.pending.length === 0 || this.state === 'failed') return;
    const batch = this.pending;
    this.pending = [];
    const before = this.states.map((state) => state.checkpoint);
    let applied = 0;
    try {
      this.db.transaction(() => {
        for (const item of batch) applied += this.applyToAll(item);
        this.facade.endBatch(this.options.projections);
        for (const [index, state] of this.states.entries()) {
          if (state.checkpoint !== before[index]) this.writeCheckpoint(state);
        }
      })();
    } catch (error) {
      for (const [index, state] of this.states.entries()) state.checkpoint = before[index] ?? null;
      this.facade.discardChanges();
      this.facade.discardStates();
      this.fail(error as Error);
      return;
    }
    this.processed += applied;
    this.afterCommit(batch.length);
  }

  /** Applies one event to each projection that has not seen it; returns 1 if any had not. */
  private applyToAll(item: Pending<Event>): number {
    let fresh = 0;
    for (const state of this.states) {
      // The position guard: an event at or before the checkpoint was already applied.
      if (state.checkpoint !== null && item.position <= state.checkpoint) continue;
      fresh = 1;
      const event = item.event;
      if (event !== null && (state.handles.has(event.type) || state.handles.has('*'))) {
        state.definition.apply(this.facade.forProjection(state.definition.name), event);
      }
      state.checkpoint = item.position;
    }
    return fresh;
  }

  private afterCommit(eventCount: number): void {
    const position = this.position;
    const changes = [...this.facade.takeChanges()].map(([readModel, keys]) => ({
      readModel,
      keys: [...keys].sort(),
    }));
    if (position === null) return;
    this.releaseWaiters();
    const batch: BatchCommitted = { position, eventCount, changes };
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.log.error({ err: error }, 'a change listener threw');
      }
    }
  }

  private hasReached(position: bigint): boolean {
    const current = this.position;
    return current !== null && current >= position;
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (this.hasReached(waiter.position)) {
        clearTimeout(waiter.timer);
        waiter.resolve(true);
      } else {
        still.push(waiter);
      }
    }
    this.waiters = still;
  }

  private fail(error: Error): void {
    if (this.state === 'failed') return;
    this.log.error(
      { err: error },
      'projection runner failed; read models stay at their last checkpoint',
    );
    this.failure = error;
    this.state = 'failed';
    this.pending = [];
    this.clearFlushTimer();
    const subscription = this.subscription;
    this.subscription = undefined;
    subscription?.close().catch((closeError: unknown) => {
      this.log.debug({ err: closeError }, 'closing the subscription after a failure failed');
    });
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
    this.onFailure?.(error);
  }

  /** Set by the process (main.ts) to exit when a fold throws; a failed runner does not recover. */
  onFailure: ((error: Error) => void) | undefined;
}
