// The projections against the real (embedded) event store: a rebuild equals incremental processing,
// a runner SIGKILLed mid-batch resumes to the same read models as a full replay, duplicate delivery
// changes nothing, and an SSE subscriber sees a sign-off (and the staleness a text edit causes).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../domain/application/event-store-port';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { startTestEventStore, type TestEventStore } from '../event-store/testing';
import { createLogger } from '../platform/logger';
import { ProjectionsClient } from './client';
import { eventStoreSource } from './event-store-source';
import { createProductDecoder, type ProductEvent } from './product-events';
import { PRODUCT_PROJECTIONS } from './product-projections';
import type { ChangeMessage } from './protocol';
import { openReadModelDb, readCheckpoints } from './read-model-db';
import { getApprovalView } from './read-models/approval-view';
import { getAuditHistory } from './read-models/audit-history';
import { ProjectionRunner, type AllEventsSource } from './runner';
import { startProjectionsService, type ProjectionsService } from './service';
import { dumpReadModels } from './testing/dump';
import { appendPlanned, appendScenario, planVorlage } from './testing/scenario';

const SECRET = 'projections-test-secret-of-at-least-32-chars';

const logger = createLogger({ name: 'projections-int', level: process.env.LOG_LEVEL ?? 'silent' });
const SEED = Number(process.env.PROJECTIONS_TEST_SEED ?? 20260501);
const NOW = new Date('2026-04-05T00:00:00Z');

let store: TestEventStore;
let client: EventStoreClient;
let dir: string;
let dbCounter = 0;
const children: ChildProcess[] = [];
const nextDbPath = () => join(dir, `read-models-${++dbCounter}.sqlite`);
/** A fresh id prefix per test, so tests sharing the store keep their Vorlagen apart. */
const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  console.log(`projections integration seed: ${SEED}`);
  store = await startTestEventStore();
  client = createEventStoreClient(store.connectionString);
  dir = mkdtempSync(join(tmpdir(), 'projections-int-'));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await client?.close();
  await store?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function replayFromZero(): Promise<ReturnType<typeof dumpReadModels>> {
  const service = await startProjectionsService({
    connectionString: store.connectionString,
    dbPath: nextDbPath(),
    logger,
    rebuild: true,
  });
  await service.runner.whenCaughtUp();
  const dump = dumpReadModels(service.db, PRODUCT_PROJECTIONS);
  await service.stop();
  return dump;
}

async function lastPositionInStore(): Promise<bigint> {
  const [last] = await client.readAll({ direction: 'backwards', maxCount: 1 });
  if (!last) throw new Error('store is empty');
  return last.position;
}

