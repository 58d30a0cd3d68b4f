// The audit chain's verdict as the audit page and API show it: how many events, the head hash, or
// the first broken link with its revision and event type. The verification itself is the domain's.
import type { ChainVerification } from '../domain/audit/chain';
import type { StoredEvent } from '../domain/application/event-store-port';

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

/** The report for `result`, the verification of `events` (the stream exactly as read) at `checkedAt`. */
export function chainReport(
  events: readonly Pick<StoredEvent, 'revision' | 'type'>[],
  result: ChainVerification,
  checkedAt: string,
): ChainResult {
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
