// The warm-ups before the server listens (relay-warmup.ts, persistence-warmup.ts), against the
// real store over gRPC: the store accepts no scratch append of the worker, nothing of either
// warm-up is written, and the server then relays and stores typing as always.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { useCollabHarness } from './int-test-harness';
import { seedVorlage, synced, typeAt, waitUntil } from './test-support';

const harness = useCollabHarness();

describe('the warm-up of relay thread and persistence worker (issue 22)', () => {
  it('types in scratch documents, writes nothing, and the server then stores typing', async () => {
    const lines: {
      msg: string;
      keystrokes?: number;
      converged?: boolean;
      scratchAppends?: number;
      refusedAppends?: number;
      unansweredAppends?: number;
    }[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const [lastBefore] = await harness.client.readAll({ direction: 'backwards', maxCount: 1 });

    const { server, port } = await harness.startServer({
      eventStoreConnectionString: harness.connectionString,
      warmUpMs: 600,
      logger,
    });

    const relay = lines.find((line) => line.msg === 'relay thread warmed up');
    expect(relay?.keystrokes).toBeGreaterThan(0);
    expect(relay?.converged).toBe(true);
    const warmUp = lines.find((line) => line.msg === 'persistence worker warmed up');
    expect(warmUp?.scratchAppends).toBeGreaterThan(0);
    // Those still on their way when the budget ends are refused later. How many are answered in
    // time depends on the machine: on a busy one (CI, or this suite's other files running beside
    // it) the first round trip — TLS, the gRPC channel, cold code — can outlast the whole budget.
    expect(warmUp!.refusedAppends! + warmUp!.unansweredAppends!).toBe(warmUp!.scratchAppends);
    expect(lines.filter((line) => line.msg.startsWith('warm-up: the store'))).toEqual([]);
    const [lastAfter] = await harness.client.readAll({ direction: 'backwards', maxCount: 1 });
    expect(lastAfter?.id).toBe(lastBefore?.id);

    const vorlageId = `after-warmup-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    typeAt(alice.doc, 'nach dem Aufwärmen', () => 1);
    await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'stored');
    await harness.expectStoredAsHeld(vorlageId, [alice, bob]);
    // The worker's client sends the typing's append on the same BatchAppend stream after every
    // scratch append, so once it is stored, the store has answered them all: none was written.
    const written = await harness.client.readAll({ fromPosition: 'start', maxCount: 10_000 });
    expect(written.some((event) => event.stream.includes(vorlageId))).toBe(true);
    expect(written.filter((event) => event.stream.startsWith('vorlagetext-warmup-'))).toEqual([]);
  });
});
