// The read-model SQLite file: opening it (WAL, so the app's read-only connections never block the
// runner), the checkpoint table, and the statement facade a fold writes through.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ProjectionDefinition, ReadModelTx, SqlValue, StateChange } from './definition';

export type SqliteDatabase = Database.Database;

export const CHECKPOINT_TABLE = 'projection_checkpoints';
export const STATE_TABLE = 'projection_state';

/** Opens (and creates) the read-model database for the runner, the only writer. */
export function openReadModelDb(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a crashed process loses nothing committed; a power cut may lose the last
  // transactions, which the runner then replays from the (equally old) checkpoint.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // A rebuild touches every Vorlage's rows; 64 MiB of page cache keeps the B-trees in memory.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER,
    updated_at TEXT NOT NULL
  ) STRICT`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (
    projection TEXT NOT NULL,
    key TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (projection, key)
  ) STRICT`);
  return db;
}

/** Opens the read models for queries (the app): read-only, never blocks or is blocked by the runner. */
export function openReadModelDbReadOnly(path: string): SqliteDatabase {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export interface CheckpointRow {
  readonly name: string;
  readonly version: number;
  /** null = nothing processed yet (start of $all). */
  readonly position: bigint | null;
}

export function readCheckpoints(db: SqliteDatabase): Map<string, CheckpointRow> {
  const rows = db
    .prepare(`SELECT name, version, position FROM ${CHECKPOINT_TABLE}`)
    .safeIntegers(true)
    .all() as { name: string; version: bigint; position: bigint | null }[];
  return new Map(
    rows.map((row) => [
      row.name,
      { name: row.name, version: Number(row.version), position: row.position },
    ]),
  );
}

interface CachedState {
  value: unknown;
  dirty: boolean;
}

/**
 * Keyed fold states, cached in memory (least recently used dropped first) and written to
 * STATE_TABLE when a batch commits. After a rollback the cache is dropped: the table is the truth.
 */
class StateCache {
  private readonly entries = new Map<string, CachedState>();
  private readonly dirty = new Set<string>();
  /** Each key saved in the current batch, with its value from before the batch. */
  private readonly batchBefore = new Map<string, unknown>();
  private readonly load;
  private readonly save;
  private readonly removeAll;

  constructor(
    db: SqliteDatabase,
    private readonly projection: string,
    private readonly maxEntries: number,
  ) {
    this.load = db
      .prepare(`SELECT state FROM ${STATE_TABLE} WHERE projection = ? AND key = ?`)
      .pluck();
    this.save = db.prepare(
      `INSERT INTO ${STATE_TABLE} (projection, key, state) VALUES (?, ?, ?)
       ON CONFLICT (projection, key) DO UPDATE SET state = excluded.state`,
    );
    this.removeAll = db.prepare(`DELETE FROM ${STATE_TABLE} WHERE projection = ?`);
  }

  get(key: string): unknown {
    const cached = this.entries.get(key);
    if (cached) {
      // Map order is recency order: move the entry to the back.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.value;
    }
    const stored = this.load.get(this.projection, key) as string | undefined;
    if (stored === undefined) return undefined;
    const value: unknown = JSON.parse(stored);
    this.entries.set(key, { value, dirty: false });
    return value;
  }

  set(key: string, value: unknown): void {
    if (!this.batchBefore.has(key)) this.batchBefore.set(key, this.get(key));
    this.entries.delete(key);
    this.entries.set(key, { value, dirty: true });
    this.dirty.add(key);
  }

  /** The states saved in the current batch, each with its value before the batch. */
  changes(): StateChange[] {
    const changes: StateChange[] = [];
    for (const [key, before] of this.batchBefore) {
      const entry = this.entries.get(key);
      if (entry) changes.push({ key, before, after: entry.value });
    }
    return changes;
  }

  /** Inside the batch's transaction: persist changed states, then trim the cache. */
  flush(): void {
    this.batchBefore.clear();
    for (const key of this.dirty) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      this.save.run(this.projection, key, JSON.stringify(entry.value));
      entry.dirty = false;
    }
    this.dirty.clear();
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.dirty.clear();
    this.batchBefore.clear();
  }

  /** Forgets every state of the projection (it rebuilds). Inside a transaction. */
  reset(): void {
    this.clear();
    this.removeAll.run(this.projection);
  }
}

/**
 * The statements of one transaction, with a cache of prepared statements (preparing dominates
 * the cost of small writes). Changed keys are collected per projection for `/changes`.
 */
export class StatementFacade {
  private readonly statements = new Map<string, Database.Statement>();
  private changes: Map<string, Set<string>> = new Map();
  private readonly states = new Map<string, StateCache>();
  /** One facade per projection, made once: the fold calls it for every event. */
  private readonly facades = new Map<string, ReadModelTx>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly maxCachedStates = 20_000,
  ) {}

  private stateCache(projection: string): StateCache {
    let cache = this.states.get(projection);
    if (!cache) {
      cache = new StateCache(this.db, projection, this.maxCachedStates);
      this.states.set(projection, cache);
    }
    return cache;
  }

  /**
   * Ends a batch inside its transaction: lets each projection with a `writeBatch` step write the
   * rows of the states it saved, then persists every changed fold state.
   */
  endBatch(projections: readonly ProjectionDefinition<never>[]): void {
    for (const projection of projections) {
      if (!projection.writeBatch) continue;
      const changes = this.states.get(projection.name)?.changes() ?? [];
      if (changes.length > 0) projection.writeBatch(this.forProjection(projection.name), changes);
    }
    this.flushStates();
  }

  /** Writes every changed fold state; call inside the batch's transaction, before commit. */
  flushStates(): void {
    for (const cache of this.states.values()) cache.flush();
  }

  /** Drops cached fold states (after a rollback, the database holds the truth). */
  discardStates(): void {
    for (const cache of this.states.values()) cache.clear();
  }

  /** Deletes a projection's fold states (it rebuilds). Inside a transaction. */
  resetStates(projection: string): void {
    this.stateCache(projection).reset();
  }

  /** The facade handed to one projection's fold. */
  forProjection(name: string): ReadModelTx {
    let facade = this.facades.get(name);
    if (!facade) {
      facade = this.createFacade(name);
      this.facades.set(name, facade);
    }
    return facade;
  }

  private createFacade(name: string): ReadModelTx {
    const states = this.stateCache(name);
    return {
      run: (sql, ...params) => this.statement(sql).run(...params).changes,
      get: <Row>(sql: string, ...params: SqlValue[]) =>
        this.statement(sql).get(...params) as Row | undefined,
      all: <Row>(sql: string, ...params: SqlValue[]) => this.statement(sql).all(...params) as Row[],
      loadState: <State>(key: string) => states.get(key) as State | undefined,
      saveState: (key, state) => states.set(key, state),
      changed: (key, readModel = name) => {
        let keys = this.changes.get(readModel);
        if (!keys) this.changes.set(readModel, (keys = new Set()));
        keys.add(key);
      },
    };
  }

  /** The changes collected since the last call; the runner takes them after each commit. */
  takeChanges(): Map<string, Set<string>> {
    const taken = this.changes;
    this.changes = new Map();
    return taken;
  }

  /** Forgets the changes of a transaction that rolled back. */
  discardChanges(): void {
    this.changes = new Map();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}
