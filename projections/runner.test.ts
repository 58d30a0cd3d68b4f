// The generic runner with a synthetic projection and an in-memory source: checkpoints committed
// with the data, the position guard, version-triggered rebuilds, waiting for a position, failures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger';
import { defineProjection, type PositionedEvent } from './definition';
import { openReadModelDb, readCheckpoints, type SqliteDatabase } from './read-model-db';
import { ProjectionRunner, type BatchCommitted } from './runner';
import { MemoryEventSource } from './testing/memory-source';

interface TestEvent extends PositionedEvent {
  readonly amount: number;
}

const logger = createLogger({ name: 'runner-test', level: 'silent' });

function counter(version = 1, options: { failOn?: number } = {}) {
  return defineProjection<TestEvent>({
    name: 'counter',
    version,
    handles: ['Added'],
    tables: ['counter_totals'],
    init: (db) =>
      db.exec(`CREATE TABLE IF NOT EXISTS counter_totals (
        stream TEXT PRIMARY KEY, total INTEGER NOT NULL, events INTEGER NOT NULL) STRICT`),
    apply: (tx, event) => {
      if (event.amount === options.failOn) throw new Error('fold bug');
      tx.run(
        `INSERT INTO counter_totals (stream, total, events) VALUES (?, ?, 1)
         ON CONFLICT (stream) DO UPDATE SET total = total + excluded.total, events = events + 1`,
        event.stream,
        event.amount * version,
      );
      tx.changed(event.stream);
    },
  });
}

function event(position: number, amount: number, stream = 'acc-1', type = 'Added'): TestEvent {
  return { position: BigInt(position), type, stream, amount };
}

