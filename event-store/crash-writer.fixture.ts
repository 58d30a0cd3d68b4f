// Child process of crash.int.test.ts: runs the embedded store (server) and a writer in one process,
// appending in a loop and printing `ack <revision> <event id>` after each acknowledged event. The
// test kills this process with SIGKILL, so the store dies hard mid-write.
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, type AppendResult } from '@eventstore/db-client';
import { createLogger } from '../platform/logger';
import { startEmbeddedEventStore } from './embedded';

const [dataDir, stream] = process.argv.slice(2);
if (!dataDir || !stream) throw new Error('usage: crash-writer.fixture.ts <dataDir> <stream>');

const store = await startEmbeddedEventStore({
  dataDir,
  logger: createLogger({ name: 'crash-writer', level: 'silent' }),
});
const client = EventStoreDBClient.connectionString(store.connectionString);
process.stdout.write('ready\n');

// Alternate single events and batches of three, each with the exact expected revision.
let expected: bigint | 'no_stream' = 'no_stream';
for (let round = 0; ; round += 1) {
  const ids = Array.from({ length: round % 2 === 0 ? 1 : 3 }, () => randomUUID());
  const result: AppendResult = await client.appendToStream(
    stream,
    ids.map((id, index) => jsonEvent({ id, type: 'Written', data: { round, index } })),
    { expectedRevision: expected },
  );
  const first = result.nextExpectedRevision - BigInt(ids.length) + 1n;
  process.stdout.write(ids.map((id, index) => `ack ${first + BigInt(index)} ${id}\n`).join(''));
  expected = result.nextExpectedRevision;
}
