// Self-healing (issue 16): `npm start` restarts a part that dies. Each part is killed with SIGKILL
// while a writer keeps using the product; the product must answer /api/health with 200 again
// within 15 s without a human, and every write it acknowledged must be in the store.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createCollabProvider } from '../editor/collab-provider';
import { createEventStoreClient } from '../event-store/client';
import { ApiClient, signedIn, startProduct, type TestProduct } from './lib/test-product';
import { createVorlage, FUTURE_SESSION_DATE } from './lib/test-workflow';

const RECOVERY_BOUND_MS = 15_000;
const LEAD = 'jugendamt';

let product: TestProduct;
let lead: ApiClient;

beforeAll(async () => {
  product = await startProduct();
  lead = await signedIn(product, LEAD);
}, 660_000);

afterAll(async () => {
  await product?.stop();
}, 60_000);

/** The pid of the start script's child running `entry`, or null while it is being restarted. */
function partPid(entry: string): number | null {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(product.pid)], {
    encoding: 'utf8',
  }).split('\n');
  const line = lines.find((candidate) => candidate.includes(entry));
  return line ? Number(line.trim().split(/\s+/)[0]) : null;
}

/** Creates Vorlagen in a loop until stopped; returns the ids the app acknowledged (HTTP 201). */
function keepWriting(client: ApiClient) {
  const acknowledged: string[] = [];
  let running = true;
  const done = (async () => {
    for (let n = 0; running; n += 1) {
      const response = await client
        .post('/api/vorlagen', {
          title: `Während des Ausfalls ${n}`,
          leadOfficeId: LEAD,
          rapporteurName: 'Bezirksstadträtin Carolina Böhm',
          targetSessionDate: FUTURE_SESSION_DATE,
        })
        .catch(() => null);
      if (response?.status === 201) acknowledged.push(response.body.vorlageId as string);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** The lead office's editor on a new Vorlage, through the same provider code the browser runs. */
async function connectEditor() {
  const vorlageId = await createVorlage(lead, LEAD, 'Verbindung halten');
  let disconnects = 0;
  const provider = createCollabProvider({
    serverUrl: product.collabUrl,
    vorlageId,
    doc: new Y.Doc(),
    fetchToken: async () => {
      const response = await lead.post(`/api/vorlagen/${vorlageId}/collab-token`);
      if (response.status !== 200) throw new Error(`no collab token: ${response.status}`);
      return response.body.token as string;
    },
    WebSocket: WebSocket as never,
    maxBackoffTime: 500,
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') disconnects += 1;
  });
  await until(() => provider.synced, Date.now() + RECOVERY_BOUND_MS);
  return { provider, disconnects: () => disconnects };
}

async function until(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function healthyAgain(deadline: number): Promise<boolean> {
  const anonymous = new ApiClient(product.baseUrl);
  while (Date.now() < deadline) {
    const response = await anonymous.get('/api/health').catch(() => null);
    if (response?.status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('supervision: SIGKILL of a part while the product is in use', () => {
  for (const [name, entry] of [
    ['collab server', 'collab-server/main.ts'],
    ['projections', 'projections/main.ts'],
    ['event store', 'event-store/main.ts'],
  ] as const) {
    it(`${name}: restarted, healthy again within 15 s, no acknowledged write lost, editors reconnect`, async () => {
      const editor = await connectEditor();
      const writer = keepWriting(lead);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const victim = partPid(entry);
      expect(victim).not.toBeNull();
      process.kill(victim!, 'SIGKILL');
      const deadline = Date.now() + RECOVERY_BOUND_MS;
      // Degraded first (the health check names the missing part) …
      const degraded = await new ApiClient(product.baseUrl).get('/api/health');
      // … then healthy again, with a new process for the part.
      expect(await healthyAgain(deadline)).toBe(true);
      const successor = partPid(entry);
      expect(successor).not.toBeNull();
      expect(successor).not.toBe(victim);
      await new Promise((resolve) => setTimeout(resolve, 600));
      await writer.stop();
      if (degraded.status !== 200) expect(degraded.body.status).toBe('degraded');

      expect(writer.acknowledged.length).toBeGreaterThan(0);
      const store = createEventStoreClient(product.eventStoreUrl);
      try {
        for (const id of writer.acknowledged) {
          const events = await store.readStream(`vorlage-${id}`);
          expect(events[0]?.type, id).toBe('VorlageCreated');
        }
      } finally {
        await store.close();
      }
      expect(product.output()).toContain('wurde unerwartet beendet');
      // The editor's provider (the browser's code) is connected and in sync again.
      await until(() => editor.provider.wsconnected && editor.provider.synced, deadline + 5_000);
      if (entry === 'collab-server/main.ts') expect(editor.disconnects()).toBeGreaterThan(0);
      editor.provider.destroy();
    }, 60_000);
  }
});
