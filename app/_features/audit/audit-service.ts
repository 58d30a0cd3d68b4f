// Server side of the audit review, print view and export: reads the lifecycle and text streams from
// the event store on demand (never from a cache), verifies the audit chain with the product's keys
// and the clock, and hands the events to the framework-free audit/ modules.
// Callers authorize first (canRead / canReadAudit); nothing here checks who asks.
import 'server-only';
import { chainReport, type ChainResult } from '../../../audit/chain-report';
import {
  fassungenOf,
  lifecycleRecords,
  whenAndWho,
  type FassungSummary,
  type LifecycleRecord,
} from '../../../audit/fassungen';
import { printableVorlage, type PrintableVorlage } from '../../../audit/printable';
import { contentEventsOf, type ContentEvent } from '../../../audit/text-history';
import { streamName } from '../../../domain/application/event-store-port';
import { discussionStreamName } from '../../../domain/application/discussion-handler';
import { verifyChain } from '../../../domain/audit/chain';
import { textStreamName } from '../../../domain/text/text-events';
import { VORLAGE_STREAM_CATEGORY } from '../../../domain/vorlage/events';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import { services } from '../../_lib/services';

export async function readLifecycle(vorlageId: string) {
  return services().store.readStream(streamName(VORLAGE_STREAM_CATEGORY, vorlageId));
}

export async function readTextHistory(vorlageId: string): Promise<ContentEvent[]> {
  return contentEventsOf(await services().store.readStream(textStreamName(vorlageId)));
}

/**
 * Runs the domain's chain verifier over the stream exactly as the store returns it now, checking
 * every seal's signature against the product's audit keys (D-87).
 */
export async function verifyLifecycleChain(
  events: Awaited<ReturnType<typeof readLifecycle>>,
): Promise<ChainResult> {
  const result = await verifyChain(events, { trust: services().auditTrust });
  return chainReport(events, result, new Date().toISOString());
}

/** A discussion event as the audit page and the audit JSON list it (D-136, D-183). */
export interface DiscussionAuditEntry extends Pick<LifecycleRecord, 'revision' | 'time' | 'actor'> {
  /** `discussion-<id>`: the stream (and hash chain) the event belongs to. */
  readonly stream: string;
  readonly type: string;
  readonly details: Record<string, unknown> | null;
}

/**
 * The discussion stream of a Vorlage as stored, with its own audit chain verified now (D-136): the
 * comments are chained apart from the lifecycle, so comment traffic never contends with sign-offs.
 */
export async function loadDiscussionAudit(vorlageId: string): Promise<{
  readonly stream: string;
  readonly chain: ChainResult;
  readonly entries: readonly DiscussionAuditEntry[];
}> {
  const stream = discussionStreamName(vorlageId);
  const events = await services().store.readStream(stream);
  const chain = await verifyLifecycleChain(events);
  const entries = events.map((event) => {
    const data = event.data;
    return {
      ...whenAndWho(event),
      stream,
      type: event.type,
      details:
        data !== null &&
        typeof data === 'object' &&
        !Array.isArray(data) &&
        !(data instanceof Uint8Array)
          ? (data as Record<string, unknown>)
          : null,
    };
  });
  return { stream, chain, entries };
}

export interface AuditBundle {
  readonly records: readonly LifecycleRecord[];
  readonly fassungen: readonly FassungSummary[];
  readonly chain: ChainResult;
}

/** The Fassungen the lifecycle names, without verifying the chain (for views that show no chain). */
export async function loadFassungen(vorlageId: string): Promise<readonly FassungSummary[]> {
  return fassungenOf(lifecycleRecords(await readLifecycle(vorlageId)));
}

export async function loadAuditBundle(vorlageId: string): Promise<AuditBundle> {
  const events = await readLifecycle(vorlageId);
  const records = lifecycleRecords(events);
  return { records, fassungen: fassungenOf(records), chain: await verifyLifecycleChain(events) };
}

/**
 * The Vorlage in the official layout (audit/printable.ts); the Fassungen are read only once it is
 * submitted, since only then is the printed text a Fassung rather than the current text.
 */
export async function loadPrintable(state: ExistingVorlage): Promise<PrintableVorlage> {
  const textEvents = await readTextHistory(state.vorlageId);
  const submitted = 'submission' in state && Boolean(state.submission);
  const fassungen = submitted ? await loadFassungen(state.vorlageId) : [];
  return printableVorlage(state, textEvents, fassungen);
}

/** Display names for the user ids on text events (from the directory); unknown ids stay ids. */
export async function displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(userIds)].map(async (userId) => {
      try {
        const state = await services().directory.loadUser(userId);
        names.set(userId, state.status === 'none' ? userId : state.displayName);
      } catch (error) {
        services().log.warn({ err: error, userId }, 'author name unavailable');
        names.set(userId, userId);
      }
    }),
  );
  return names;
}
