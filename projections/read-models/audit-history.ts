// Read model and projection: the audit history of each Vorlage — every lifecycle event in order with
// actor, office, role, time, Fassung, and the status of its audit-chain link (checked as the event
// was read, with the domain's canonical form; an auditor re-verifies the live stream with
// domain/audit/chain.ts `verifyChain`).
import { createHash } from 'node:crypto';
import {
  canonicalChainedEvent,
  chainLinkOf,
  GENESIS_HASH,
  type ChainBreakReason,
} from '../../domain/audit/chain.ts';
import { defineProjection } from '../definition.ts';
import type { LifecycleEvent, ProductEvent } from '../product-events.ts';
import { READ_MODELS } from '../protocol.ts';
import type { SqliteDatabase as Database } from '../read-model-db.ts';

/** Bump when the tables or the fold below change: the runner then rebuilds this projection. */
export const AUDIT_HISTORY_VERSION = 1;

export type ChainStatus = 'ok' | Exclude<ChainBreakReason, 'reordered' | 'truncated'>;

export const AUDIT_DDL = `
  CREATE TABLE IF NOT EXISTS audit_events (
    vorlage_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    time TEXT NOT NULL,
    actor_user_id TEXT,
    actor_name TEXT,
    actor_office_id TEXT,
    actor_role TEXT,
    command_id TEXT,
    correlation_id TEXT,
    fassung_hash TEXT,
    details TEXT,
    readable INTEGER NOT NULL,
    problem TEXT,
    chain_revision TEXT,
    chain_hash TEXT,
    chain_status TEXT NOT NULL,
    PRIMARY KEY (vorlage_id, revision)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS audit_chain (
    vorlage_id TEXT PRIMARY KEY,
    event_count INTEGER NOT NULL,
    next_revision INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    first_break_revision INTEGER,
    first_break_reason TEXT
  ) STRICT;
`;

/** Large fields (whole texts) stay in the store; the history names their Fassung instead. */
const OMITTED_FIELDS = new Set(['initialText', 'text']);

function details(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const kept = Object.fromEntries(
    Object.entries(data as Record<string, unknown>).filter(([key]) => !OMITTED_FIELDS.has(key)),
  );
  return JSON.stringify(kept);
}

