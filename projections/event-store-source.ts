// Adapts the event-store client to the runner's source port. Catching up reads $all in large
// pages (several times faster than a catch-up subscription delivers one event at a time), then
// turns live with a subscription from the last page's end, filtered server-side to the product's
// streams.
import type { StoredEvent } from '../domain/application/event-store-port.ts';
import type { EventStoreClient } from '../event-store/client.ts';
import type { AllEventsSource } from './runner.ts';

/** The product's stream categories (`<category>-<id>`); everything else in $all is ignored. */
export const PRODUCT_STREAM_PREFIXES = ['vorlage-', 'vorlagetext-', 'office-', 'user-'] as const;

export const CATCH_UP_PAGE_SIZE = 2000;

export function eventStoreSource(
  client: Pick<EventStoreClient, 'subscribeToAll' | 'readAll'>,
  streamNamePrefixes: readonly string[] = PRODUCT_STREAM_PREFIXES,
  pageSize = CATCH_UP_PAGE_SIZE,
): AllEventsSource<StoredEvent> {
  const ours = (event: StoredEvent) =>
    streamNamePrefixes.some((prefix) => event.stream.startsWith(prefix));
  return {
    subscribe: ({ fromPosition, onEvent, onCaughtUp, onError }) => {
      let closed = false;
      let live: { unsubscribe(): Promise<void> } | undefined;
      const fail = (error: unknown) => {
        if (!closed) onError(error instanceof Error ? error : new Error(String(error)));
      };
      const run = async (): Promise<void> => {
        let after = fromPosition;
        const read = (from: bigint | null) =>
          client.readAll({ fromPosition: from ?? 'start', maxCount: pageSize });
        // Pages: readAll is inclusive of its start, so events at or before `after` are dropped.
        // The next page is requested before this one is handed on, so reading overlaps folding.
        let page = await read(after);
        for (;;) {
          if (closed) return;
          const last = page[page.length - 1];
          const next = page.length < pageSize || !last ? null : read(last.position);
          // Handled here too, so a failure is not unhandled if the source closes before awaiting it.
          next?.catch(fail);
          for (const event of page) {
            if (after !== null && event.position <= after) continue;
            after = event.position;
            if (ours(event)) onEvent(event);
            if (closed) return;
          }
          if (next === null) break;
          page = await next;
        }
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
          await live?.unsubscribe();
        },
      };
    },
  };
}
