// The SQLite storage's in-memory stream rows must never outlive a rollback.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from './sqlite-storage';
import type { EventStorage, NewEvent } from './storage';

const event = (): NewEvent => ({
  id: randomUUID(),
  type: 'Tested',
  isJson: true,
  created: 0n,
  data: new TextEncoder().encode('{}'),
  metadata: new Uint8Array(0),
});

let dir: string;
let storage: EventStorage;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vorlagen-sqlite-storage-'));
  storage = openSqliteStorage(join(dir, 'events.sqlite'));
});
afterEach(async () => {
  storage.close();
  await rm(dir, { recursive: true, force: true });
});

const rollback = (work: () => void) => {
  expect(() =>
    storage.transaction(() => {
      work();
      throw new Error('roll back');
    }),
  ).toThrow('roll back');
};

describe('SqliteStorage stream rows', () => {
  it('forgets a stream created in a rolled-back transaction', () => {
    rollback(() => storage.append('created-then-undone', 0n, [event()]));
    expect(storage.stream('created-then-undone')).toBeUndefined();
    storage.transaction(() => storage.append('created-then-undone', 0n, [event()]));
    expect(storage.stream('created-then-undone')?.lastRevision).toBe(0n);
  });

  it('forgets revisions written in a rolled-back savepoint', () => {
    storage.transaction(() => storage.append('savepoint', 0n, [event()]));
    storage.transaction(() => {
      rollback(() => storage.append('savepoint', 1n, [event(), event()]));
      expect(storage.stream('savepoint')?.lastRevision).toBe(0n);
    });
    expect(storage.readStream('savepoint', 0n, 'forwards', 10)).toHaveLength(1);
  });

  it('sees a stream that appeared after it was looked up and found missing', () => {
    expect(storage.stream('late')).toBeUndefined();
    storage.transaction(() => storage.append('late', 0n, [event()]));
    expect(storage.stream('late')?.lastRevision).toBe(0n);
    storage.transaction(() => storage.tombstone('late', event()));
    expect(storage.stream('late')?.tombstoned).toBe(true);
  });
});