function fassungHashOf(data: unknown): string | null {
  if (data === null || typeof data !== 'object') return null;
  const record = data as {
    fassung?: { textHash?: unknown };
    initialFassung?: { textHash?: unknown };
  };
  const hash = record.fassung?.textHash ?? record.initialFassung?.textHash;
  return typeof hash === 'string' ? hash : null;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

interface ChainRow {
  event_count: number;
  next_revision: number;
  head_hash: string;
  first_break_revision: number | null;
  first_break_reason: string | null;
}

/**
 * Checks one event's link against the chain so far, like verifyChain does for a whole stream.
 * Returns the status and the chain state the next event is checked against (a break does not
 * cascade: the next event is checked against this event's own link).
 */
export function checkLink(
  event: Pick<LifecycleEvent, 'id' | 'type' | 'storedData' | 'storedMetadata'>,
  chain: { nextRevision: number; headHash: string },
): {
  status: ChainStatus;
  nextRevision: number;
  headHash: string;
  chainRevision: string | null;
  hash: string | null;
} {
  const link = chainLinkOf({ metadata: event.storedMetadata });
  if (!link) {
    return {
      status: 'unchained',
      nextRevision: chain.nextRevision + 1,
      headHash: chain.headHash,
      chainRevision: null,
      hash: null,
    };
  }
  const recomputed = sha256Hex(
    link.previousHash +
      canonicalChainedEvent(
        { id: event.id, type: event.type, data: event.storedData, metadata: event.storedMetadata },
        link,
      ),
  );
  const revision = Number(link.revision);
  const status: ChainStatus =
    recomputed !== link.hash
      ? 'changed'
      : revision > chain.nextRevision
        ? 'removed'
        : revision < chain.nextRevision
          ? 'inserted'
          : link.previousHash !== chain.headHash
            ? 'changed'
            : 'ok';
  return {
    status,
    nextRevision: revision + 1,
    headHash: link.hash,
    chainRevision: link.revision,
    hash: link.hash,
  };
}

export const auditHistoryProjection = defineProjection<ProductEvent>({
  name: READ_MODELS.auditHistory,
  version: AUDIT_HISTORY_VERSION,
  handles: ['*'],
  tables: ['audit_events', 'audit_chain'],
  init: (db) => db.exec(AUDIT_DDL),
  apply: (tx, event) => {
    if (event.kind !== 'lifecycle') return;
    const chain = tx.get<ChainRow>(
      'SELECT * FROM audit_chain WHERE vorlage_id = ?',
      event.vorlageId,
    );
    const checked = checkLink(event, {
      nextRevision: chain?.next_revision ?? 0,
      headHash: chain?.head_hash ?? GENESIS_HASH,
    });
    const data = event.event?.data ?? event.storedData;
    tx.run(
      `INSERT INTO audit_events (vorlage_id, revision, position, event_id, type, time, actor_user_id,
         actor_name, actor_office_id, actor_role, command_id, correlation_id, fassung_hash, details,
         readable, problem, chain_revision, chain_hash, chain_status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (vorlage_id, revision) DO NOTHING`,
      event.vorlageId,
      event.revision,
      event.position,
      event.id,
      event.type,
      event.time,
      event.actor?.userId ?? null,
      event.actor?.displayName ?? null,
      event.actor?.officeId ?? null,
      event.actor?.role ?? null,
      event.commandId,
      event.correlationId,
      fassungHashOf(data),
      details(data),
      event.event === null ? 0 : 1,
      event.problem,
      checked.chainRevision,
      checked.hash,
      checked.status,
    );
    const firstBreak =
      chain?.first_break_reason != null || checked.status === 'ok'
        ? {
            revision: chain?.first_break_revision ?? null,
            reason: chain?.first_break_reason ?? null,
          }
        : { revision: Number(event.revision), reason: checked.status };
    tx.run(
      `INSERT INTO audit_chain (vorlage_id, event_count, next_revision, head_hash, first_break_revision, first_break_reason)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (vorlage_id) DO UPDATE SET event_count = excluded.event_count,
         next_revision = excluded.next_revision, head_hash = excluded.head_hash,
         first_break_revision = excluded.first_break_revision, first_break_reason = excluded.first_break_reason`,
      event.vorlageId,
      (chain?.event_count ?? 0) + 1,
      checked.nextRevision,
      checked.headHash,
      firstBreak.revision,
      firstBreak.reason,
    );
    tx.changed(event.vorlageId);
  },
});

// ---- queries ------------------------------------------------------------------------------

export interface AuditEntry {
  /** Revision in `vorlage-<id>`: the event's place in the history. */
  readonly revision: number;
  /** Commit position in $all. */
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly time: string;
  readonly actor: {
    readonly userId: string;
    readonly displayName: string | null;
    readonly officeId: string | null;
    readonly role: string | null;
  } | null;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  /** The Fassung (text hash) the event names, if any. */
  readonly fassungHash: string | null;
  /** The event's data (upcast), without whole texts. */
  readonly details: Record<string, unknown> | null;
  /** False when the domain could not read the event (then `problem` says why). */
  readonly readable: boolean;
  readonly problem: string | null;
  readonly chain: {
    readonly status: ChainStatus;
    readonly revision: string | null;
    readonly hash: string | null;
  };
}

export interface AuditHistory {
  readonly vorlageId: string;
  readonly chain: {
    /** 'ok' when every link held as the events were read. */
    readonly status: 'ok' | 'broken';
    readonly eventCount: number;
    readonly headHash: string;
    readonly firstBreak: { readonly revision: number; readonly reason: string } | null;
  };
  readonly events: readonly AuditEntry[];
}

interface AuditRow {
  revision: number;
  position: string;
  event_id: string;
  type: string;
  time: string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_office_id: string | null;
  actor_role: string | null;
  command_id: string | null;
  correlation_id: string | null;
  fassung_hash: string | null;
  details: string | null;
  readable: number;
  problem: string | null;
  chain_revision: string | null;
  chain_hash: string | null;
  chain_status: ChainStatus;
}

export function getAuditHistory(db: Database, vorlageId: string): AuditHistory | null {
  const chain = db.prepare('SELECT * FROM audit_chain WHERE vorlage_id = ?').get(vorlageId) as
    ChainRow | undefined;
  if (!chain) return null;
  const rows = db
    // Positions are 64-bit: read them as text, never as a (53-bit) JS number.
    .prepare(
      'SELECT *, CAST(position AS TEXT) AS position FROM audit_events WHERE vorlage_id = ? ORDER BY revision',
    )
    .all(vorlageId) as AuditRow[];
  return {
    vorlageId,
    chain: {
      status: chain.first_break_reason === null ? 'ok' : 'broken',
      eventCount: chain.event_count,
      headHash: chain.head_hash,
      firstBreak:
        chain.first_break_reason === null
          ? null
          : { revision: chain.first_break_revision ?? -1, reason: chain.first_break_reason },
    },
    events: rows.map((row) => ({
      revision: row.revision,
      position: row.position,
      eventId: row.event_id,
      type: row.type,
      time: row.time,
      actor:
        row.actor_user_id === null
          ? null
          : {
              userId: row.actor_user_id,
              displayName: row.actor_name,
              officeId: row.actor_office_id,
              role: row.actor_role,
            },
      commandId: row.command_id,
      correlationId: row.correlation_id,
      fassungHash: row.fassung_hash,
      details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
      readable: row.readable === 1,
      problem: row.problem,
      chain: { status: row.chain_status, revision: row.chain_revision, hash: row.chain_hash },
    })),
  };
}
