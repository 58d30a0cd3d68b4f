// ES-18: an acknowledged append survives the store process being killed with SIGKILL.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../platform/logger';
import { startEmbeddedEventStore } from './embedded';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-crash-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Ack {
  readonly revision: bigint;
  readonly id: string;
}

/** Runs the writer child until it has acknowledged `count` events, then SIGKILLs it. */
async function writeThenKill(stream: string, count: number): Promise<Ack[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash-writer.fixture.ts'), dataDir, stream],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const acks: Ack[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, revision, id] = line.split(' ');
    if (word === 'ack' && revision && id) acks.push({ revision: BigInt(revision), id });
    if (acks.length >= count) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  return acks;
}

it('ES-18 every acknowledged append is there, in order, after a SIGKILL; new appends work', async () => {
  const stream = `crash-${randomUUID().replace(/-/g, '')}`;
  const acks = await writeThenKill(stream, 400);
  expect(acks.length).toBeGreaterThanOrEqual(400);

  const store = await startEmbeddedEventStore({
    dataDir,
    logger: createLogger({ name: 'crash-test', level: 'silent' }),
  });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  try {
    const stored: { revision: bigint; id: string }[] = [];
    for await (const resolved of client.readStream(stream)) {
      stored.push({ revision: resolved.event!.revision, id: resolved.event!.id });
    }
    // Revisions are contiguous; events written but not yet acknowledged may follow the acked ones.
    expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => BigInt(index)));
    expect(stored.slice(0, acks.length)).toEqual(acks);
    const last = stored.at(-1)!.revision;
    const next = await client.appendToStream(
      stream,
      jsonEvent({ type: 'AfterRestart', data: {} }),
      {
        expectedRevision: last,
      },
    );
    expect(next.nextExpectedRevision).toBe(last + 1n);
  } finally {
    await client.dispose();
    await store.stop();
  }
});
