// The mailer's own store (D-123): every mail queued, with its idempotency key, text, recipient and
// delivery state, in `DATA_DIR/mail/delivery.sqlite` — outside the read models, so rebuilding them
// never forgets what was sent. The key is the primary key: a mail is queued once and, once the SMTP
// server accepted it, never sent again, across restarts.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OutboxCursor } from '../projections/read-models/outbox';

export interface QueuedMail {
  readonly key: string;
  readonly kind: string;
  readonly vorlageId: string;
  readonly officeId: string;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
}

export interface DeliveryRecord extends QueuedMail {
  readonly status: 'pending' | 'sent';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string;
  readonly queuedAt: string;
  readonly sentAt: string | null;
}

const DDL = `
  CREATE TABLE IF NOT EXISTS deliveries (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    vorlage_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    sent_at TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
  CREATE INDEX IF NOT EXISTS deliveries_by_vorlage ON deliveries (vorlage_id, queued_at);
  CREATE TABLE IF NOT EXISTS outbox_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    key TEXT NOT NULL
  ) STRICT;
`;

interface Row {
  key: string;
  kind: string;
  vorlage_id: string;
  office_id: string;
  recipient: string;
  subject: string;
  text: string;
  status: 'pending' | 'sent';
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  queued_at: string;
  sent_at: string | null;
}

const toRecord = (row: Row): DeliveryRecord => ({
  key: row.key,
  kind: row.kind,
  vorlageId: row.vorlage_id,
  officeId: row.office_id,
  recipient: row.recipient,
  subject: row.subject,
  text: row.text,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  nextAttemptAt: row.next_attempt_at,
  queuedAt: row.queued_at,
  sentAt: row.sent_at,
});

export class DeliveryStore {
  private readonly db: Database.Database;

  constructor(path: string, options: { readonly readonly?: boolean } = {}) {
    if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.exec(DDL);
    }
  }

  cursor(): OutboxCursor {
    const row = this.db.prepare('SELECT position, key FROM outbox_cursor WHERE id = 1').get() as
      { position: number | bigint; key: string } | undefined;
    return row ? { position: BigInt(row.position), key: row.key } : { position: -1n, key: '' };
  }

  /** Queues mails (a known key is left as it is) and moves the cursor, in one transaction. */
  enqueue(mails: readonly QueuedMail[], now: string, cursor?: OutboxCursor): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO deliveries
         (key, kind, vorlage_id, office_id, recipient, subject, text, status, next_attempt_at, queued_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    const moveCursor = this.db.prepare(
      `INSERT INTO outbox_cursor (id, position, key) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, key = excluded.key`,
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const mail of mails) {
        added += insert.run(
          mail.key,
          mail.kind,
          mail.vorlageId,
          mail.officeId,
          mail.recipient,
          mail.subject,
          mail.text,
          now,
          now,
        ).changes;
      }
      if (cursor) moveCursor.run(cursor.position, cursor.key);
      return added;
    })();
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM deliveries WHERE key = ?').get(key) !== undefined;
  }

  due(now: string, limit = 100): DeliveryRecord[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
           ORDER BY queued_at, key LIMIT ?`,
        )
        .all(now, limit) as Row[]
    ).map(toRecord);
  }

  markSent(key: string, at: string): void {
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL
         WHERE key = ?`,
      )
      .run(at, key);
  }

  markFailed(key: string, error: string, nextAttemptAt: string): void {
    this.db
      .prepare(
        `UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
         WHERE key = ?`,
      )
      .run(error.slice(0, 500), nextAttemptAt, key);
  }

  /** The newest mails first, optionally of one Vorlage (Postausgang, audit trail). */
  list(options: { readonly vorlageId?: string; readonly limit?: number } = {}): DeliveryRecord[] {
    const limit = options.limit ?? 200;
    const rows = options.vorlageId
      ? this.db
          .prepare(
            'SELECT * FROM deliveries WHERE vorlage_id = ? ORDER BY queued_at DESC, key LIMIT ?',
          )
          .all(options.vorlageId, limit)
      : this.db.prepare('SELECT * FROM deliveries ORDER BY queued_at DESC, key LIMIT ?').all(limit);
    return (rows as Row[]).map(toRecord);
  }

  close(): void {
    this.db.close();
  }
}
