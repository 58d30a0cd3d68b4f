// The persistence worker's warm-up (persistence-warmup.ts) against the real store over gRPC: the
// store refuses every scratch append, nothing of the warm-up is written, and the server then
// stores typing as always.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { useCollabHarness } from './int-test-harness';
import { seedVorlage, synced, typeAt, waitUntil } from './test-support';

const harness = useCollabHarness();

describe('the persistence worker’s warm-up (issue 22)', () => {
  it('is refused by the store, writes nothing, and the server then stores typing', async () => {
    const lines: { msg: string; scratchAppends?: number; refusedAppends?: number }[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const [lastBefore] = await harness.client.readAll({ direction: 'backwards', maxCount: 1 });

    const { server, port } = await harness.startServer({
      eventStoreConnectionString: harness.connectionString,
      persistenceWarmUpMs: 600,
      logger,
    });

    const warmUp = lines.find((line) => line.msg === 'persistence worker warmed up');
    expect(warmUp?.refusedAppends).toBeGreaterThan(0);
    // The last one may still be on its way when the budget ends (the store refuses it later).
    expect(warmUp!.refusedAppends).toBeGreaterThanOrEqual(warmUp!.scratchAppends! - 1);
    const [lastAfter] = await harness.client.readAll({ direction: 'backwards', maxCount: 1 });
    expect(lastAfter?.id).toBe(lastBefore?.id);

    const vorlageId = `after-warmup-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    await waitUntil(() => synced(alice), 10_000, 'synced');
    typeAt(alice.doc, 'nach dem Aufwärmen', () => 1);
    await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'stored');
    await harness.expectStoredAsHeld(vorlageId, [alice]);
    const written = await harness.client.readAll({ fromPosition: 'start', maxCount: 10_000 });
    expect(written.some((event) => event.stream.includes(vorlageId))).toBe(true);
    expect(written.filter((event) => event.stream.startsWith('vorlagetext-warmup-'))).toEqual([]);
  });
});
