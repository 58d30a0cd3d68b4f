// What a restarted persistence worker must still store: the relay thread keeps every update it
// handed over until the worker reports it resolved; after a restart, the ones the store already
// holds (stored, but the report died with the worker) are left out, so nothing is stored twice
// and nothing is lost.
import * as Y from 'yjs';
import { SYSTEM_ACTOR } from '../domain/shared/actor';
import type { TextAuthor } from '../domain/text/text-events';

/** An update handed to the worker, kept until it is reported stored. */
export interface KeptUpdate {
  readonly update: Uint8Array;
  readonly author: TextAuthor;
  readonly clientIds: readonly number[];
  /** When the relay thread applied it (ms): its age says whether it counts as unsaved. */
  readonly at: number;
}

/** Who content is attributed to that the store lacks but no kept update explains (see below). */
const UNATTRIBUTED: TextAuthor = { userId: SYSTEM_ACTOR.userId, officeId: SYSTEM_ACTOR.officeId };

/** The Yjs client ids whose items this transaction integrated (their clocks advanced). */
export function integratedClientIds(transaction: Y.Transaction): number[] {
  const ids: number[] = [];
  for (const [clientId, clock] of transaction.afterState) {
    if (clock > (transaction.beforeState.get(clientId) ?? 0)) ids.push(clientId);
  }
  return ids;
}

/**
 * The part of `kept` the store does not hold yet, each with its author: every kept update is
 * applied in order to `stored` (the text as loaded from the store; it is changed), and what it
 * changed there is what must still be appended. Then the relay thread's `current` document is
 * diffed by state vector against the result: anything left (which the kept updates should always
 * explain) is added too, attributed to the system and reported through `onUnattributed`, so that
 * not a character the relay thread holds is lost.
 */
export function missingFromStore(
  stored: Y.Doc,
  kept: readonly KeptUpdate[],
  current: Y.Doc,
  nowMs: number,
  onUnattributed: (bytes: number) => void = () => undefined,
): KeptUpdate[] {
  const missing: KeptUpdate[] = [];
  let source: Pick<KeptUpdate, 'author' | 'at'> | null = null;
  const collect = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    if (source) missing.push({ update, clientIds: integratedClientIds(tr), ...source });
  };
  stored.on('update', collect);
  try {
    for (const entry of kept) {
      source = entry;
      Y.applyUpdate(stored, entry.update);
    }
    source = { author: UNATTRIBUTED, at: nowMs };
    const before = missing.length;
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(current, Y.encodeStateVector(stored)));
    for (const entry of missing.slice(before)) onUnattributed(entry.update.byteLength);
  } finally {
    stored.off('update', collect);
  }
  return missing;
}
