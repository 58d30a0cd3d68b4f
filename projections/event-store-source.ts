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
        // Pages: readAll is inclusive of its start, so events at or before `after` are dropped.
        for (;;) {
          const page = await client.readAll({ fromPosition: after ?? 'start', maxCount: pageSize });
          if (closed) return;
          for (const event of page) {
            if (after !== null && event.position <= after) continue;
            after = event.position;
            if (ours(event)) onEvent(event);
            if (closed) return;
          }
          if (page.length < pageSize) break;
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
