// Adapts the event-store client's $all subscription to the runner's source port, with the
// server-side filter that keeps the subscription to the product's streams.
import type { StoredEvent } from '../domain/application/event-store-port.ts';
import type { EventStoreClient } from '../event-store/client.ts';
import type { AllEventsSource } from './runner.ts';

/** The product's stream categories (`<category>-<id>`); everything else in $all is ignored. */
export const PRODUCT_STREAM_PREFIXES = ['vorlage-', 'vorlagetext-', 'office-', 'user-'] as const;

export function eventStoreSource(
  client: Pick<EventStoreClient, 'subscribeToAll'>,
  streamNamePrefixes: readonly string[] = PRODUCT_STREAM_PREFIXES,
): AllEventsSource<StoredEvent> {
  return {
    subscribe: ({ fromPosition, onEvent, onCaughtUp, onError }) => {
      const handle = client.subscribeToAll({
        fromPosition: fromPosition ?? 'start',
        filter: { streamNamePrefixes },
        onEvent,
        onCaughtUp,
        onError: (error) => onError(error instanceof Error ? error : new Error(String(error))),
      });
      return { close: () => handle.unsubscribe() };
    },
  };
}
