// Reads the text head of `vorlagetext-<id>` from its tail (D-46): backwards in growing pages until
// the last content event, so a command's cost does not grow with the text's edit history.
import type { EventStreamStore, StoredEvent } from './event-store-port';
import {
  foldTextHeadFromTail,
  type InitialTextFingerprint,
  type TextHead,
} from '../text/text-events';

/** Markers after the last content event are few (a lock, its release), so a small page usually does. */
const FIRST_PAGE = 8;
const PAGE_GROWTH = 8;

export async function readTextHead(
  store: EventStreamStore,
  stream: string,
  initial: InitialTextFingerprint,
): Promise<TextHead> {
  const newestFirst: StoredEvent[] = [];
  let maxCount = FIRST_PAGE;
  let fromRevision: bigint | undefined;
  for (;;) {
    const page = await store.readStreamBackwards(
      stream,
      fromRevision === undefined ? { maxCount } : { fromRevision, maxCount },
    );
    newestFirst.push(...page);
    const oldest = page[page.length - 1];
    const reachesStart = oldest === undefined || page.length < maxCount || oldest.revision === 0n;
    const head = foldTextHeadFromTail(newestFirst, reachesStart, initial);
    if (head) return head;
    // Paging by revision: events appended meanwhile are after the first page, not in between.
    fromRevision = (oldest as StoredEvent).revision - 1n;
    maxCount *= PAGE_GROWTH;
  }
}
