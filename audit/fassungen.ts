// The Fassungen of a Vorlage as its lifecycle names them: every event that refers to a frozen text
// (creation, request, freeze, sign-off, refusal, lock, submission), grouped by the Fassung hash, so
// the audit view can offer "the text as this sign-off saw it".
import { readEventMetadata } from '../domain/application/event-metadata';
import type { VorlageText } from '../domain/text/canonical';
import { parseVorlageEvent, type VorlageEvent } from '../domain/vorlage/events';

export interface LifecycleRecord {
  readonly revision: string;
  readonly time: string;
  readonly actor: {
    readonly userId: string;
    readonly displayName: string;
    readonly officeId: string;
    readonly role: string;
  } | null;
  readonly event: VorlageEvent;
}

/** The fields of a stored lifecycle event this module reads (StoredEvent satisfies it). */
export interface RawLifecycleEvent {
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
}

/** When and by whom a stored domain event was written (from its metadata; else the store's time). */
export function whenAndWho(
  stored: Pick<RawLifecycleEvent, 'revision' | 'metadata' | 'created'>,
): Pick<LifecycleRecord, 'revision' | 'time' | 'actor'> {
  const metadata = readEventMetadata(stored.metadata);
  return {
    revision: stored.revision.toString(),
    time: metadata?.time ?? stored.created.toISOString(),
    actor: metadata
      ? {
          userId: metadata.actor.userId,
          displayName: metadata.actor.displayName,
          officeId: metadata.actor.officeId,
          role: metadata.actor.role,
        }
      : null,
  };
}

/** Parses the lifecycle stream; unreadable events are skipped here (the timeline shows them). */
export function lifecycleRecords(events: readonly RawLifecycleEvent[]): LifecycleRecord[] {
  const records: LifecycleRecord[] = [];
  for (const stored of events) {
    const metadata = readEventMetadata(stored.metadata);
    let event: VorlageEvent;
    try {
      event = parseVorlageEvent(stored.type, stored.data, metadata?.schemaVersion ?? 1);
    } catch (error) {
      // The audit timeline reports unreadable events from the read model; Fassungen skip them.
      console.warn('lifecycle event unreadable', stored.revision.toString(), error);
      continue;
    }
    records.push({ ...whenAndWho(stored), event });
  }
  return records;
}

export type FassungUse =
  | 'created'
  | 'requested'
  | 'frozen'
  | 'approved'
  | 'approvedWithRemarks'
  | 'refused'
  | 'deemedGiven'
  | 'locked'
  | 'submitted';

export interface FassungReference {
  readonly use: FassungUse;
  readonly revision: string;
  readonly time: string;
  /** Who acted (the signer for sign-offs). */
  readonly who: string | null;
  readonly officeId: string | null;
  /** Revision of the text stream named with the Fassung, when the event records one. */
  readonly textRevision: string | null;
}

export interface FassungSummary {
  readonly hash: string;
  readonly firstSeen: string;
  readonly references: readonly FassungReference[];
  /** The text as frozen into the lifecycle stream, when the command supplied it. */
  readonly frozenText: VorlageText | null;
}

function referenceOf(
  record: LifecycleRecord,
): { hash: string; reference: FassungReference } | null {
  const base = { revision: record.revision, time: record.time };
  const actorName = record.actor?.displayName ?? null;
  const actorOffice = record.actor?.officeId ?? null;
  const { event } = record;
  switch (event.type) {
    case 'VorlageCreated':
      return {
        hash: event.data.initialFassung.textHash,
        reference: {
          ...base,
          use: 'created',
          who: actorName,
          officeId: actorOffice,
          textRevision: null,
        },
      };
    case 'SignOffsRequested':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: 'requested',
          who: actorName,
          officeId: actorOffice,
          textRevision: event.data.textRevision,
        },
      };
    case 'TextVersionFrozen':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: 'frozen',
          who: actorName,
          officeId: actorOffice,
          textRevision: event.data.textRevision,
        },
      };
    case 'SignOffGiven':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: event.data.kind === 'approve' ? 'approved' : 'approvedWithRemarks',
          who: event.data.signer.displayName,
          officeId: event.data.officeId,
          textRevision: null,
        },
      };
    case 'SignOffRefused':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: 'refused',
          who: event.data.signer.displayName,
          officeId: event.data.officeId,
          textRevision: null,
        },
      };
    case 'SignOffDeemedGiven':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: 'deemedGiven',
          who: null,
          officeId: event.data.officeId,
          textRevision: null,
        },
      };
    case 'EditingLocked':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: 'locked',
          who: actorName,
          officeId: actorOffice,
          textRevision: event.data.textRevision,
        },
      };
    case 'SubmittedToSession':
      return {
        hash: event.data.fassung.textHash,
        reference: {
          ...base,
          use: 'submitted',
          who: actorName,
          officeId: actorOffice,
          textRevision: null,
        },
      };
    default:
      return null;
  }
}

/** Every Fassung the lifecycle names, in order of first mention, with every event naming it. */
export function fassungenOf(records: readonly LifecycleRecord[]): FassungSummary[] {
  const byHash = new Map<
    string,
    { firstSeen: string; references: FassungReference[]; frozenText: VorlageText | null }
  >();
  for (const record of records) {
    const found = referenceOf(record);
    if (!found) continue;
    const entry = byHash.get(found.hash) ?? {
      firstSeen: record.time,
      references: [],
      frozenText: null,
    };
    entry.references.push(found.reference);
    if (record.event.type === 'TextVersionFrozen' && record.event.data.text) {
      entry.frozenText = record.event.data.text;
    }
    byHash.set(found.hash, entry);
  }
  return [...byHash.entries()].map(([hash, entry]) => ({ hash, ...entry }));
}

/** The Fassung the board decided on: the one submitted to the session (last submission). */
export function decidedFassungHash(records: readonly LifecycleRecord[]): string | null {
  let hash: string | null = null;
  for (const record of records) {
    if (record.event.type === 'SubmittedToSession') hash = record.event.data.fassung.textHash;
  }
  return hash;
}

/** A replay hint for a Fassung: the text revision an event recorded, else the time of first use. */
export function replayHintFor(summary: FassungSummary): {
  revision: string | null;
  notAfter: string;
} {
  const withRevision = summary.references.find((reference) => reference.textRevision !== null);
  return { revision: withRevision?.textRevision ?? null, notAfter: summary.firstSeen };
}
