// What a projection is: a named, versioned, pure fold from events into SQLite tables. The runner
// (runner.ts) owns subscription, batching, transactions and checkpoints; a definition only says
// which events it handles, how to create its tables, and how one event changes them.

/** A SQLite parameter value as better-sqlite3 binds it. */
export type SqlValue = string | number | bigint | null | Buffer;

/**
 * The only door a fold has to the database: the statements of the transaction it runs in. No
 * commit, no rollback, no I/O besides these — the runner decides when the transaction ends.
 */
export interface ReadModelTx {
  /** INSERT/UPDATE/DELETE; returns the number of rows changed. */
  run(sql: string, ...params: SqlValue[]): number;
  get<Row>(sql: string, ...params: SqlValue[]): Row | undefined;
  all<Row>(sql: string, ...params: SqlValue[]): Row[];
  /**
   * Names a key of a read model that the event changed (a Vorlage id, an office id). After the
   * commit, the runner announces the changed keys on `/changes` so browsers refresh what they show.
   * `readModel` defaults to the projection's name (a projection may write several read models).
   */
  changed(key: string, readModel?: string): void;
  /**
   * Keyed fold state (e.g. one Vorlage's view), JSON-serializable and treated as immutable. The
   * runner keeps recent states in memory and persists the changed ones with the batch, in the same
   * transaction, so a fold need not parse and re-serialize its state on every event.
   */
  loadState<State>(key: string): State | undefined;
  saveState<State>(key: string, state: State): void;
}

/** A keyed fold state that `apply` saved during a batch: its value before the batch, and now. */
export interface StateChange<State = unknown> {
  readonly key: string;
  /** undefined = the key had no state before this batch. */
  readonly before: State | undefined;
  readonly after: State;
}

/** The fields of an event that the runner itself needs, whatever the decoded event looks like. */
export interface PositionedEvent {
  /** Commit position in $all: strictly increasing across the product's events. */
  readonly position: bigint;
  readonly type: string;
  readonly stream: string;
}

export interface ProjectionDefinition<Event extends PositionedEvent = PositionedEvent> {
  /** Stable name; also the read model's name on `/changes`. Lowercase words joined by '_'. */
  readonly name: string;
  /** Bump whenever the tables or the fold change: the runner then rebuilds this projection. */
  readonly version: number;
  /**
   * Event types the fold is called for (`'*'` = every decoded event); other events only move the
   * checkpoint.
   */
  readonly handles: readonly string[];
  /** The tables this projection owns; they are dropped when it rebuilds. */
  readonly tables: readonly string[];
  /** DDL that creates the tables (idempotent: `CREATE TABLE IF NOT EXISTS`). */
  init(db: { exec(sql: string): void }): void;
  /** The fold step. Throwing stops the runner: a fold bug must not silently skip events. */
  apply(tx: ReadModelTx, event: Event): void;
  /**
   * Optional second step, once per batch: called after `apply` has seen every event of the batch,
   * in the same transaction, with each fold state `apply` saved during the batch. A fold whose rows
   * are a function of its state writes them here — once per key and batch instead of once per
   * event, which is what makes a rebuild (large batches) cheap.
   */
  writeBatch?(tx: ReadModelTx, changes: readonly StateChange[]): void;
}

/** Helper so each read model file gets its event type inferred. */
export function defineProjection<Event extends PositionedEvent>(
  definition: ProjectionDefinition<Event>,
): ProjectionDefinition<Event> {
  if (!/^[a-z][a-z0-9_]*$/.test(definition.name)) {
    throw new Error(`Projection name must be lowercase words joined by '_': ${definition.name}`);
  }
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`Projection ${definition.name}: version must be a positive integer`);
  }
  return definition;
}
