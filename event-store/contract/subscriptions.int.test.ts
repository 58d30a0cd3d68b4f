// Contract: catch-up subscriptions to $all and to streams, filters and checkpoints
// (SPEC.md ES-14 … ES-16).
import {
  END,
  START,
  StreamDeletedError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeContract,
  collectUntil,
  event,
  openContract,
  readAllOf,
  revisions,
  uniqueStream,
  type ContractContext,
} from './helpers';

let context: ContractContext;
beforeAll(async () => {
  context = await openContract();
});
afterAll(() => closeContract(context));

async function appendMany(stream: string, count: number, batchSize: number): Promise<void> {
  for (let written = 0; written < count; written += batchSize) {
    const size = Math.min(batchSize, count - written);
    await context.client.appendToStream(
      stream,
      Array.from({ length: size }, (_, index) => event('Numbered', { index: written + index })),
    );
  }
}

/** A live subscription to one stream's events (from the end), counting "fell behind" messages. */
async function liveSubscriber(stream: string) {
  const subscription = context.client.subscribeToAll({
    fromPosition: END,
    filter: streamNameFilter({ prefixes: [stream] }),
  });
  let fellBehind = 0;
  subscription.on('fellBehind', () => (fellBehind += 1));
  await new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
  return { subscription, fellBehind: () => fellBehind };
}

const inStream = (stream: string) => (resolved: AllStreamResolvedEvent | ResolvedEvent) =>
  resolved.event?.streamId === stream;

describe('subscriptions to $all', () => {
  it('ES-14 turns from catch-up to live without a gap or a duplicate while a writer appends', async () => {
    const stream = uniqueStream();
    await appendMany(stream, 1500, 50);
    const subscription = context.client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: [stream] }),
    });
    let caughtUp = 0;
    subscription.on('caughtUp', () => (caughtUp += 1));
    const received = collectUntil(subscription, (events) => events.length >= 2500);
    // Keep writing while the subscription is still catching up, then after it went live.
    const writer = (async () => {
      for (let index = 0; index < 1000; index += 1) {
        await context.client.appendToStream(stream, event('Live', { index }));
      }
    })();
    const [events] = await Promise.all([received, writer]);
    await subscription.unsubscribe();
    expect(revisions(events)).toEqual(Array.from({ length: 2500 }, (_, index) => BigInt(index)));
    expect(caughtUp).toBeGreaterThanOrEqual(context.store.embedded ? 1 : 0);
  });

  it('ES-14 from a position delivers the events after it (exclusive)', async () => {
    const stream = uniqueStream();
    await appendMany(stream, 5, 5);
    const own = await readAllOf(context.client.readStream(stream));
    const subscription = context.client.subscribeToAll({
      fromPosition: own[1]!.event!.position!,
      filter: streamNameFilter({ prefixes: [stream] }),
    });
    const events = await collectUntil(subscription, (received) => received.length >= 3);
    await subscription.unsubscribe();
    expect(revisions(events)).toEqual([2n, 3n, 4n]);
  });

  it('ES-14 from the end delivers only events appended afterwards', async () => {
    const stream = uniqueStream();
    await appendMany(stream, 3, 3);
    const subscription = context.client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [stream] }),
    });
    await new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    const received = collectUntil(subscription, (events) => events.length >= 2);
    await appendMany(stream, 2, 1);
    const events = await received;
    await subscription.unsubscribe();
    expect(revisions(events)).toEqual([3n, 4n]);
  });

  it('ES-14 a 384-event commit to an idle live subscriber arrives whole, without "fell behind"', async () => {
    const stream = uniqueStream('burst');
    const { subscription, fellBehind } = await liveSubscriber(stream);
    const received = collectUntil(subscription, (events) => events.length >= 384);
    await appendMany(stream, 384, 384);
    const events = await received;
    await subscription.unsubscribe();
    expect(revisions(events)).toEqual(Array.from({ length: 384 }, (_, index) => BigInt(index)));
    expect(fellBehind()).toBe(0);
  });

  it('ES-14 a consumer with a real backlog is told "fell behind" and gets every event, in order', async () => {
    const stream = uniqueStream('backlog');
    const { subscription, fellBehind } = await liveSubscriber(stream);
    const received = collectUntil(subscription, (events) => events.length >= 6000);
    subscription.pause(); // the consumer stops reading while 6,000 events of 2 KB are committed
    const padding = 'x'.repeat(2048);
    for (let written = 0; written < 6000; written += 500) {
      await context.client.appendToStream(
        stream,
        Array.from({ length: 500 }, (_, index) =>
          event('Padded', { index: written + index, padding }),
        ),
      );
    }
    subscription.resume();
    const events = await received;
    await subscription.unsubscribe();
    expect(revisions(events)).toEqual(Array.from({ length: 6000 }, (_, index) => BigInt(index)));
    expect(fellBehind()).toBeGreaterThanOrEqual(context.store.embedded ? 1 : 0);
  });

  // The official client's own test (subscribeToAll-filters › checkpoints), in this suite's terms: a
  // checkpoint handler that takes 100 ms must not push the server into "fell behind" re-reads, whose
  // extra catch-up checkpoints made 19 where EventStoreDB sends 6 or 7.
  it('ES-16 a slow checkpoint handler gets one checkpoint per 64 considered events (6–7 for 384)', async () => {
    const streamA = uniqueStream('checkpointa');
    const streamB = uniqueStream('checkpointb');
    const marker = await context.client.appendToStream(streamB, event('Marker'));
    await appendMany(streamA, 8, 8);
    const checkpoints: Position[] = [];
    let handlingCheckpoint = false;
    let eventDuringCheckpoint = false;
    const subscription = context.client.subscribeToAll({
      fromPosition: marker.position!,
      filter: excludeSystemEvents({
        checkpointInterval: 2,
        checkpointReached: async (_subscription, position) => {
          checkpoints.push(position);
          handlingCheckpoint = true;
          await new Promise((resolve) => setTimeout(resolve, 100));
          handlingCheckpoint = false;
        },
      }),
    });
    let fellBehind = 0;
    subscription.on('fellBehind', () => (fellBehind += 1));
    subscription.on('data', () => (eventDuringCheckpoint ||= handlingCheckpoint));
    const received = collectUntil(subscription, (events) =>
      events.some((resolved) => resolved.event?.type === 'Finish'),
    );
    for (let batch = 0; batch < 18; batch += 1) {
      await appendMany(streamA, 20, 20);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await context.client.appendToStream(streamA, [
      ...Array.from({ length: 15 }, (_, index) => event('Numbered', { index })),
      event('Finish'),
    ]);
    const events = await received;
    await subscription.unsubscribe();
    // Only this test writes to $all meanwhile (the suite's tests run one after another).
    expect(events).toHaveLength(384);
    expect(eventDuringCheckpoint).toBe(false);
    expect(fellBehind).toBe(0);
    expect(checkpoints.length).toBeGreaterThanOrEqual(6);
    expect(checkpoints.length).toBeLessThanOrEqual(7);
  });

  it('ES-16 filters by stream-name prefix and sends checkpoints past non-matching events', async () => {
    const wanted = uniqueStream('wanted');
    const other = uniqueStream('other');
    const checkpoints: Position[] = [];
    await appendMany(other, 200, 50);
    await appendMany(wanted, 3, 3);
    const subscription = context.client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({
        prefixes: [wanted],
        checkpointInterval: 1,
        checkpointReached: (_subscription, position) => {
          checkpoints.push(position);
        },
      }),
    });
    const events = await collectUntil(subscription, (received) => received.length >= 3);
    await subscription.unsubscribe();
    expect(events.every(inStream(wanted))).toBe(true);
    expect(revisions(events)).toEqual([0n, 1n, 2n]);
    // 200 non-matching events with a search window of 32: several checkpoints, never decreasing.
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    for (let index = 1; index < checkpoints.length; index += 1) {
      expect(checkpoints[index]!.commit).toBeGreaterThanOrEqual(checkpoints[index - 1]!.commit);
    }
  });

  it('ES-16 filters by event-type prefix and by stream-name regular expression', async () => {
    const stream = uniqueStream('typed');
    const marker = stream.split('-')[1]!;
    await context.client.appendToStream(stream, [
      event(`Kept${marker}`),
      event('Dropped'),
      event(`Kept${marker}Too`),
    ]);
    const byType = context.client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({ prefixes: [`Kept${marker}`] }),
    });
    const typed = await collectUntil(byType, (received) => received.length >= 2);
    await byType.unsubscribe();
    expect(typed.map((resolved) => resolved.event?.type)).toEqual([
      `Kept${marker}`,
      `Kept${marker}Too`,
    ]);

    const byRegex = context.client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ regex: `^typed-${marker}$` }),
    });
    const matched = await collectUntil(byRegex, (received) => received.length >= 3);
    await byRegex.unsubscribe();
    expect(revisions(matched)).toEqual([0n, 1n, 2n]);
  });
});

