// Server side of the audit review, print view and export: reads the lifecycle and text streams from
// the event store on demand (never from a cache), verifies the audit chain, rebuilds Fassungen.
// Callers authorize first (canRead / canReadAudit); nothing here checks who asks.
import 'server-only';
import { streamName } from '../../../domain/application/event-store-port';
import { verifyChain } from '../../../domain/audit/chain';
import { hashText, type VorlageText } from '../../../domain/text/canonical';
import { textStreamName } from '../../../domain/text/text-events';
import { VORLAGE_STREAM_CATEGORY } from '../../../domain/vorlage/events';
import { OFFICE_CATALOGUE } from '../../../domain/offices/catalogue';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import { docToVorlageText } from '../../../editor/convert';
import { services } from '../../_lib/services';
import { coSignedByText, officialDocument, type OfficialDocument } from './official-document';
import {
  fassungenOf,
  lifecycleRecords,
  replayHintFor,
  type FassungSummary,
  type LifecycleRecord,
} from './fassungen';
import {
  contentEventsOf,
  reconstructFassung,
  replayUntil,
  type ContentEvent,
  type ReconstructedFassung,
} from './text-history';

export interface ChainResult {
  readonly ok: boolean;
  readonly eventCount: number;
  readonly headHash: string | null;
  readonly firstBroken: {
    readonly revision: string;
    readonly type: string;
    readonly eventId: string | null;
    readonly reason: string;
    readonly message: string;
  } | null;
  readonly checkedAt: string;
}

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
  const checkedAt = new Date().toISOString();
  if (result.ok) {
    return {
      ok: true,
      eventCount: result.count,
      headHash: result.head.hash,
      firstBroken: null,
      checkedAt,
    };
  }
  const broken = events[result.firstBrokenIndex];
  return {
    ok: false,
    eventCount: events.length,
    headHash: null,
    firstBroken: {
      revision: broken ? broken.revision.toString() : String(result.firstBrokenIndex),
      type: broken?.type ?? 'unbekannt',
      eventId: result.eventId,
      reason: result.reason,
      message: result.message,
    },
    checkedAt,
  };
}

export interface AuditBundle {
  readonly records: readonly LifecycleRecord[];
  readonly fassungen: readonly FassungSummary[];
  readonly chain: ChainResult;
}

export async function loadAuditBundle(vorlageId: string): Promise<AuditBundle> {
  const events = await readLifecycle(vorlageId);
  const records = lifecycleRecords(events);
  return { records, fassungen: fassungenOf(records), chain: await verifyLifecycleChain(events) };
}

export type FassungSource = 'textStream' | 'frozenCopy';

export interface FassungText {
  readonly hash: string;
  readonly text: VorlageText;
  readonly source: FassungSource;
  readonly verified: boolean;
  readonly computedHash: string;
  readonly revision: string | null;
  readonly time: string | null;
  readonly authors: ReconstructedFassung['authors'];
}

/**
 * The text exactly as it was at Fassung `hash`: replayed from the text stream (and re-hashed), or,
 * if the stream never held it, the copy frozen into the lifecycle (also re-hashed). Null when
 * neither exists.
 */
export async function fassungText(
  textEvents: readonly ContentEvent[],
  summary: FassungSummary | undefined,
  hash: string,
): Promise<FassungText | null> {
  const hint = summary ? replayHintFor(summary) : {};
  const replayed = await reconstructFassung(textEvents, hash, hint);
  if (replayed) {
    return {
      hash,
      text: replayed.text,
      source: 'textStream',
      verified: replayed.verified,
      computedHash: replayed.computedHash,
      revision: replayed.revision,
      time: replayed.time,
      authors: replayed.authors,
    };
  }
  if (summary?.frozenText) {
    const computedHash = await hashText(summary.frozenText);
    return {
      hash,
      text: summary.frozenText,
      source: 'frozenCopy',
      verified: computedHash === hash,
      computedHash,
      revision: null,
      time: summary.firstSeen,
      authors: [],
    };
  }
  return null;
}

/** The current text (every content event applied) and its recomputed hash. */
export async function currentFassung(
  textEvents: readonly ContentEvent[],
): Promise<{ text: VorlageText; hash: string; revision: string | null; time: string | null }> {
  if (textEvents.length === 0)
    return { text: {}, hash: await hashText({}), revision: null, time: null };
  const doc = replayUntil(textEvents, textEvents.length - 1);
  try {
    const text = docToVorlageText(doc);
    const last = textEvents[textEvents.length - 1]!;
    return {
      text,
      hash: await hashText(text),
      revision: last.revision.toString(),
      time: last.time,
    };
  } finally {
    doc.destroy();
  }
}

export interface PrintableVorlage {
  readonly document: OfficialDocument;
  /** The printed text is the submitted (decided) Fassung rather than the current working text. */
  readonly isSubmittedFassung: boolean;
  readonly verified: boolean;
}

/**
 * The Vorlage in the official layout: once submitted, the Fassung submitted to the session
 * (replayed and re-hashed); before that, the current text. Section 10 lists the offices whose
 * approval names exactly the printed text.
 */
export async function loadPrintable(state: ExistingVorlage): Promise<PrintableVorlage> {
  const textEvents = await readTextHistory(state.vorlageId);
  const submission = 'submission' in state ? state.submission : null;
  let text: VorlageText;
  let hash: string;
  let verified = true;
  if (submission) {
    const bundle = await loadAuditBundle(state.vorlageId);
    const submittedHash = submission.fassung.textHash;
    const summary = bundle.fassungen.find((fassung) => fassung.hash === submittedHash);
    const replayed = await fassungText(textEvents, summary, submittedHash);
    if (replayed) {
      text = replayed.text;
      hash = submittedHash;
      verified = replayed.verified;
    } else {
      const current = await currentFassung(textEvents);
      text = current.text;
      hash = current.hash;
      verified = current.hash === submittedHash;
    }
  } else {
    const current = await currentFassung(textEvents);
    text = current.text;
    hash = current.hash;
  }
  const document = officialDocument({
    title: state.title,
    sessionDate: submission?.sessionDate ?? state.targetSessionDate,
    rapporteurName: state.rapporteur.name,
    text,
    fassungHash: hash,
    bvvNumber: state.status === 'published' ? state.bvvNumber : null,
    coSignedByText: coSignedByText(Object.values(state.signOffs), hash, OFFICE_CATALOGUE),
  });
  return { document, isSubmittedFassung: submission !== null, verified };
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
