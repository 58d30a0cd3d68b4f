// Relaying comes first (issue 22): the persistence worker thread and V8's helper threads run at a
// lower scheduling priority than the relay thread, so under CPU contention neither a flush nor
// JIT compilation delays keystrokes. The worker still stores what is typed.
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useCollabHarness } from './int-test-harness';
import { startCollabServerProcess } from './server-process';
import { readJustification, seedVorlage, synced, typeAt, waitUntil } from './test-support';

const harness = useCollabHarness();

/** Nice value per thread id of a process (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
async function niceByThread(pid: number | 'self' = 'self'): Promise<Map<number, number>> {
  const values = new Map<number, number>();
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').catch(() => null);
    if (stat === null) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    values.set(Number(task), Number(fields[16]));
  }
  return values;
}

const threadNiceValues = async () => [...(await niceByThread()).values()];

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

describe('the collab server process’s threads (issue 22)', () => {
  it.runIf(process.platform === 'linux')(
    'run below the relay thread: V8’s helpers at COLLAB_HELPER_THREADS_NICE, the worker at its own',
    async () => {
      const { child } = await startCollabServerProcess(harness.connectionString, 0, {
        COLLAB_HELPER_THREADS_NICE: '4',
        COLLAB_PERSISTENCE_WORKER_NICE: '9',
      });
      try {
        const nice = await niceByThread(child.pid!);
        // The relay thread is the process's main thread (thread id = process id).
        expect(nice.get(child.pid!)).toBe(0);
        const others = [...nice].filter(([thread]) => thread !== child.pid).map(([, v]) => v);
        // V8's helper threads (Node starts four) exist before the relay thread lowers them; threads
        // started later inherit their creator's priority (libuv's pool, started by the relay
        // thread, stays at 0: it waits on DNS and files).
        expect(others.filter((value) => value === 4).length).toBeGreaterThanOrEqual(4);
        expect(others.filter((value) => value === 9)).toHaveLength(1);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );
});
