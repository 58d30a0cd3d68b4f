// Contract: appends (SPEC.md ES-1 … ES-6, ES-9, ES-17). Only @eventstore/db-client is used.
import { randomUUID } from 'node:crypto';
import {
  MaxAppendSizeExceededError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
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

describe('appending', () => {
  it('ES-1 creates the stream on first append and numbers events contiguously from 0', async () => {
    const stream = uniqueStream();
    const first = await context.client.appendToStream(stream, [event(), event()]);
    const second = await context.client.appendToStream(stream, [event(), event(), event()]);
    expect(first.nextExpectedRevision).toBe(1n);
    expect(second.nextExpectedRevision).toBe(4n);
    expect(second.position!.commit).toBeGreaterThan(first.position!.commit);
    const read = await readAllOf(context.client.readStream(stream));
    expect(revisions(read)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('ES-2 no_stream succeeds on a new stream and fails with the actual revision otherwise', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, [event(), event()], {
      expectedRevision: 'no_stream',
    });
    const failure = await context.client
      .appendToStream(stream, event(), { expectedRevision: 'no_stream' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect((failure as WrongExpectedVersionError).expectedVersion).toBe('no_stream');
    expect((failure as WrongExpectedVersionError).actualVersion).toBe(1n);
  });

  it('ES-3 stream_exists fails on a missing stream and succeeds on an existing one', async () => {
    const stream = uniqueStream();
    const failure = await context.client
      .appendToStream(stream, event(), { expectedRevision: 'stream_exists' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect((failure as WrongExpectedVersionError).actualVersion).toBe('no_stream');
    await context.client.appendToStream(stream, event());
    const result = await context.client.appendToStream(stream, event(), {
      expectedRevision: 'stream_exists',
    });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('ES-4 an exact revision must equal the last revision; the error names both', async () => {
    const stream = uniqueStream();
    await context.client.appendToStream(stream, [event(), event(), event()]);
    const failure = await context.client
      .appendToStream(stream, event(), { expectedRevision: 1n })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect((failure as WrongExpectedVersionError).expectedVersion).toBe(1n);
    expect((failure as WrongExpectedVersionError).actualVersion).toBe(2n);
    const ok = await context.client.appendToStream(stream, event(), { expectedRevision: 2n });
    expect(ok.nextExpectedRevision).toBe(3n);
  });

  it('ES-5 re-sending the same event ids is answered with the first result and writes nothing', async () => {
    const stream = uniqueStream();
    const batch = [event('A'), event('B')];
    const first = await context.client.appendToStream(stream, batch, {
      expectedRevision: 'no_stream',
    });
    const again = await context.client.appendToStream(stream, batch, {
      expectedRevision: 'no_stream',
    });
    expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
    await context.client.appendToStream(stream, [event('C')], { expectedRevision: 1n });
    const exactAgain = await context.client.appendToStream(stream, batch, {
      expectedRevision: 'no_stream',
    });
    expect(exactAgain.nextExpectedRevision).toBe(1n);
    const single = event('D');
    await context.client.appendToStream(stream, single, { expectedRevision: 'any' });
    await context.client.appendToStream(stream, single, { expectedRevision: 'any' });
    const read = await readAllOf(context.client.readStream(stream));
    expect(read.map((resolved) => resolved.event?.type)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('ES-6 of two writers with the same expected revision exactly one wins', async () => {
    for (let round = 0; round < 20; round += 1) {
      const stream = uniqueStream();
      await context.client.appendToStream(stream, event());
      const outcomes = await Promise.allSettled([
        context.client.appendToStream(stream, event('Left'), { expectedRevision: 0n }),
        context.client.appendToStream(stream, event('Right'), { expectedRevision: 0n }),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      const read = await readAllOf(context.client.readStream(stream));
      expect(revisions(read)).toEqual([0n, 1n]);
    }
  });

  it('ES-6 1,000 concurrent appends with any land contiguously, none lost or doubled', async () => {
    const stream = uniqueStream();
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const results = await Promise.all(
      ids.map((id, index) =>
        context.client.appendToStream(
          stream,
          jsonEvent({ id, type: 'Concurrent', data: { index } }),
        ),
      ),
    );
    const acknowledged = new Set(results.map((result) => result.nextExpectedRevision));
    expect(acknowledged.size).toBe(1000);
    const read = await readAllOf(context.client.readStream(stream));
    expect(revisions(read)).toEqual(Array.from({ length: 1000 }, (_, index) => BigInt(index)));
    expect(new Set(read.map((resolved) => resolved.event?.id))).toEqual(new Set(ids));
    const positions = read.map((resolved) => resolved.event!.position!.commit);
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
  });

  it('ES-9 keeps type, content type, data, metadata, id and creation time as the client wrote them', async () => {
    const stream = uniqueStream();
    const id = randomUUID();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const before = Date.now();
    await context.client.appendToStream(stream, [
      jsonEvent({
        id,
        type: 'JsonThing',
        data: { text: 'Grüße', list: [1, 2] },
        metadata: { by: 'u1' },
      }),
      binaryEvent({ type: 'BinaryThing', data: bytes, metadata: { kind: 'yjs' } }),
    ]);
    const after = Date.now();
    const [json, binary] = await readAllOf(context.client.readStream(stream));
    expect(json?.event).toMatchObject({
      id,
      streamId: stream,
      revision: 0n,
      type: 'JsonThing',
      isJson: true,
      data: { text: 'Grüße', list: [1, 2] },
      metadata: { by: 'u1' },
    });
    expect(binary?.event?.isJson).toBe(false);
    expect(Array.from(binary?.event?.data as Uint8Array)).toEqual(Array.from(bytes));
    expect(binary?.event?.metadata).toEqual({ kind: 'yjs' });
    // Created is sent as .NET ticks since the epoch; the client turns it into a Date.
    const created = json!.event!.created.getTime();
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(created).toBeLessThanOrEqual(after + 1000);
  });

  it('ES-17 refuses an append larger than the maximum append size and keeps serving', async () => {
    const stream = uniqueStream();
    const chunk = () => binaryEvent({ type: 'Big', data: new Uint8Array(900 * 1024) });
    const failure = await context.client
      .appendToStream(stream, Array.from({ length: 6 }, chunk))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MaxAppendSizeExceededError);
    const ok = await context.client.appendToStream(stream, event());
    expect(ok.nextExpectedRevision).toBe(0n);
  });

  it('ES-10 system streams (names starting with $) can be written and read like any other', async () => {
    const stream = `$${uniqueStream('system')}`;
    await context.client.appendToStream(stream, event('$SystemThing'));
    const read = await readAllOf(context.client.readStream(stream));
    expect(read[0]?.event?.type).toBe('$SystemThing');
  });
});
