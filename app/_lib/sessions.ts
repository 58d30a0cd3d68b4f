// Server-side sessions in SQLite: the browser holds only a random token in an HttpOnly cookie; the
// store keeps its SHA-256, so a leaked database file does not yield usable cookies. Sessions end
// after an idle period and after an absolute lifetime, and sign-out deletes them.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export const SESSION_COOKIE = 'vorlagen_session';
const IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface Session {
  readonly userId: string;
  readonly createdAt: number;
}

export class SessionStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      token_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL
    )`);
  }

  /** Returns the cookie value; only its hash is stored. */
  create(userId: string, now: number): string {
    const token = randomBytes(32).toString('base64url');
    this.db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
      )
      .run(hashToken(token), userId, now, now);
    return token;
  }

  /** The live session for a cookie value, touching its idle timer; undefined when ended. */
  find(token: string, now: number): Session | undefined {
    const row = this.db
      .prepare('SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?')
      .get(hashToken(token)) as
      { user_id: string; created_at: number; last_seen_at: number } | undefined;
    if (!row) return undefined;
    if (now - row.last_seen_at > IDLE_TIMEOUT_MS || now - row.created_at > ABSOLUTE_LIFETIME_MS) {
      this.delete(token);
      return undefined;
    }
    this.db
      .prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?')
      .run(now, hashToken(token));
    return { userId: row.user_id, createdAt: row.created_at };
  }

  /** Ends every session of `userId` but the one with cookie value `keep` (if given). */
  deleteForUser(userId: string, keep?: string): void {
    this.db
      .prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash != ?')
      .run(userId, keep === undefined ? '' : hashToken(keep));
  }

  delete(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  deleteExpired(now: number): void {
    this.db
      .prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?')
      .run(now - IDLE_TIMEOUT_MS, now - ABSOLUTE_LIFETIME_MS);
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const SESSION_MAX_AGE_SECONDS = ABSOLUTE_LIFETIME_MS / 1000;
