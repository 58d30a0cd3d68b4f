import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventToAppend, JsonValue } from '../application/event-store-port';
import { FC_SEED, withSeed } from '../testing/fast-check';
import { testUuid } from '../testing/fixtures';
import {
  chainHeadOf,
  GENESIS_HASH,
  GENESIS_HEAD,
  sealEvents,
  verifyChain,
  type ChainableEvent,
} from './chain';

const draft = (n: number): EventToAppend => ({
  id: testUuid(1000 + n),
  type: n % 2 === 0 ? 'SignOffGiven' : 'SignOffRefused',
  data: { officeId: `office-${n}`, note: `Ereignis ${n}` },
  metadata: {
    commandId: testUuid(1000 + n),
    actor: { userId: 'u', officeId: 'o', role: 'signer' },
  },
});

async function sealedStream(count: number): Promise<EventToAppend[]> {
  const { events } = await sealEvents(
    Array.from({ length: count }, (_, n) => draft(n)),
    GENESIS_HEAD,
  );
  return events;
}

const withData = (event: ChainableEvent, data: JsonValue): ChainableEvent => ({ ...event, data });

describe('audit chain (D-80…D-86)', () => {
  it('D-80: sealed events verify; the head is the last hash', async () => {
    const events = await sealedStream(5);
    const result = await verifyChain(events);
    expect(result).toMatchObject({ ok: true, count: 5 });
    expect(result.ok && result.head).toEqual(chainHeadOf(events));
    expect(await verifyChain([])).toEqual({
      ok: true,
      count: 0,
      head: { revision: null, hash: GENESIS_HASH },
    });
  });

  it('D-80: sealing continues from a head exactly as sealing all at once', async () => {
    const all = await sealedStream(4);
    const first = await sealEvents([draft(0), draft(1)], GENESIS_HEAD);
    const rest = await sealEvents([draft(2), draft(3)], first.head);
    expect([...first.events, ...rest.events]).toEqual(all);
  });

  it('D-81: a changed event is reported at its index', async () => {
    const events = await sealedStream(5);
    const tampered = events.map((event, i) =>
      i === 2 ? withData(event, { officeId: 'office-2', note: 'gefälscht' }) : event,
    );
    expect(await verifyChain(tampered)).toMatchObject({
      ok: false,
      firstBrokenIndex: 2,
      eventId: events[2]!.id,
      reason: 'changed',
    });
  });

  it('D-81: changed metadata (the actor) is detected too; a changed type as well', async () => {
    const events = await sealedStream(3);
    const otherActor = events.map((event, i) =>
      i === 1
        ? {
            ...event,
            metadata: {
              ...(event.metadata as object),
              actor: { userId: 'x', officeId: 'o', role: 'signer' },
            } as JsonValue,
          }
        : event,
    );
    expect(await verifyChain(otherActor)).toMatchObject({
      ok: false,
      firstBrokenIndex: 1,
      reason: 'changed',
    });
    const otherType = events.map((event, i) =>
      i === 0 ? { ...event, type: 'SignOffGiven2' } : event,
    );
    expect(await verifyChain(otherType)).toMatchObject({
      ok: false,
      firstBrokenIndex: 0,
      reason: 'changed',
    });
  });

  it('D-82: a removed event shows as a break at the following event', async () => {
    const events = await sealedStream(5);
    const removed = events.filter((_, i) => i !== 2);
    expect(await verifyChain(removed)).toMatchObject({
      ok: false,
      firstBrokenIndex: 2,
      eventId: events[3]!.id,
      reason: 'removed',
    });
    expect(await verifyChain(events.slice(1))).toMatchObject({
      ok: false,
      firstBrokenIndex: 0,
      reason: 'removed',
    });
  });

  it('D-83: reordered events are told apart from removed ones', async () => {
    const events = await sealedStream(5);
    const swapped = [events[0]!, events[1]!, events[3]!, events[2]!, events[4]!];
    expect(await verifyChain(swapped)).toMatchObject({
      ok: false,
      firstBrokenIndex: 2,
      eventId: events[3]!.id,
      reason: 'reordered',
    });
  });

  it('D-84: an inserted event (even one sealed correctly) is found', async () => {
    const events = await sealedStream(4);
    const forged = (
      await sealEvents([{ ...draft(99), data: { forged: true } }], chainHeadOf(events.slice(0, 2)))
    ).events[0]!;
    const insertedBefore = [events[0]!, events[1]!, forged, events[2]!, events[3]!];
    expect(await verifyChain(insertedBefore)).toMatchObject({
      ok: false,
      firstBrokenIndex: 2,
      eventId: forged.id,
      reason: 'inserted',
    });
    const insertedAfter = [events[0]!, events[1]!, events[2]!, forged, events[3]!];
    expect(await verifyChain(insertedAfter)).toMatchObject({
      ok: false,
      firstBrokenIndex: 3,
      eventId: forged.id,
      reason: 'inserted',
    });
    const unchained = [events[0]!, { ...draft(50), metadata: {} }, events[1]!];
    expect(await verifyChain(unchained)).toMatchObject({
      ok: false,
      firstBrokenIndex: 1,
      reason: 'unchained',
    });
  });

  it('D-85: an event replaced by a re-sealed one is reported at the replaced event', async () => {
    const events = await sealedStream(4);
    const replacement = (
      await sealEvents([{ ...draft(1), data: { replaced: true } }], chainHeadOf(events.slice(0, 1)))
    ).events[0]!;
    const replaced = [events[0]!, replacement, events[2]!, events[3]!];
    expect(await verifyChain(replaced)).toMatchObject({
      ok: false,
      firstBrokenIndex: 1,
      reason: 'changed',
    });
  });

  it('D-86: truncation at the end is only visible against an anchored head', async () => {
    const events = await sealedStream(4);
    const head = chainHeadOf(events);
    expect(await verifyChain(events.slice(0, 3))).toMatchObject({ ok: true, count: 3 });
    expect(await verifyChain(events.slice(0, 3), { expectedHead: head })).toMatchObject({
      ok: false,
      reason: 'truncated',
    });
    expect(await verifyChain(events, { expectedHead: head })).toMatchObject({ ok: true });
  });
});

describe(`audit chain properties (seed ${FC_SEED})`, () => {
  it('D-81: changing any single event’s data is reported exactly there', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.string(),
        async (count, pick, note) => {
          const events = await sealedStream(count);
          const index = pick % count;
          const original = events[index]!.data as { note: string };
          fc.pre(original.note !== note);
          const tampered = events.map((event, i) =>
            i === index ? withData(event, { ...original, note }) : event,
          );
          const result = await verifyChain(tampered);
          return !result.ok && result.firstBrokenIndex === index && result.reason === 'changed';
        },
      ),
      withSeed({ numRuns: 60 }),
    );
  });

  it('D-82: removing any single event but the last is reported at the next one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 12 }), fc.nat(), async (count, pick) => {
        const events = await sealedStream(count);
        const index = pick % (count - 1);
        const result = await verifyChain(events.filter((_, i) => i !== index));
        return (
          !result.ok &&
          result.firstBrokenIndex === index &&
          result.eventId === events[index + 1]!.id &&
          result.reason === 'removed'
        );
      }),
      withSeed({ numRuns: 40 }),
    );
  });
});