describe('subscriptions to a stream', () => {
  it('ES-15 delivers only that stream, from the start, then live', async () => {
    const stream = uniqueStream();
    const neighbour = uniqueStream();
    await appendMany(stream, 3, 3);
    const subscription = context.client.subscribeToStream(stream, { fromRevision: START });
    const received = collectUntil(subscription, (events) => events.length >= 5);
    await appendMany(neighbour, 2, 1);
    await appendMany(stream, 2, 1);
    const events = await received;
    await subscription.unsubscribe();
    expect(events.every(inStream(stream))).toBe(true);
    expect(revisions(events)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('ES-15 from a revision delivers the events after it (exclusive); a new stream can be awaited', async () => {
    const stream = uniqueStream();
    await appendMany(stream, 4, 4);
    const fromOne = context.client.subscribeToStream(stream, { fromRevision: 1n });
    const events = await collectUntil(fromOne, (received) => received.length >= 2);
    await fromOne.unsubscribe();
    expect(revisions(events)).toEqual([2n, 3n]);

    const future = uniqueStream();
    const waiting = context.client.subscribeToStream(future, { fromRevision: START });
    const first = collectUntil(waiting, (received) => received.length >= 1);
    await appendMany(future, 1, 1);
    expect(revisions(await first)).toEqual([0n]);
    await waiting.unsubscribe();
  });

  it('ES-15 a subscription to a tombstoned stream fails with stream-deleted', async () => {
    const stream = uniqueStream();
    await appendMany(stream, 1, 1);
    await context.client.tombstoneStream(stream);
    const subscription = context.client.subscribeToStream(stream, { fromRevision: START });
    const failure = await collectUntil(subscription, () => false, 10_000).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StreamDeletedError);
  });
});
