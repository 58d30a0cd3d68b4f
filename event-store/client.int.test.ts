// event-store/client.ts against the embedded store: the EventStreamStore port, ConcurrencyError,
// binary round trip, subscriptions with caught-up signal, and resubscription across a restart
// (SPEC.md CL-1 … CL-6).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventToAppend, StoredEvent } from '../domain/application/event-store-port';
import { ConcurrencyError } from '../domain/shared/errors';
import { createLogger } from '../platform/logger';
import { createEventStoreClient, type EventStoreClient } from './client';
import { startEmbeddedEventStore } from './embedded';
import { startTestEventStore, type TestEventStore } from './testing';

const logger = createLogger({ name: 'client-test', level: process.env.LOG_LEVEL ?? 'silent' });
let store: TestEventStore;
let client: EventStoreClient;

beforeAll(async () => {
  store = await startTestEventStore();
  client = createEventStoreClient(store.connectionString, { logger });
});
afterAll(async () => {
  await client?.close();
  await store?.stop();
});

const stream = (category = 'clienttest') => `${category}-${randomUUID().replace(/-/g, '')}`;
const json = (type: string, data: EventToAppend['data'] = { n: 1 }): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { actor: 'user-1' },
});

/** Resolves when `predicate` holds, polling the collected events; no fixed sleeps. */
async function until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('EventStreamStore port', () => {
  it('CL-1 reads a missing stream as an empty list', async () => {
    expect(await client.readStream(stream())).toEqual([]);
    expect(await client.readStreamBackwards(stream(), { maxCount: 5 })).toEqual([]);
  });

  it('CL-2 maps a wrong expected revision to ConcurrencyError', async () => {
    const name = stream();
    await client.appendToStream(name, [json('Created')], 'no_stream');
    const failure = await client
      .appendToStream(name, [json('Again')], 'no_stream')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConcurrencyError);
    expect(failure).toMatchObject({
      stream: name,
      expectedRevision: 'no_stream',
      actualRevision: '0',
    });
    const exact = await client.appendToStream(name, [json('Next')], 0n);
    expect(exact.nextExpectedRevision).toBe(1n);
    expect(exact.position).toBeGreaterThan(0n);
  });

  it('CL-3 round-trips binary data byte for byte and JSON data as values', async () => {
    const name = stream('vorlagetext');
    const update = new Uint8Array([1, 0, 255, 128, 7]);
    await client.appendToStream(
      name,
      [
        {
          id: randomUUID(),
          type: 'TextUpdated',
          data: update,
          metadata: { authors: ['user-1'], office: 'Straßen- und Grünflächenamt' },
        },
        json('Json', { list: [1, 'zwei', null], nested: { ok: true } }),
      ],
      'any',
    );
    const [binary, structured] = await client.readStream(name);
    expect(binary?.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(binary!.data as Uint8Array)).toEqual(Array.from(update));
    // Metadata goes out as JSON bytes (event-store/client.ts) and reads back as the object.
    expect(binary?.metadata).toEqual({
      authors: ['user-1'],
      office: 'Straßen- und Grünflächenamt',
    });
    expect(structured?.data).toEqual({ list: [1, 'zwei', null], nested: { ok: true } });
    expect(structured?.metadata).toEqual({ actor: 'user-1' });
    expect(structured?.revision).toBe(1n);
    expect(structured!.position).toBeGreaterThan(binary!.position);
    const newestFirst = await client.readStreamBackwards(name, { maxCount: 1 });
    expect(newestFirst.map((event) => event.type)).toEqual(['Json']);
    const fromOne = await client.readStream(name, { fromRevision: 1n });
    expect(fromOne.map((event) => event.type)).toEqual(['Json']);
  });

  it('CL-4 reads $all forwards and backwards from a position', async () => {
    const name = stream();
    const first = await client.appendToStream(name, [json('A'), json('B'), json('C')], 'any');
    const backwards = await client.readAll({ direction: 'backwards', maxCount: 3 });
    expect(backwards.map((event) => event.type)).toEqual(['C', 'B', 'A']);
    const forwards = await client.readAll({ fromPosition: first.position, maxCount: 1 });
    expect(forwards[0]?.type).toBe('C');
  });
});

describe('subscriptions', () => {
  it('CL-5 subscribeToAll delivers history, then signals caught-up, then live events, in order', async () => {
    const prefix = stream('subtest');
    await client.appendToStream(`${prefix}a`, [json('Old1'), json('Old2')], 'any');
    const seen: string[] = [];
    const handle = client.subscribeToAll({
      filter: { streamNamePrefixes: [prefix] },
      onEvent: async (event) => {
        seen.push(event.type);
        // A slow handler must not reorder or drop anything.
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
      onCaughtUp: () => seen.push('<caught-up>'),
    });
    await until(() => seen.includes('<caught-up>'));
    await client.appendToStream(`${prefix}b`, [json('New1')], 'any');
    await client.appendToStream(stream('unrelated'), [json('Noise')], 'any');
    await client.appendToStream(`${prefix}a`, [json('New2')], 'any');
    await until(() => seen.length >= 5);
    await handle.unsubscribe();
    expect(seen).toEqual(['Old1', 'Old2', '<caught-up>', 'New1', 'New2']);
  });

  it('CL-5 subscribeToStream from the end delivers only later events', async () => {
    const name = stream();
    await client.appendToStream(name, [json('Before')], 'any');
    const seen: StoredEvent[] = [];
    let caughtUp = false;
    const handle = client.subscribeToStream(name, {
      fromRevision: 'end',
      onEvent: (event) => {
        seen.push(event);
      },
      onCaughtUp: () => (caughtUp = true),
    });
    await until(() => caughtUp);
    await client.appendToStream(name, [json('After')], 'any');
    await until(() => seen.length >= 1);
    await handle.unsubscribe();
    expect(seen.map((event) => [event.type, event.revision])).toEqual([['After', 1n]]);
  });

  it('CL-6 resubscribes after the store restarts and resumes after the last event, without duplicates', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-client-restart-'));
    let embedded = await startEmbeddedEventStore({ dataDir, logger });
    const port = embedded.port;
    const restartable = createEventStoreClient(embedded.connectionString, {
      logger,
      retryAttempts: 10,
      retryBaseDelayMs: 50,
    });
    try {
      const name = stream();
      const seen: bigint[] = [];
      let failed: unknown;
      const handle = restartable.subscribeToStream(name, {
        onEvent: (event) => {
          seen.push(event.revision);
        },
        onError: (error) => (failed = error),
      });
      await restartable.appendToStream(
        name,
        Array.from({ length: 5 }, () => json('First')),
        'any',
      );
      await until(() => seen.length >= 5);
      await embedded.stop();
      embedded = await startEmbeddedEventStore({ dataDir, port, logger });
      await restartable.appendToStream(
        name,
        Array.from({ length: 5 }, () => json('Second')),
        'any',
      );
      await until(() => seen.length >= 10 || failed !== undefined);
      await handle.unsubscribe();
      expect(failed).toBeUndefined();
      expect(seen).toEqual(Array.from({ length: 10 }, (_, index) => BigInt(index)));
    } finally {
      await restartable.close();
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
