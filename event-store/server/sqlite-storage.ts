// EventStorage on SQLite (better-sqlite3) in WAL mode with synchronous=FULL, so a committed
// transaction is on disk before the engine acknowledges it. $all positions are the events' rowids.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStorage, NewEvent, StreamState, WrittenId } from './storage';
import type { Direction, RecordedEvent } from './types';
import { TOMBSTONE_REVISION } from './types';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS streams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    last_revision INTEGER NOT NULL,
    tombstoned INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL REFERENCES streams(id),
    revision INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    is_json INTEGER NOT NULL,
    created INTEGER NOT NULL,
    data BLOB NOT NULL,
    metadata BLOB NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream_revision ON events(stream_id, revision);
  -- Replaced by the writer's in-memory window of recent ids (recent-event-ids.ts).
  DROP INDEX IF EXISTS events_by_stream_event_id;
`;

const EVENT_COLUMNS = `e.position, s.name AS stream, e.revision, e.event_id, e.type, e.is_json,
  e.created, e.data, e.metadata`;

interface EventRow {
  position: bigint;
  stream: string;
  revision: bigint;
  event_id: string;
  type: string;
  is_json: bigint;
  created: bigint;
  data: Buffer;
  metadata: Buffer;
}

interface StreamRow {
  id: bigint;
  name: string;
  last_revision: bigint;
  tombstoned: bigint;
}

export function openSqliteStorage(file: string): EventStorage {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // Another process holding the file (a second store by mistake) makes us wait, not fail at once.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return new SqliteStorage(db);
}

/** Stream rows kept in memory (bounded: cleared when it grows past this). */
const STREAM_CACHE_SIZE = 10_000;

class SqliteStorage implements EventStorage {
  private readonly statements;
  /** One transaction function for all work (creating one per call was 12 % of an append). */
  private readonly runInTransaction: (work: () => unknown) => unknown;
  /**
   * Stream rows by name (null: no such stream), written through by every change this class makes
   * — it owns the only connection — and dropped when a transaction or savepoint rolls back.
   * Saves the two or three lookups of every append (11 % of its CPU).
   */
  private readonly streams = new Map<string, StreamRow | null>();

  constructor(private readonly db: Database.Database) {
    this.runInTransaction = db.transaction((work: () => unknown) => work());
    // safeIntegers: revisions reach long.MaxValue (tombstones), beyond a JS number's exact range.
    const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
    this.statements = {
      stream: prepare('SELECT * FROM streams WHERE name = ?'),
      createStream: prepare('INSERT INTO streams (name, last_revision) VALUES (?, -1) RETURNING *'),
      setLastRevision: prepare('UPDATE streams SET last_revision = ? WHERE id = ?'),
      setTombstoned: prepare('UPDATE streams SET tombstoned = 1 WHERE id = ?'),
      insert: prepare(`INSERT INTO events
        (stream_id, revision, event_id, type, is_json, created, data, metadata)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      recentWrites: prepare(`SELECT s.name AS stream, e.event_id AS id, e.revision
        FROM events e JOIN streams s ON s.id = e.stream_id ORDER BY e.position DESC LIMIT ?`),
      streamForwards:
        prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id
        WHERE e.stream_id = ? AND e.revision >= ? AND e.revision < ${TOMBSTONE_REVISION}
        ORDER BY e.revision LIMIT ?`),
      streamBackwards:
        prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id
        WHERE e.stream_id = ? AND e.revision <= ? AND e.revision < ${TOMBSTONE_REVISION}
        ORDER BY e.revision DESC LIMIT ?`),
      allForwards:
        prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id
        WHERE e.position >= ? ORDER BY e.position LIMIT ?`),
      allBackwards:
        prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id
        WHERE e.position < ? ORDER BY e.position DESC LIMIT ?`),
      head: prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events').pluck(),
    };
  }

  transaction<T>(work: () => T): T {
    try {
      return this.runInTransaction(work) as T;
    } catch (error) {
      this.streams.clear();
      throw error;
    }
  }

  stream(name: string): StreamState | undefined {
    const row = this.streamRow(name);
    return row && toStreamState(row);
  }

  append(stream: string, firstRevision: bigint, events: readonly NewEvent[]): RecordedEvent[] {
    const row = this.streamRow(stream) ?? this.createStream(stream);
    const recorded = events.map((event, index) =>
      this.insert(row, stream, firstRevision + BigInt(index), event),
    );
    const last = recorded.at(-1);
    if (last) {
      this.statements.setLastRevision.run(last.revision, row.id);
      this.cacheStream(stream, { ...row, last_revision: last.revision });
    }
    return recorded;
  }

  tombstone(stream: string, event: NewEvent): RecordedEvent {
    const row = this.streamRow(stream) ?? this.createStream(stream);
    const recorded = this.insert(row, stream, TOMBSTONE_REVISION, event);
    this.statements.setTombstoned.run(row.id);
    this.cacheStream(stream, { ...row, tombstoned: 1n });
    return recorded;
  }

  recentWrites(limit: number): WrittenId[] {
    return (this.statements.recentWrites.all(limit) as WrittenId[]).reverse();
  }

  readStream(stream: string, from: bigint, direction: Direction, limit: number): RecordedEvent[] {
    const row = this.streamRow(stream);
    if (!row || limit <= 0) return [];
    const statement =
      direction === 'forwards' ? this.statements.streamForwards : this.statements.streamBackwards;
    return (statement.all(row.id, from, limit) as EventRow[]).map(toRecordedEvent);
  }

  readAll(from: bigint, direction: Direction, limit: number): RecordedEvent[] {
    if (limit <= 0) return [];
    const statement =
      direction === 'forwards' ? this.statements.allForwards : this.statements.allBackwards;
    return (statement.all(from, limit) as EventRow[]).map(toRecordedEvent);
  }

  headPosition(): bigint {
    return this.statements.head.get() as bigint;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private streamRow(name: string): StreamRow | undefined {
    const cached = this.streams.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const row = (this.statements.stream.get(name) as StreamRow | undefined) ?? null;
    this.cacheStream(name, row);
    return row ?? undefined;
  }

  private createStream(name: string): StreamRow {
    const row = this.statements.createStream.get(name) as StreamRow;
    this.cacheStream(name, row);
    return row;
  }

  private cacheStream(name: string, row: StreamRow | null): void {
    if (this.streams.size >= STREAM_CACHE_SIZE && !this.streams.has(name)) this.streams.clear();
    this.streams.set(name, row);
  }

  private insert(row: StreamRow, stream: string, revision: bigint, event: NewEvent): RecordedEvent {
    const info = this.statements.insert.run(
      row.id,
      revision,
      event.id,
      event.type,
      event.isJson ? 1 : 0,
      event.created,
      asBuffer(event.data),
      asBuffer(event.metadata),
    );
    return { ...event, position: BigInt(info.lastInsertRowid), stream, revision };
  }
}

function toStreamState(row: StreamRow): StreamState {
  return { name: row.name, lastRevision: row.last_revision, tombstoned: row.tombstoned !== 0n };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    stream: row.stream,
    revision: row.revision,
    id: row.event_id,
    type: row.type,
    isJson: row.is_json !== 0n,
    created: row.created,
    data: row.data,
    metadata: row.metadata,
  };
}

/** better-sqlite3 binds Buffers as BLOBs; wrap (without copying) whatever Uint8Array we were given. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
