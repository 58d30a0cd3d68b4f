// `npm start` as a user meets it: the printed URL answers with the German sign-in page, the event
// store's and the collab server's health checks answer, Ctrl+C stops every process, a restart on
// the same DATA_DIR keeps the data and seeds nothing twice, and a bad setting stops the start with
// a message naming the variable.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signedIn, startProduct, type TestProduct } from './lib/test-product';
import { createVorlage } from './lib/test-workflow';

const dataDir = mkdtempSync(join(tmpdir(), 'vorlagen-start-test-'));
const started: TestProduct[] = [];

afterAll(async () => {
  for (const product of started) await product.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<TestProduct> {
  const product = await startProduct({ dataDir, env: { LOG_LEVEL: 'info' } });
  started.push(product);
  return product;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  let vorlageId: string;

  it('serves the German sign-in page at the printed URL and reports every part healthy', async () => {
    const product = await start();
    expect(product.output()).toContain(`Vorlagen läuft:`);
    expect(product.output()).toContain('Demo-Anmeldungen (Passwort für alle: vorlagen-demo)');

    const page = await fetch(product.baseUrl);
    expect(page.url).toMatch(/\/anmelden$/);
    const html = await page.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toMatch(/<h1[^>]*>Anmelden<\/h1>/);

    const storeHealth = await fetch(`http://127.0.0.1:${product.ports.storeHealth}/health/live`);
    expect(storeHealth.status).toBe(204);
    const collabHealth = await fetch(`http://127.0.0.1:${product.ports.collab}/health/ready`);
    expect(collabHealth.status).toBe(200);
    const projectionsHealth = await fetch(
      `http://127.0.0.1:${product.ports.projections}/health/ready`,
    );
    expect(projectionsHealth.status).toBe(200);

    const spk = await signedIn(product, 'spk');
    vorlageId = await createVorlage(spk, 'jugendamt');
    const list = await spk.get('/api/vorlagen');
    expect(list.body.vorlagen.map((entry: { vorlageId: string }) => entry.vorlageId)).toEqual(
      expect.arrayContaining(['ag-planung-2026', vorlageId]),
    );
  });

  it('Ctrl+C (SIGINT) stops every process cleanly', async () => {
    const product = started.at(-1)!;
    expect(await product.stop('SIGINT')).toBe(0);
    for (const port of Object.values(product.ports)) expect(await isListening(port)).toBe(false);
  });

  it('a restart on the same DATA_DIR keeps the data and seeds nothing twice', async () => {
    const product = await start();
    expect(product.output()).toContain('demo data already present');
    const spk = await signedIn(product, 'spk');
    const detail = await spk.get(`/api/vorlagen/${vorlageId}`);
    expect(detail.status).toBe(200);
    const list = await spk.get('/api/vorlagen');
    const seeded = list.body.vorlagen.filter(
      (entry: { vorlageId: string }) => entry.vorlageId === 'ag-planung-2026',
    );
    expect(seeded).toHaveLength(1);
  });

  it('a bad setting stops the start with a message naming the variable', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', '--no-build'],
      {
        env: { ...process.env, APP_PORT: 'dreitausend', DATA_DIR: join(dataDir, 'never') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('APP_PORT');
  });
});