describe('projections against the event store', () => {
  it('a rebuild from zero gives the same read models as incremental processing', async () => {
    const live = await startProjectionsService({
      connectionString: store.connectionString,
      dbPath: nextDbPath(),
      logger,
      maxBatchSize: 7,
      maxBatchDelayMs: 1,
    });
    await live.runner.whenCaughtUp();
    const { lastPosition, events } = await appendScenario(client, ids('inc', 12), {
      seed: SEED,
      concurrency: 4,
    });
    expect(events).toBeGreaterThan(300);
    expect(await live.runner.waitForPosition(lastPosition, 30_000)).toBe(true);
    const incremental = dumpReadModels(live.db, PRODUCT_PROJECTIONS);

    // In place: the same file, reset and replayed.
    await live.stop();
    const inPlace = await startProjectionsService({
      connectionString: store.connectionString,
      dbPath: join(dir, `read-models-${dbCounter}.sqlite`),
      logger,
      rebuild: true,
    });
    await inPlace.runner.whenCaughtUp();
    const rebuiltInPlace = dumpReadModels(inPlace.db, PRODUCT_PROJECTIONS);
    await inPlace.stop();

    const rebuilt = await replayFromZero();
    expect(rebuilt).toEqual(incremental);
    expect(rebuiltInPlace).toEqual(incremental);
    expect(incremental.approval_view?.length).toBeGreaterThan(12);
    expect(incremental.audit_events?.length).toBeGreaterThan(200);
  });

  it('after a SIGKILL mid-batch, the restarted runner reaches the same read models as a full replay', async () => {
    await appendScenario(client, ids('kill', 40), { seed: SEED + 1, concurrency: 4 });
    const head = await lastPositionInStore();
    const dbPath = nextDbPath();
    const env = {
      ...process.env,
      VORLAGEN_TEST_STORE: store.connectionString,
      VORLAGEN_TEST_DB: dbPath,
      VORLAGEN_TEST_BATCH: '200',
    };

    const crashing = spawnChild({ ...env, VORLAGEN_TEST_TRIPWIRE: '1050' });
    const line = await crashing.waitForLine(/^(TRIPWIRE|CAUGHT_UP)/);
    expect(line).toBe('TRIPWIRE 1050');
    crashing.process.kill('SIGKILL');
    await crashing.exited;

    const afterCrash = openReadModelDb(dbPath);
    const checkpoints = [...readCheckpoints(afterCrash).values()];
    afterCrash.close();
    // Five whole batches of 200 were committed; the sixth died with the process.
    for (const projection of PRODUCT_PROJECTIONS) {
      const checkpoint = checkpoints.find((row) => row.name === projection.name)?.position;
      expect(checkpoint).not.toBeNull();
      expect(checkpoint! < head).toBe(true);
    }

    const restarted = spawnChild(env);
    expect(await restarted.waitForLine(/^CAUGHT_UP/)).toMatch(/^CAUGHT_UP \d+/);
    restarted.process.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);

    const resumed = openReadModelDb(dbPath);
    const resumedDump = dumpReadModels(resumed, PRODUCT_PROJECTIONS);
    resumed.close();
    expect(resumedDump).toEqual(await replayFromZero());
  });

  it('the same event delivered twice changes nothing', async () => {
    await appendScenario(client, ids('dup', 6), { seed: SEED + 2, concurrency: 3 });
    const delivered: StoredEvent[] = [];
    const real = eventStoreSource(client);
    // At-least-once delivery at its worst: every event twice, and an old one again later.
    const duplicating: AllEventsSource<StoredEvent> = {
      subscribe: (options) =>
        real.subscribe({
          ...options,
          onEvent: (event) => {
            options.onEvent(event);
            options.onEvent(event);
            delivered.push(event);
            if (delivered.length % 50 === 0) options.onEvent(delivered[delivered.length - 40]!);
          },
        }),
    };
    const db = openReadModelDb(nextDbPath());
    const runner = new ProjectionRunner<StoredEvent, ProductEvent>({
      db,
      projections: PRODUCT_PROJECTIONS,
      source: duplicating,
      decode: createProductDecoder(logger),
      logger,
      maxBatchSize: 25,
      maxBatchDelayMs: 1,
    });
    runner.start();
    await runner.whenCaughtUp();
    await runner.stop();
    const duplicated = dumpReadModels(db, PRODUCT_PROJECTIONS);
    db.close();
    expect(delivered.length).toBeGreaterThan(100);
    expect(duplicated).toEqual(await replayFromZero());
  });

  it('catching up in the worker and in the main thread give the same read models; a stop mid catch-up resumes to them', async () => {
    await appendScenario(client, ids('worker', 10), { seed: SEED + 4, concurrency: 4 });
    const head = await lastPositionInStore();
    const inThread = await startProjectionsService({
      connectionString: store.connectionString,
      dbPath: nextDbPath(),
      logger,
      rebuild: true,
      catchUpInWorker: false,
    });
    await inThread.runner.whenCaughtUp();
    const decodedInThread = dumpReadModels(inThread.db, PRODUCT_PROJECTIONS);
    await inThread.stop();

    // Small pages and batches, stopped after the first committed batch: the worker must end and
    // the restart must continue from the checkpoint to the same read models.
    const dbPath = nextDbPath();
    const small = { catchUpPageSize: 40, catchUpBatchSize: 60 };
    const interrupted = await startProjectionsService({
      connectionString: store.connectionString,
      dbPath,
      logger,
      rebuild: true,
      ...small,
    });
    await new Promise<void>((resolve) => {
      const off = interrupted.runner.onCommitted(() => {
        off();
        resolve();
      });
    });
    await interrupted.stop();
    expect(interrupted.runner.isCaughtUp).toBe(false);
    expect(interrupted.runner.position! < head).toBe(true);
    const resumed = await startProjectionsService({
      connectionString: store.connectionString,
      dbPath,
      logger,
      ...small,
    });
    await resumed.runner.whenCaughtUp();
    const decodedInWorker = dumpReadModels(resumed.db, PRODUCT_PROJECTIONS);
    await resumed.stop();
    expect(decodedInWorker).toEqual(decodedInThread);
    expect(decodedInWorker.audit_events?.length).toBeGreaterThan(150);
  });

  describe('live', () => {
    let service: ProjectionsService;
    let projections: ProjectionsClient;

    beforeAll(async () => {
      service = await startProjectionsService({
        connectionString: store.connectionString,
        dbPath: nextDbPath(),
        logger,
        http: { host: '127.0.0.1', port: 0, secret: SECRET },
      });
      projections = new ProjectionsClient(`http://127.0.0.1:${service.port}`, SECRET);
      await service.runner.whenCaughtUp();
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('pushes a change to an SSE subscriber after a sign-off, and /wait answers at its position', async () => {
      const vorlageId = 'live-001';
      // Everything up to the first sign-off answer: creation, drafting, the request.
      const plan = planVorlage(vorlageId, { seed: SEED + 3 });
      const firstAnswer = plan.findIndex((step) =>
        step.events.some(
          (event) => event.type === 'SignOffGiven' || event.type === 'SignOffRefused',
        ),
      );
      const chains = new Map();
      for (const step of plan.slice(0, firstAnswer)) await appendPlanned(client, step, chains);

      const changes: ChangeMessage[] = [];
      const subscription = projections.subscribeToChanges({
        filter: { keys: [vorlageId] },
        onChange: (message) => changes.push(message),
      });
      await subscription.opened;
      const position = await appendPlanned(client, plan[firstAnswer]!, chains);

      await expect
        .poll(() => changes.find((message) => BigInt(message.position) >= position), {
          timeout: 10_000,
        })
        .toBeDefined();
      const change = changes.find((message) => BigInt(message.position) >= position)!;
      expect(change.changes.map((entry) => entry.readModel)).toEqual(
        expect.arrayContaining(['approval_view', 'spk_dashboard', 'audit_history']),
      );
      expect(await projections.waitForPosition(position, { timeoutMs: 5000 })).toMatchObject({
        reached: true,
      });
      const answered = getApprovalView(service.db, vorlageId, NOW).filter(
        (entry) => entry.answeredAt !== null,
      );
      expect(answered).toHaveLength(1);
      expect(getAuditHistory(service.db, vorlageId)?.chain.status).toBe('ok');

      // A text batch after the sign-off turns an approval veraltet, pushed the same way.
      const nextText = plan
        .slice(firstAnswer)
        .find((step) => step.stream.startsWith('vorlagetext-'))!;
      const approved = answered[0]!.status !== 'refused';
      changes.length = 0;
      const textPosition = await appendPlanned(client, nextText, chains);
      await expect
        .poll(() => changes.some((message) => BigInt(message.position) >= textPosition), {
          timeout: 10_000,
        })
        .toBe(true);
      const after = getApprovalView(service.db, vorlageId, NOW).find(
        (entry) => entry.officeId === answered[0]!.officeId,
      );
      expect(after?.status).toBe(approved ? 'stale' : 'refused');
      subscription.close();
    });

    it('/wait answers 408 for a position not reached yet', async () => {
      const beyond = (await lastPositionInStore()) + 1_000_000n;
      const response = await fetch(
        `http://127.0.0.1:${service.port}/wait?position=${beyond}&timeoutMs=50`,
        { headers: { authorization: `Bearer ${SECRET}` } },
      );
      expect(response.status).toBe(408);
    });
  });
});

interface Child {
  readonly process: ChildProcess;
  /** The exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  waitForLine(pattern: RegExp): Promise<string>;
}

function spawnChild(env: NodeJS.ProcessEnv): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'testing/runner-child.ts')],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiting) wake();
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    process: child,
    exited,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((candidate) => pattern.test(candidate));
          if (line === undefined) return;
          waiting.delete(check);
          resolve(line);
        };
        waiting.add(check);
        check();
        void exited.then((code) => reject(new Error(`child exited (${code}) before ${pattern}`)));
      }),
  };
}
