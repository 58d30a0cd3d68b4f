// Contract: reading streams, $all and stream metadata (SPEC.md ES-7, ES-8, ES-10).
import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
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

async function streamWith(count: number): Promise<string> {
  const stream = uniqueStream();
  await context.client.appendToStream(
    stream,
    Array.from({ length: count }, (_, index) => event('Numbered', { index })),
  );
  return stream;
}

describe('reading a stream', () => {
  it('ES-8 reads forwards from the start, from a revision (inclusive) and with a max count', async () => {
    const stream = await streamWith(10);
    expect(revisions(await readAllOf(context.client.readStream(stream)))).toHaveLength(10);
    const fromFour = await readAllOf(
      context.client.readStream(stream, { fromRevision: 4n, maxCount: 3 }),
    );
    expect(revisions(fromFour)).toEqual([4n, 5n, 6n]);
    const fromEnd = await readAllOf(context.client.readStream(stream, { fromRevision: END }));
    expect(fromEnd).toEqual([]);
  });

  it('ES-8 reads backwards from the end and from a revision (inclusive)', async () => {
    const stream = await streamWith(5);
    const all = await readAllOf(
      context.client.readStream(stream, { direction: BACKWARDS, fromRevision: END }),
    );
    expect(revisions(all)).toEqual([4n, 3n, 2n, 1n, 0n]);
    const fromTwo = await readAllOf(
      context.client.readStream(stream, { direction: BACKWARDS, fromRevision: 2n, maxCount: 2 }),
    );
    expect(revisions(fromTwo)).toEqual([2n, 1n]);
  });

  it('ES-8 a stream that does not exist is reported as not found', async () => {
    const failure = await readAllOf(context.client.readStream(uniqueStream())).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StreamNotFoundError);
  });
});

describe('reading $all', () => {
  it('ES-7 positions strictly increase in commit order; forwards from a position is inclusive', async () => {
    const stream = await streamWith(6);
    const own = await readAllOf(context.client.readStream(stream));
    const positions = own.map((resolved) => resolved.event!.position!);
    for (let index = 1; index < positions.length; index += 1) {
      expect(positions[index]!.commit).toBeGreaterThan(positions[index - 1]!.commit);
      expect(positions[index]!.prepare).toBeGreaterThan(positions[index - 1]!.prepare);
    }
    const fromThird = await readAllOf(
      context.client.readAll({ fromPosition: positions[2]!, direction: FORWARDS, maxCount: 4 }),
    );
    expect(fromThird[0]?.event?.id).toBe(own[2]?.event?.id);
    const ours = fromThird.filter((resolved) => resolved.event?.streamId === stream);
    expect(revisions(ours)).toEqual([2n, 3n, 4n, 5n]);
  });

  it('ES-7 backwards from a position is exclusive; backwards from the end starts with the newest', async () => {
    const stream = await streamWith(4);
    const own = await readAllOf(context.client.readStream(stream));
    const positions = own.map((resolved) => resolved.event!.position!);
    const before = await readAllOf(
      context.client.readAll({ fromPosition: positions[3]!, direction: BACKWARDS, maxCount: 3 }),
    );
    expect(before.map((resolved) => resolved.event?.id)).toEqual(
      [own[2], own[1], own[0]].map((resolved) => resolved?.event?.id),
    );
    const newestStream = await streamWith(1);
    const [newest] = await readAllOf(
      context.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }),
    );
    expect(newest?.event?.streamId).toBe(newestStream);
  });

  it('ES-7 reads $all forwards from the start with a max count', async () => {
    await streamWith(3);
    const first = await readAllOf(context.client.readAll({ fromPosition: START, maxCount: 2 }));
    expect(first).toHaveLength(2);
    expect(first[1]!.event!.position!.commit).toBeGreaterThan(first[0]!.event!.position!.commit);
  });
});

describe('stream metadata', () => {
  it('ES-10 metadata set on $$<stream> reads back; custom keys are kept', async () => {
    const stream = await streamWith(1);
    await context.client.setStreamMetadata(stream, { maxCount: 50, owner: 'office-1' });
    await context.client.setStreamMetadata(stream, { maxCount: 60, owner: 'office-2' });
    const result = await context.client.getStreamMetadata(stream);
    expect(result.metadata).toEqual({ maxCount: 60, owner: 'office-2' });
    const meta = await readAllOf(context.client.readStream(`$$${stream}`));
    // Metastreams keep only their latest event visible.
    expect(meta.map((resolved) => resolved.event?.type)).toEqual(['$metadata']);
  });

  it('ES-10 $maxCount hides all but the newest events of the stream', async () => {
    const stream = await streamWith(5);
    await context.client.setStreamMetadata(stream, { maxCount: 2 });
    const read = await readAllOf(context.client.readStream(stream));
    expect(revisions(read)).toEqual([3n, 4n]);
  });

  it('ES-10 a stream without metadata reports none', async () => {
    const result = await context.client.getStreamMetadata(uniqueStream());
    expect(result.metadata).toBeUndefined();
  });
});
