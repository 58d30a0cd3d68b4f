// Contract: soft delete and tombstone (SPEC.md ES-11 … ES-13).
import {
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeContract,
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

describe('soft delete', () => {
  it('ES-11 a soft-deleted stream reads as not found', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, [event(), event()]);
    const result = await context.client.deleteStream(stream, { expectedRevision: 1n });
    expect(result.position?.commit).toBeGreaterThan(0n);
    const failure = await readAllOf(context.client.readStream(stream)).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StreamNotFoundError);
  });

  it('ES-11 appending again recreates the stream; revisions continue and old events stay hidden', async () => {
    for (const expectedRevision of ['any', 'no_stream', 1n] as const) {
      const stream = uniqueStream();
      await context.client.appendToStream(stream, [event('Old'), event('Old')]);
      await context.client.deleteStream(stream);
      const result = await context.client.appendToStream(stream, [event('New'), event('New')], {
        expectedRevision,
      });
      expect(result.nextExpectedRevision).toBe(3n);
      const read = await readAllOf(context.client.readStream(stream));
      expect(revisions(read)).toEqual([2n, 3n]);
      expect(read.map((resolved) => resolved.event?.type)).toEqual(['New', 'New']);
      const metadata = await context.client.getStreamMetadata(stream);
      expect(metadata.metadata?.truncateBefore).toBe(2);
    }
  });

  it('ES-11 keeps custom metadata across delete and recreation', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, event());
    await context.client.setStreamMetadata(stream, { owner: 'office-7' });
    await context.client.deleteStream(stream);
    await context.client.appendToStream(stream, event());
    const metadata = await context.client.getStreamMetadata(stream);
    expect(metadata.metadata).toMatchObject({ owner: 'office-7', truncateBefore: 1 });
  });

  it('ES-13 delete honours the expected revision', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, [event(), event()]);
    const failure = await context.client
      .deleteStream(stream, { expectedRevision: 0n })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect(revisions(await readAllOf(context.client.readStream(stream)))).toEqual([0n, 1n]);
  });
});

describe('tombstone', () => {
  it('ES-12 a tombstoned stream can be neither read, written, deleted nor tombstoned again', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, [event(), event()]);
    await context.client.tombstoneStream(stream, { expectedRevision: 1n });
    const read = await readAllOf(context.client.readStream(stream)).catch(
      (error: unknown) => error,
    );
    expect(read).toBeInstanceOf(StreamDeletedError);
    expect((read as StreamDeletedError).streamName).toBe(stream);
    const append = await context.client
      .appendToStream(stream, event())
      .catch((error: unknown) => error);
    expect(append).toBeInstanceOf(StreamDeletedError);
    const remove = await context.client.deleteStream(stream).catch((error: unknown) => error);
    expect(remove).toBeInstanceOf(StreamDeletedError);
    const again = await context.client.tombstoneStream(stream).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(StreamDeletedError);
  });

  it('ES-12 the tombstone appears in $all as $streamDeleted', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, event());
    const result = await context.client.tombstoneStream(stream);
    const [tombstone] = await readAllOf(
      context.client.readAll({ fromPosition: result.position!, maxCount: 1 }),
    );
    expect(tombstone?.event?.streamId).toBe(stream);
    expect(tombstone?.event?.type).toBe('$streamDeleted');
  });

  it('ES-12 a stream that never existed can be tombstoned, and then not written', async () => {
    const stream = uniqueStream();
    await context.client.tombstoneStream(stream, { expectedRevision: 'no_stream' });
    const append = await context.client
      .appendToStream(stream, event())
      .catch((error: unknown) => error);
    expect(append).toBeInstanceOf(StreamDeletedError);
  });

  it('ES-13 tombstone honours the expected revision', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, event());
    const failure = await context.client
      .tombstoneStream(stream, { expectedRevision: 'no_stream' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect(revisions(await readAllOf(context.client.readStream(stream)))).toEqual([0n]);
  });
});
