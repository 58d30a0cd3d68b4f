// Adapts event-store/client.ts to the collab server's TextEventSource: backward reads in growing
// pages (so loading stops at the last snapshot) and one $all subscription, filtered by event type
// in the store, for the lock markers.
import type { StoredEvent } from '../domain/application/event-store-port';
import type { EventStoreClient } from '../event-store/client';
import type { TextEventSource } from './text-store';

/** Snapshots come every ~100 events, so one page of 256 normally reaches the last one. */
const FIRST_PAGE = 256;

export function eventStoreTextSource(client: EventStoreClient): TextEventSource {
  return {
    appendToStream: (stream, events, expected) => client.appendToStream(stream, events, expected),

    async *readBackwards(stream: string): AsyncIterable<StoredEvent> {
      let pageSize = FIRST_PAGE;
      // Events appended between two pages shift the page; revisions tell what was already seen.
      let lowestSeen: bigint | null = null;
      for (;;) {
        const page = await client.readStreamBackwards(stream, { maxCount: pageSize });
        for (const event of page) {
          if (lowestSeen !== null && event.revision >= lowestSeen) continue;
          lowestSeen = event.revision;
          yield event;
        }
        if (page.length < pageSize || lowestSeen === 0n) return;
        pageSize *= 4;
      }
    },

    subscribeByType: (typePrefixes, onEvent, onError) => {
      const handle = client.subscribeToAll({
        fromPosition: 'end',
        filter: { eventTypePrefixes: typePrefixes },
        onEvent,
        onError,
      });
      return () => handle.unsubscribe();
    },
  };
}
