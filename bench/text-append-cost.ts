// `npm run bench:text-append`: the CPU one text-event append costs the collab server's process —
// the product's event-store client (the stock @eventstore/db-client underneath) appending a
// TextUpdated event as the persister builds it, against the embedded store in a child process —
// back-to-back and with the spacing of bench:collab's 200-document scenario (one append every
// 5 ms). bench:collab's persistence budget per flush is compared with these figures.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SECTION_KEYS } from '../domain/text/sections';
import type { SectionHashes } from '../domain/text/canonical';
import { textUpdateEvent } from '../editor/text-events';
import { createEventStoreClient } from '../event-store/client';
import { startStoreProcess } from './store-process';

const STREAMS = 200;
const SPACINGS_MS = [0, 5, 0, 5];
const APPENDS = { back_to_back: 2000, spaced: 600 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(`${tmpdir()}/vorlagen-text-append-`);
  const storeProcess = await startStoreProcess(dataDir);
  const store = createEventStoreClient(storeProcess.connectionString);
  const heads = new Map<string, bigint>();
  const sectionHashes = Object.fromEntries(
    SECTION_KEYS.map((key) => [key, 'b'.repeat(64)]),
  ) as SectionHashes;
  const appendOne = async (index: number) => {
    const stream = `vorlagetext-bench-${index % STREAMS}`;
    const event = textUpdateEvent({
      id: randomUUID(),
      update: new Uint8Array(120).fill(7),
      authors: [{ userId: 'bench-user', officeId: 'SGA' }],
      fingerprint: { textHash: 'a'.repeat(64), sectionHashes },
      time: new Date(),
    });
    const result = await store.appendToStream(stream, [event], heads.get(stream) ?? 'no_stream');
    heads.set(stream, result.nextExpectedRevision);
  };
  try {
    for (let index = 0; index < 2 * STREAMS; index += 1) await appendOne(index); // warm-up
    for (const spacing of SPACINGS_MS) {
      const count = spacing === 0 ? APPENDS.back_to_back : APPENDS.spaced;
      const before = process.cpuUsage();
      for (let index = 0; index < count; index += 1) {
        await appendOne(index);
        if (spacing > 0) await sleep(spacing);
      }
      const used = process.cpuUsage(before);
      const perAppend = (used.user + used.system) / count;
      process.stdout.write(
        `${spacing === 0 ? 'back-to-back' : `one every ${spacing} ms`}: ` +
          `${perAppend.toFixed(0)} µs CPU per append (${count} appends)\n`,
      );
    }
  } finally {
    await store.close();
    await storeProcess.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
