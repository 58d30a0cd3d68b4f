// D-46 over gRPC against the real store (embedded, or EventStoreDB via ESDB_CONNECTION_STRING): the
// backward text-head read through @eventstore/db-client equals the forward fold on random histories.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import { startTestEventStore, type TestEventStore } from '../../event-store/testing';
import { FC_SEED, withSeed } from '../testing/fast-check';
import { F0 } from '../testing/fixtures';
import { textHistoryArbitrary } from '../testing/text-histories';
import { foldTextHead, textStreamName } from '../text/text-events';
import { readTextHead } from './text-head';

const RUN = Math.floor(Math.random() * 0xffffff).toString(16);

describe(`D-46 backward text-head read over gRPC (seed ${FC_SEED})`, () => {
  let store: TestEventStore;
  let client: EventStoreClient;
  let streams = 0;

  beforeAll(async () => {
    store = await startTestEventStore();
    client = createEventStoreClient(store.connectionString);
  });
  afterAll(async () => {
    await client.close();
    await store.stop();
  });

  it('D-46: equals the forward fold on random histories', async () => {
    await fc.assert(
      fc.asyncProperty(textHistoryArbitrary, async (history) => {
        streams += 1;
        const stream = textStreamName(`th${RUN}_${streams}`);
        // Ids are unique per stream only; EventStoreDB dedupes ids across a stream's appends.
        if (history.length > 0) await client.appendToStream(stream, history, 'no_stream');
        const forward = foldTextHead(await client.readStream(stream), F0);
        expect(await readTextHead(client, stream, F0)).toEqual(forward);
      }),
      withSeed({ numRuns: 60 }),
    );
  });
});
