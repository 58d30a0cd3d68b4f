// D-46 against the in-memory store: the backward text-head read equals the forward fold on random
// protocol histories, whatever the page boundaries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED, withSeed } from '../testing/fast-check';
import { F0 } from '../testing/fixtures';
import { createMemoryStore } from '../testing/memory-store';
import { textHistoryArbitrary } from '../testing/text-histories';
import { foldTextHead } from '../text/text-events';
import { readTextHead } from './text-head';

describe(`D-46 backward text-head read (seed ${FC_SEED})`, () => {
  it('D-46: equals the forward fold of the whole stream on random histories', async () => {
    await fc.assert(
      fc.asyncProperty(textHistoryArbitrary, async (history) => {
        const store = createMemoryStore();
        if (history.length > 0) store.appendUnhooked('vorlagetext-p', history, 'no_stream');
        const forward = foldTextHead(await store.readStream('vorlagetext-p'), F0);
        expect(await readTextHead(store, 'vorlagetext-p', F0)).toEqual(forward);
      }),
      withSeed({ numRuns: 300 }),
    );
  });

  it('D-46: stops at the last content event instead of reading the whole history', async () => {
    const store = createMemoryStore();
    const updates = Array.from({ length: 500 }, (_, n) => ({
      id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
      type: 'TextUpdated',
      data: new Uint8Array([1]),
      metadata: {
        schemaVersion: 1,
        ...F0,
        time: '2026-05-04T09:00:00Z',
        snapshot: false,
        authors: [{ userId: 'anna', officeId: 'jugendamt' }],
      },
    }));
    store.appendUnhooked('vorlagetext-q', updates, 'no_stream');
    let eventsRead = 0;
    const counting = {
      ...store,
      readStreamBackwards: async (stream: string, options: { maxCount: number }) => {
        const page = await store.readStreamBackwards(stream, options);
        eventsRead += page.length;
        return page;
      },
    };
    const head = await readTextHead(counting, 'vorlagetext-q', F0);
    expect(head.headRevision).toBe(499n);
    expect(eventsRead).toBeLessThanOrEqual(8);
  });
});
