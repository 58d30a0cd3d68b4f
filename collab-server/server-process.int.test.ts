// The test support that runs `collab-server/main.ts` as its own process (server-process.ts): with
// port 0 it reports the port the server bound (a port probed free before the warm-up could be
// taken by the time the server binds — CI once failed that way), and a process that ends before
// it listens is reported with its own log, which says why.
import { describe, expect, it } from 'vitest';
import { listenOnFreePort } from '../platform/testing/free-port';
import { useCollabHarness } from './int-test-harness';
import { startCollabServerProcess } from './server-process';

const harness = useCollabHarness();
const NO_WARM_UP = { COLLAB_WARMUP_MS: '0' };

describe('the collab server as its own process (test support)', () => {
  it('with port 0 listens where the system chose, and says where', async () => {
    const { child, port } = await startCollabServerProcess(harness.connectionString, 0, NO_WARM_UP);
    try {
      expect(port).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('that cannot listen is reported with the log line that says why', async () => {
    const taken = await listenOnFreePort();
    try {
      await expect(
        startCollabServerProcess(harness.connectionString, taken.port, NO_WARM_UP),
      ).rejects.toThrow(/exited early \(1\)[\s\S]*EADDRINUSE[\s\S]*could not start/);
    } finally {
      taken.server.close();
    }
  });
});
