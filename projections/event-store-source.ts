// Adapts the event-store client to the runner's source port. Catching up reads $all in large
// pages (several times faster than a catch-up subscription delivers one event at a time), then
// turns live with a subscription from the last page's end, filtered server-side to the product's
// streams.
import type { StoredEvent } from '../domain/application/event-store-port';
import type { EventStoreClient } from '../event-store/client';
import type { AllEventsSource, SourceEvent } from './runner';

/**
 * Reads $all after `after` up to its current end, handing each of the product's events to
 * `deliver` in order; resolves with the last position read (null: nothing stored yet). Stops early
 * once `signal` is aborted (the source was closed).
 */
export type CatchUpReader<Event> = (
  after: bigint | null,
  deliver: (event: Event) => void,
  signal: AbortSignal,
) => Promise<bigint | null>;

/** The product's stream categories (`<category>-<id>`); everything else in $all is ignored. */
export const PRODUCT_STREAM_PREFIXES = [
  'vorlage-',
  'vorlagetext-',
  'discussion-',
  'office-',
  'user-',
] as const;

export const CATCH_UP_PAGE_SIZE = 2000;

/** Catching up in this thread: pages of $all through the client. */
export function readPagesInline(
  client: Pick<EventStoreClient, 'readAll'>,
  streamNamePrefixes: readonly string[] = PRODUCT_STREAM_PREFIXES,
  pageSize = CATCH_UP_PAGE_SIZE,
): CatchUpReader<StoredEvent> {
  const ours = (event: StoredEvent) =>
    streamNamePrefixes.some((prefix) => event.stream.startsWith(prefix));
  return async (from, deliver, signal) => {
    let after = from;
    const read = (position: bigint | null) =>
      client.readAll({ fromPosition: position ?? 'start', maxCount: pageSize });
    // Pages: readAll is inclusive of its start, so events at or before `after` are dropped.
    // The next page is requested before this one is handed on, so reading overlaps folding.
    let page = await read(after);
    for (;;) {
      if (signal.aborted) return after;
      const last = page[page.length - 1];
      const next = page.length < pageSize || !last ? null : read(last.position);
      // Handled here too, so a failure is not unhandled if the source closes before awaiting it.
      next?.catch(() => undefined);
      for (const event of page) {
        if (after !== null && event.position <= after) continue;
        after = event.position;
        if (ours(event)) deliver(event);
        if (signal.aborted) return after;
      }
      if (next === null) return after;
      page = await next;
    }
  };
}

/**
 * The source: catch up with `catchUp` (default: pages read in this thread), then subscribe live
 * from where it ended. `Event` is what the catch-up hands over (stored, or already decoded).
 */
export function eventStoreSource<CatchUpEvent extends SourceEvent = StoredEvent>(
  client: Pick<EventStoreClient, 'subscribeToAll' | 'readAll'>,
  streamNamePrefixes: readonly string[] = PRODUCT_STREAM_PREFIXES,
  pageSize = CATCH_UP_PAGE_SIZE,
  catchUp?: CatchUpReader<CatchUpEvent>,
): AllEventsSource<StoredEvent | CatchUpEvent> {
  const readPages =
    catchUp ??
    (readPagesInline(client, streamNamePrefixes, pageSize) as CatchUpReader<
      StoredEvent | CatchUpEvent
    >);
  return {
    subscribe: ({ fromPosition, onEvent, onCaughtUp, onError }) => {
      let closed = false;
      const catchUpDone = new AbortController();
      let live: { unsubscribe(): Promise<void> } | undefined;
      const fail = (error: unknown) => {
        if (!closed) onError(error instanceof Error ? error : new Error(String(error)));
      };
      const run = async (): Promise<void> => {
        const after = await readPages(fromPosition, onEvent, catchUpDone.signal);
        if (closed) return;
        live = client.subscribeToAll({
          fromPosition: after ?? 'start',
          filter: { streamNamePrefixes },
          onEvent,
          onCaughtUp,
          onError: fail,
        });
        if (closed) await live.unsubscribe();
      };
      run().catch(fail);
      return {
        close: async () => {
          closed = true;
          catchUpDone.abort();
          await live?.unsubscribe();
        },
      };
    },
  };
}
