// Relaying comes first (issue 22): the persistence worker thread runs at a lower scheduling
// priority than the relay thread, so under CPU contention a flush does not delay keystrokes. The
// worker still stores what is typed.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useCollabHarness } from './int-test-harness';
import { readJustification, seedVorlage, synced, typeAt, waitUntil } from './test-support';

const harness = useCollabHarness();

/** Nice values of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
async function threadNiceValues(): Promise<number[]> {
  const values: number[] = [];
  for (const task of await readdir('/proc/self/task')) {
    const stat = await readFile(`/proc/self/task/${task}/stat`, 'utf8').catch(() => null);
    if (stat === null) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    values.push(Number(fields[16]));
  }
  return values;
}

describe('the persistence worker’s priority (issue 22)', () => {
  it.runIf(process.platform === 'linux')(
    'is lowered for the worker thread alone, and the worker still stores every keystroke',
    async () => {
      const nice = 7;
      expect((await threadNiceValues()).filter((value) => value === nice)).toHaveLength(0);
      const vorlageId = `priority-${randomUUID()}`;
      await seedVorlage(harness.client, vorlageId);
      const { server, port } = await harness.startServer({
        eventStoreConnectionString: harness.connectionString,
        persistenceWorkerNice: nice,
      });
      await waitUntil(() => server.metrics().persistenceWorkerUp === 1, 10_000, 'worker up');
      const threads = await threadNiceValues();
      expect(threads.filter((value) => value === nice)).toHaveLength(1);
      expect(threads.filter((value) => value === 0).length).toBeGreaterThan(1);

      const alice = harness.connect(port, vorlageId, { userId: 'alice' });
      await waitUntil(() => synced(alice), 10_000, 'synced');
      typeAt(alice.doc, 'trotzdem gespeichert', () => 1);
      await waitUntil(() => server.metrics().pendingUpdates === 0, 10_000, 'stored');
      expect(readJustification(alice.doc)).toContain('trotzdem gespeichert');
      await harness.expectStoredAsHeld(vorlageId, [alice]);
    },
  );
});
