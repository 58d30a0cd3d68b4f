// Writes the difference between the rows a read model derived before an event and after it, so a
// fold touches only the rows that really changed (and announces only those keys on /changes).
import type { ReadModelTx, SqlValue } from './definition';

export type Row = Readonly<Record<string, SqlValue>>;

export interface TableSpec {
  readonly table: string;
  /** Primary-key columns, in order. */
  readonly key: readonly string[];
  /** Every column, key columns included. */
  readonly columns: readonly string[];
  /** The read model named on /changes, and which column is its change key. */
  readonly readModel: string;
  readonly changeKey: string;
}

const rowKey = (spec: TableSpec, row: Row): string =>
  spec.key.length === 1
    ? String(row[spec.key[0] as string])
    : spec.key.map((column) => String(row[column])).join('\u0000');

function sameRow(spec: TableSpec, a: Row, b: Row): boolean {
  return spec.columns.every((column) => a[column] === b[column]);
}

/** Statement text per table, built once. */
const sqlCache = new WeakMap<TableSpec, { upsert: string; remove: string }>();

function sqlFor(spec: TableSpec): { upsert: string; remove: string } {
  let sql = sqlCache.get(spec);
  if (!sql) {
    const columns = spec.columns.join(', ');
    const placeholders = spec.columns.map(() => '?').join(', ');
    const updates = spec.columns
      .filter((column) => !spec.key.includes(column))
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    sql = {
      upsert:
        `INSERT INTO ${spec.table} (${columns}) VALUES (${placeholders}) ` +
        `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updates}`,
      remove: `DELETE FROM ${spec.table} WHERE ${spec.key.map((column) => `${column} = ?`).join(' AND ')}`,
    };
    sqlCache.set(spec, sql);
  }
  return sql;
}

/** Upserts changed rows, deletes vanished ones, and marks their change keys. */
export function syncRows(
  tx: ReadModelTx,
  spec: TableSpec,
  before: readonly Row[],
  after: readonly Row[],
): void {
  const { upsert, remove } = sqlFor(spec);
  const previous = new Map(before.map((row) => [rowKey(spec, row), row]));
  for (const row of after) {
    const key = rowKey(spec, row);
    const old = previous.get(key);
    previous.delete(key);
    if (old && sameRow(spec, old, row)) continue;
    tx.run(upsert, ...spec.columns.map((column) => row[column] ?? null));
    tx.changed(String(row[spec.changeKey]), spec.readModel);
  }
  for (const row of previous.values()) {
    tx.run(remove, ...spec.key.map((column) => row[column] ?? null));
    tx.changed(String(row[spec.changeKey]), spec.readModel);
  }
}

/**
 * Timestamps are compared as strings in SQL ("deadline < now"): store them all in one shape,
 * ISO-8601 UTC with milliseconds, whatever offset the event carried.
 */
export function utcTimestamp(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new RangeError(`Not a timestamp: ${iso}`);
  return new Date(millis).toISOString();
}
