// The read-model SQLite file: opening it (WAL, so the app's read-only connections never block the
// runner), the checkpoint table, and the statement facade a fold writes through.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ReadModelTx, SqlValue } from './definition.ts';

export type SqliteDatabase = Database.Database;

export const CHECKPOINT_TABLE = 'projection_checkpoints';

/** Opens (and creates) the read-model database for the runner, the only writer. */
export function openReadModelDb(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a crashed process loses nothing committed; a power cut may lose the last
  // transactions, which the runner then replays from the (equally old) checkpoint.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER,
    updated_at TEXT NOT NULL
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

/**
 * The statements of one transaction, with a cache of prepared statements (preparing dominates
 * the cost of small writes). Changed keys are collected per projection for `/changes`.
 */
export class StatementFacade {
  private readonly statements = new Map<string, Database.Statement>();
  private changes: Map<string, Set<string>> = new Map();

  constructor(private readonly db: SqliteDatabase) {}

  /** The facade handed to one projection's fold. */
  forProjection(name: string): ReadModelTx {
    return {
      run: (sql, ...params) => this.statement(sql).run(...params).changes,
      get: <Row>(sql: string, ...params: SqlValue[]) =>
        this.statement(sql).get(...params) as Row | undefined,
      all: <Row>(sql: string, ...params: SqlValue[]) => this.statement(sql).all(...params) as Row[],
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
