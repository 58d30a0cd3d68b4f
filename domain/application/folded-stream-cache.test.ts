// D-89: the handler keeps lifecycles folded between commands and reads only what was appended since,
// by itself or by another process; the cache is bounded.
import { describe, expect, it } from 'vitest';
import { ACTORS } from '../testing/fixtures';
import { createMemoryStore } from '../testing/memory-store';
import { createVorlage, envelope, handlerOn } from '../testing/scenario';
import type { StoredEvent } from './event-store-port';
import { FoldedStreamCache } from './folded-stream-cache';
import { vorlageStreamName } from './vorlage-handler';

describe('folded lifecycle cache (D-89)', () => {
  it('D-89: a later command reads only the events appended since, including another process’s', async () => {
    const store = createMemoryStore();
    const fetched: number[] = [];
    const counting = Object.assign(Object.create(store), {
      readStream: async (stream: string, options?: { fromRevision?: bigint }) => {
        const events = await store.readStream(stream, options);
        fetched.push(events.length);
        return events;
      },
    });
    const handler = handlerOn(counting);
    const { textHash } = await createVorlage(handler, 'v1');
    await handler.load('v1'); // the cache now holds the stream (own appends are read back once)
    const other = handlerOn(store); // another process
    await other.handle(
      envelope(
        'GiveSignOff',
        {
          vorlageId: 'v1',
          officeId: ACTORS.askedBSigner.officeId,
          kind: 'approve',
          fassungHash: textHash,
        },
        ACTORS.askedBSigner,
      ),
    );
    fetched.length = 0;
    await handler.handle(
      envelope(
        'GiveSignOff',
        {
          vorlageId: 'v1',
          officeId: ACTORS.askedSigner.officeId,
          kind: 'approve',
          fassungHash: textHash,
        },
        ACTORS.askedSigner,
      ),
    );
    expect(fetched).toEqual([1]); // only the other process's sign-off
    const state = await handler.load('v1');
    expect(state.status !== 'none' && Object.values(state.signOffs).map((s) => s.status)).toEqual([
      'approved',
      'approved',
    ]);
  });

  it('keeps at most `capacity` streams, dropping the least recently used', async () => {
    const store = createMemoryStore();
    const reads: string[] = [];
    const counting = Object.assign(Object.create(store), {
      readStream: async (stream: string, options?: { fromRevision?: bigint }) => {
        reads.push(`${stream}@${options?.fromRevision ?? 'start'}`);
        return store.readStream(stream, options);
      },
    });
    for (const id of ['a', 'b', 'c']) {
      store.appendUnhooked(
        vorlageStreamName(id),
        [
          {
            id: `00000000-0000-4000-8000-00000000000${id.charCodeAt(0) - 96}`,
            type: 'X',
            data: {},
            metadata: {},
          },
        ],
        'no_stream',
      );
    }
    const cache = new FoldedStreamCache<number>({
      store: counting,
      initial: () => 0,
      fold: (count, events: readonly StoredEvent[]) => count + events.length,
      capacity: 2,
    });
    for (const id of ['a', 'b', 'a', 'c', 'a', 'b']) {
      expect((await cache.read(vorlageStreamName(id))).state).toBe(1);
    }
    expect(reads).toEqual([
      'vorlage-a@start',
      'vorlage-b@start',
      'vorlage-a@1',
      'vorlage-c@start', // drops b (a was used more recently)
      'vorlage-a@1',
      'vorlage-b@start',
    ]);
  });
});