describe('ProjectionRunner', () => {
  let dir: string;
  let dbPath: string;
  let db: SqliteDatabase;
  let source: MemoryEventSource<TestEvent>;
  const runners: ProjectionRunner<TestEvent, TestEvent>[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
    dbPath = join(dir, 'rm.sqlite');
    db = openReadModelDb(dbPath);
    source = new MemoryEventSource();
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function startRunner(projection = counter(), database = db, maxBatchSize = 1000) {
    const runner = new ProjectionRunner<TestEvent, TestEvent>({
      db: database,
      projections: [projection],
      source,
      decode: (raw) => raw,
      logger,
      maxBatchSize,
      maxBatchDelayMs: 1,
    });
    runners.push(runner);
    runner.start();
    return runner;
  }

  function totals(database = db) {
    return database
      .prepare('SELECT stream, total, events FROM counter_totals ORDER BY stream')
      .all();
  }

  it('applies handled events and stores the checkpoint with them', async () => {
    source.append(
      event(1, 5),
      event(2, 7, 'acc-2'),
      event(3, 100, 'acc-1', 'Ignored'),
      event(4, 1),
    );
    const runner = startRunner();
    await runner.whenCaughtUp();
    expect(totals()).toEqual([
      { stream: 'acc-1', total: 6, events: 2 },
      { stream: 'acc-2', total: 7, events: 1 },
    ]);
    expect(readCheckpoints(db).get('counter')).toEqual({
      name: 'counter',
      version: 1,
      position: 4n,
    });
    expect(runner.position).toBe(4n);
  });

  it('changes nothing when the same event is delivered twice', async () => {
    source.append(event(1, 5), event(2, 7));
    const runner = startRunner();
    await runner.whenCaughtUp();
    const before = totals();
    source.redeliver(event(2, 7));
    source.redeliver(event(1, 5));
    source.append(event(3, 1));
    await runner.waitForPosition(3n, 5000);
    source.redeliver(event(3, 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(before).toEqual([{ stream: 'acc-1', total: 12, events: 2 }]);
    expect(totals()).toEqual([{ stream: 'acc-1', total: 13, events: 3 }]);
    expect(runner.position).toBe(3n);
  });

  it('resumes from its checkpoint after a restart', async () => {
    source.append(event(1, 5), event(2, 7));
    const first = startRunner();
    await first.whenCaughtUp();
    await first.stop();
    db.close();
    source.append(event(3, 11));
    db = openReadModelDb(dbPath);
    const second = startRunner(counter(), db);
    await second.whenCaughtUp();
    expect(totals()).toEqual([{ stream: 'acc-1', total: 23, events: 3 }]);
  });

  it('rebuilds a projection whose version changed', async () => {
    source.append(event(1, 5), event(2, 7));
    const first = startRunner(counter(1));
    await first.whenCaughtUp();
    await first.stop();
    const second = startRunner(counter(2));
    await second.whenCaughtUp();
    // Version 2 doubles every amount: the totals prove a full replay, not a continuation.
    expect(totals()).toEqual([{ stream: 'acc-1', total: 24, events: 2 }]);
    expect(readCheckpoints(db).get('counter')?.version).toBe(2);
  });

  it('resetAll replays from zero to the same read model', async () => {
    source.append(event(1, 5), event(2, 7, 'acc-2'), event(3, 9));
    const first = startRunner(counter(), db, 2);
    await first.whenCaughtUp();
    const incremental = totals();
    await first.stop();
    const second = new ProjectionRunner<TestEvent, TestEvent>({
      db,
      projections: [counter()],
      source,
      decode: (raw) => raw,
      logger,
    });
    runners.push(second);
    second.resetAll();
    expect(totals()).toEqual([]);
    second.start();
    await second.whenCaughtUp();
    expect(totals()).toEqual(incremental);
  });

  it('answers waits when the position is reached, and times out otherwise', async () => {
    const runner = startRunner();
    await runner.whenCaughtUp();
    const reached = runner.waitForPosition(2n, 5000);
    source.append(event(1, 1), event(2, 2));
    expect(await reached).toBe(true);
    expect(await runner.waitForPosition(1n, 0)).toBe(true);
    expect(await runner.waitForPosition(99n, 20)).toBe(false);
  });

  it('announces each committed batch with the changed keys', async () => {
    const runner = startRunner();
    await runner.whenCaughtUp();
    const batches: BatchCommitted[] = [];
    runner.onCommitted((batch) => batches.push(batch));
    source.append(event(1, 1, 'acc-9'), event(2, 1, 'acc-3'), event(3, 1, 'x', 'Ignored'));
    await runner.waitForPosition(3n, 5000);
    expect(batches).toEqual([
      {
        position: 3n,
        eventCount: 3,
        changes: [{ readModel: 'counter', keys: ['acc-3', 'acc-9'] }],
      },
    ]);
  });

  it('commits catch-up in batches of catchUpBatchSize, live events in batches of maxBatchSize', async () => {
    source.append(...Array.from({ length: 25 }, (_, i) => event(i + 1, 1)));
    const runner = new ProjectionRunner<TestEvent, TestEvent>({
      db,
      projections: [counter()],
      source,
      decode: (raw) => raw,
      logger,
      maxBatchSize: 2,
      catchUpBatchSize: 10,
      maxBatchDelayMs: 1,
    });
    runners.push(runner);
    const sizes: number[] = [];
    runner.onCommitted((batch) => sizes.push(batch.eventCount));
    runner.start();
    await runner.whenCaughtUp();
    expect(sizes).toEqual([10, 10, 5]);
    source.append(...Array.from({ length: 5 }, (_, i) => event(i + 26, 1)));
    await runner.waitForPosition(30n, 5000);
    expect(sizes.slice(3)).toEqual([2, 2, 1]);
    expect(totals()).toEqual([{ stream: 'acc-1', total: 30, events: 30 }]);
  });

  it('rolls the whole batch back and stops when a fold throws', async () => {
    source.append(event(1, 5), event(2, 7), event(3, 13));
    const failures: Error[] = [];
    const runner = new ProjectionRunner<TestEvent, TestEvent>({
      db,
      projections: [counter(1, { failOn: 7 })],
      source,
      decode: (raw) => raw,
      logger,
      maxBatchDelayMs: 1,
    });
    runners.push(runner);
    runner.onFailure = (error) => failures.push(error);
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failures.map((error) => error.message)).toEqual(['fold bug']);
    expect(runner.status).toBe('failed');
    expect(totals()).toEqual([]);
    expect(readCheckpoints(db).get('counter')?.position).toBeNull();
  });

  it('keeps each projection at its own checkpoint when one rebuilds', async () => {
    source.append(event(1, 5), event(2, 7));
    const other = defineProjection<TestEvent>({
      name: 'event_log',
      version: 1,
      handles: ['Added', 'Ignored'],
      tables: ['event_log'],
      init: (database) =>
        database.exec('CREATE TABLE IF NOT EXISTS event_log (position INTEGER PRIMARY KEY) STRICT'),
      apply: (tx, e) => void tx.run('INSERT INTO event_log (position) VALUES (?)', e.position),
    });
    const make = (version: number) =>
      new ProjectionRunner<TestEvent, TestEvent>({
        db,
        projections: [counter(version), other],
        source,
        decode: (raw) => raw,
        logger,
        maxBatchDelayMs: 1,
      });
    const first = make(1);
    runners.push(first);
    first.start();
    await first.whenCaughtUp();
    await first.stop();
    source.append(event(3, 1));
    const second = make(2);
    runners.push(second);
    second.start();
    await second.whenCaughtUp();
    // The log (unchanged version) saw each event once although the runner replayed from zero.
    expect(db.prepare('SELECT position FROM event_log ORDER BY position').pluck().all()).toEqual([
      1, 2, 3,
    ]);
    expect(totals()).toEqual([{ stream: 'acc-1', total: 26, events: 3 }]);
  });
});
