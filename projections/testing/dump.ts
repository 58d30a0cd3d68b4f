// Table dumps of the read models, for comparing a rebuild with incremental processing.
import type { ProjectionDefinition } from '../definition';
import { CHECKPOINT_TABLE, STATE_TABLE, type SqliteDatabase } from '../read-model-db';

/** Every row of every table of `projections`, in a stable order, plus their checkpoints. */
export function dumpReadModels(
  db: SqliteDatabase,
  projections: readonly ProjectionDefinition<never>[],
): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  const names = projections.map((projection) => projection.name);
  for (const projection of projections) {
    for (const table of projection.tables) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
        .length;
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
      dump[table] = db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).safeIntegers(true).all();
    }
  }
  dump[STATE_TABLE] = db
    .prepare(
      `SELECT projection, key, state FROM ${STATE_TABLE}
       WHERE projection IN (${names.map(() => '?').join(', ')}) ORDER BY projection, key`,
    )
    .all(...names);
  dump[CHECKPOINT_TABLE] = db
    .prepare(
      `SELECT name, version, position FROM ${CHECKPOINT_TABLE}
       WHERE name IN (${names.map(() => '?').join(', ')}) ORDER BY name`,
    )
    .safeIntegers(true)
    .all(...names);
  return dump;
}

/** Rows as sorted JSON lines, for comparisons where column order and row order do not matter. */
export function orderFreeRows(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.keys(row)
          .sort()
          .map((key) => [key, row[key]]),
      ),
    )
    .sort();
}
