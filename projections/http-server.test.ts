// The projections HTTP server and its typed client, over real HTTP on 127.0.0.1:0, fed by a runner
// with an in-memory source: readiness, /wait (reached, timeout, bad input), /changes with filters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger';
import { ProjectionsClient } from './client';
import { defineProjection, type PositionedEvent } from './definition';
import { createProjectionsHttpServer, type ProjectionsHttpServer } from './http-server';
import type { ChangeMessage, HelloMessage } from './protocol';
import { openReadModelDb, type SqliteDatabase } from './read-model-db';
import { ProjectionRunner } from './runner';
import { MemoryEventSource } from './testing/memory-source';

const SECRET = 'projections-test-secret-of-at-least-32-chars';
const authed = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { authorization: `Bearer ${SECRET}` } });

interface TestEvent extends PositionedEvent {
  readonly key: string;
}

const logger = createLogger({ name: 'http-test', level: 'silent' });

const seen = defineProjection<TestEvent>({
  name: 'seen',
  version: 1,
  handles: ['Seen'],
  tables: ['seen'],
  init: (db) => db.exec('CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY) STRICT'),
  apply: (tx, event) => {
    tx.run('INSERT OR IGNORE INTO seen (key) VALUES (?)', event.key);
    tx.changed(event.key);
  },
});

const at = (position: number, key: string): TestEvent => ({
  position: BigInt(position),
  type: 'Seen',
  stream: `thing-${key}`,
  key,
});

describe('projections HTTP server', () => {
  let db: SqliteDatabase;
  let source: MemoryEventSource<TestEvent>;
  let runner: ProjectionRunner<TestEvent, TestEvent>;
  let http: ProjectionsHttpServer;
  let client: ProjectionsClient;
  let baseUrl: string;

  beforeEach(async () => {
    db = openReadModelDb(':memory:');
    source = new MemoryEventSource();
    runner = new ProjectionRunner({
      db,
      projections: [seen],
      source,
      decode: (raw: TestEvent) => raw,
      logger,
      maxBatchDelayMs: 1,
    });
    http = createProjectionsHttpServer({ runner, logger, secret: SECRET });
    const address = await http.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${address.port}`;
    client = new ProjectionsClient(baseUrl, SECRET);
  });

  afterEach(async () => {
    await http.close();
    await runner.stop();
    db.close();
  });

  it('is live at once and ready only after catching up', async () => {
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(503);
    source.append(at(1, 'a'));
    runner.start();
    await runner.whenCaughtUp();
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', position: '1' });
  });

  it('/wait answers 200 once the position is reached and 408 on timeout', async () => {
    runner.start();
    await runner.whenCaughtUp();
    const waiting = client.waitForPosition(2n, { timeoutMs: 5000 });
    source.append(at(1, 'a'), at(2, 'b'));
    expect(await waiting).toEqual({ reached: true, position: '2' });
    const late = await authed(`${baseUrl}/wait?position=3&timeoutMs=10`);
    expect(late.status).toBe(408);
    expect(await late.json()).toEqual({ reached: false, position: '2' });
  });

  it('/wait refuses a malformed query with 400 and the zod issue', async () => {
    for (const query of ['', 'position=-1', 'position=abc', 'position=1&timeoutMs=999999']) {
      const response = await authed(`${baseUrl}/wait?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_query');
    }
  });

  it('/changes streams a hello, then the changed keys of each batch, filtered', async () => {
    runner.start();
    await runner.whenCaughtUp();
    const all: ChangeMessage[] = [];
    const onlyB: ChangeMessage[] = [];
    const hellos: HelloMessage[] = [];
    const everything = client.subscribeToChanges({
      onChange: (message) => all.push(message),
      onHello: (hello) => hellos.push(hello),
    });
    const filtered = client.subscribeToChanges({
      filter: { readModels: ['seen'], keys: ['b'] },
      onChange: (message) => onlyB.push(message),
    });
    await Promise.all([everything.opened, filtered.opened]);
    source.append(at(1, 'a'));
    await runner.waitForPosition(1n, 5000);
    source.append(at(2, 'b'));
    await expect.poll(() => onlyB.length).toBe(1);
    await expect.poll(() => all.length).toBe(2);
    everything.close();
    filtered.close();
    expect(hellos).toEqual([{ protocolVersion: 1, position: null, caughtUp: true }]);
    expect(all).toEqual([
      { position: '1', changes: [{ readModel: 'seen', keys: ['a'] }] },
      { position: '2', changes: [{ readModel: 'seen', keys: ['b'] }] },
    ]);
    expect(onlyB).toEqual([{ position: '2', changes: [{ readModel: 'seen', keys: ['b'] }] }]);
  });

  it('answers 401 without the shared secret on everything but health', async () => {
    for (const path of ['/changes', '/wait?position=1&timeoutMs=10', '/nope']) {
      const anonymous = await fetch(`${baseUrl}${path}`);
      expect(anonymous.status, path).toBe(401);
      const wrong = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${SECRET.replace(/.$/, '!')}` },
      });
      expect(wrong.status, path).toBe(401);
    }
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await authed(`${baseUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/wait?position=1`, { method: 'POST' })).status).toBe(405);
  });
});
