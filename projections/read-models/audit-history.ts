// Read model and projection: the audit history of each Vorlage — every lifecycle event in order with
// actor, office, role, time, Fassung, and the status of its audit-chain link (checked as the event
// was read, with the domain's canonical form; an auditor re-verifies the live stream with
// domain/audit/chain.ts `verifyChain`).
import { GENESIS_HASH, type ChainBreakReason } from '../../domain/audit/chain';
import { defineProjection } from '../definition';
import type { CheckedChainLink, ProductEvent } from '../product-events';
import { READ_MODELS } from '../protocol';
import type { SqliteDatabase as Database } from '../read-model-db';

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

/** The fold state per Vorlage: what the next event's link is checked against. */
interface ChainState {
  readonly nextRevision: number;
  readonly headHash: string;
}

/**
 * Checks one event's link against the chain so far, like verifyChain does for a whole stream (the
 * decoder has already checked the link's hash against the event). Returns the status and the chain
 * state the next event is checked against (a break does not cascade: the next event is checked
 * against this event's own link).
 */
export function checkLink(
  link: CheckedChainLink | null,
  chain: ChainState,
): ChainState & { status: ChainStatus; chainRevision: string | null; hash: string | null } {
  if (!link) {
    return {
      status: 'unchained',
      nextRevision: chain.nextRevision + 1,
      headHash: chain.headHash,
      chainRevision: null,
      hash: null,
    };
  }
  const revision = Number(link.revision);
  const status: ChainStatus = !link.hashMatches
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
  tables: ['audit_events'],
  init: (db) => db.exec(AUDIT_DDL),
  apply: (tx, event) => {
    if (event.kind !== 'lifecycle') return;
    const chain = tx.loadState<ChainState>(event.vorlageId) ?? {
      nextRevision: 0,
      headHash: GENESIS_HASH,
    };
    const checked = checkLink(event.chainLink, chain);
    tx.saveState<ChainState>(event.vorlageId, {
      nextRevision: checked.nextRevision,
      headHash: checked.headHash,
    });
    const data = event.event?.data ?? event.unreadableData;
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
  const rows = db
    // Positions are 64-bit: read them as text, never as a (53-bit) JS number.
    .prepare(
      'SELECT *, CAST(position AS TEXT) AS position FROM audit_events WHERE vorlage_id = ? ORDER BY revision',
    )
    .all(vorlageId) as AuditRow[];
  if (rows.length === 0) return null;
  const broken = rows.find((row) => row.chain_status !== 'ok');
  const last = rows[rows.length - 1]!;
  return {
    vorlageId,
    chain: {
      status: broken ? 'broken' : 'ok',
      eventCount: rows.length,
      headHash: last.chain_hash ?? GENESIS_HASH,
      firstBreak: broken ? { revision: broken.revision, reason: broken.chain_status } : null,
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
