import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { vorlageTextToDoc } from '../editor/convert';
import {
  DEFAULT_PERSISTENCE,
  DocumentPersister,
  PendingDocuments,
  alignedDelay,
  flushWindowMs,
  unsavedThresholdMs,
  type PersistenceConfig,
} from './persistence';

describe('alignedDelay (flush windows of many documents end on a shared grid)', () => {
  it('ends every wait on a slot of a fifth of the batch window, never later than asked', () => {
    // batchMs 500 → slots of 100 ms.
    expect(alignedDelay(1_000_030, 500, 500)).toBe(470);
    expect(alignedDelay(1_000_099, 500, 500)).toBe(401);
    expect(alignedDelay(1_000_000, 500, 500)).toBe(500);
  });

  it('documents whose windows end in the same slot flush together', () => {
    const dueAt = (now: number) => now + alignedDelay(now, 500, 500);
    expect(dueAt(2_000_010)).toBe(dueAt(2_000_090));
    expect(dueAt(2_000_110)).toBe(dueAt(2_000_010) + 100);
  });

  it('leaves immediate flushes and tiny windows alone', () => {
    expect(alignedDelay(1_000_030, 0, 500)).toBe(0);
    expect(alignedDelay(1_000_003, 5, 5)).toBe(5);
  });

  it('puts stretched windows on the same grid as unstretched ones (slots of batchMs / 5)', () => {
    const stretched = flushWindowMs(100, DEFAULT_PERSISTENCE);
    expect(stretched).toBeGreaterThan(DEFAULT_PERSISTENCE.batchMs);
    for (const now of [3_000_000, 3_000_037, 3_000_099]) {
      const delay = alignedDelay(now, stretched, DEFAULT_PERSISTENCE.batchMs);
      expect((now + delay) % 100).toBe(0);
      expect(delay).toBeLessThanOrEqual(stretched);
      expect(delay).toBeGreaterThan(stretched - 100);
    }
  });
});

/** The window policy of the defaults before session 17 (a 1.5 s cap). */
const windowConfig = {
  batchMs: 500,
  batchMaxMs: 1500,
  stretchFromDocuments: 16,
  stretchMsPerDocument: 32,
};

describe('flushWindowMs (load-adaptive flush windows)', () => {
  const config = windowConfig;

  it('keeps batchMs for one document and for up to stretchFromDocuments', () => {
    expect(flushWindowMs(0, config)).toBe(500);
    expect(flushWindowMs(1, config)).toBe(500);
    expect(flushWindowMs(16, config)).toBe(500);
  });

  it('stretches linearly with every further document that has pending edits', () => {
    expect(flushWindowMs(17, config)).toBe(532);
    expect(flushWindowMs(26, config)).toBe(820);
  });

  it('never exceeds batchMaxMs', () => {
    expect(flushWindowMs(47, config)).toBe(1492);
    expect(flushWindowMs(48, config)).toBe(1500);
    expect(flushWindowMs(10_000, config)).toBe(1500);
  });

  it('never shortens the window below batchMs (a maximum below it switches stretching off)', () => {
    expect(flushWindowMs(10_000, { ...config, batchMaxMs: 100 })).toBe(500);
    expect(flushWindowMs(10_000, { ...config, stretchMsPerDocument: 0 })).toBe(500);
  });
});

describe('unsavedThresholdMs ("nicht gespeichert" under load)', () => {
  const config = { ...windowConfig, batchMaxMs: 4500, unsavedAfterMs: 2000 };

  it('is unsavedAfterMs while windows do not stretch', () => {
    expect(unsavedThresholdMs(0, config)).toBe(2000);
    expect(unsavedThresholdMs(16, config)).toBe(2000);
  });

  it('grows by as much as the window stretches, up to batchMaxMs', () => {
    expect(unsavedThresholdMs(26, config)).toBe(2000 + 820 - 500);
    expect(unsavedThresholdMs(10_000, config)).toBe(2000 + 4500 - 500);
  });

  it('leaves every stretched default window the same margin before edits count as unsaved', () => {
    for (const documents of [1, 17, 100, 141, 10_000]) {
      const margin =
        unsavedThresholdMs(documents, DEFAULT_PERSISTENCE) -
        flushWindowMs(documents, DEFAULT_PERSISTENCE);
      expect(margin).toBe(DEFAULT_PERSISTENCE.unsavedAfterMs - DEFAULT_PERSISTENCE.batchMs);
    }
  });
});

describe('DocumentPersister flush windows (fake clock)', () => {
  const config: PersistenceConfig = {
    ...DEFAULT_PERSISTENCE,
    batchMs: 500,
    batchMaxMs: 1500,
    stretchFromDocuments: 2,
    stretchMsPerDocument: 250,
    busyDocumentUpdates: 4,
  };
  let pendingDocuments: PendingDocuments;
  let appends: number[];

  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000_000 });
    pendingDocuments = new PendingDocuments();
    appends = [];
  });
  afterEach(() => vi.useRealTimers());

  /** A persister whose appends are recorded (time of each) and acknowledged after a delay. */
  function persister(
    appendDelayMs = 0,
    random = () => 0,
  ): {
    persister: DocumentPersister;
    type: (text: string) => void;
  } {
    const doc = vorlageTextToDoc({});
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const target = {
      vorlageId: 'v',
      ydoc: doc,
      frozen: false,
      headRevision: 0n,
      resyncAfterConflict: () => Promise.resolve(),
      storedThrough: () => {},
      attemptFailed: () => {},
    };
    const persister = new DocumentPersister(
      target,
      {
        store: {
          append: async (_id, events) => {
            appends.push(Date.now());
            if (appendDelayMs > 0) await new Promise((done) => setTimeout(done, appendDelayMs));
            return BigInt(events.length);
          },
        },
        config,
        metrics: { persistedEvents: 0, persistFailures: 0 },
        pendingDocuments,
        logger: pino({ level: 'silent' }),
        now: () => new Date(),
        newId: () => crypto.randomUUID(),
        random,
      },
      { eventsSinceSnapshot: 0, bytesSinceSnapshot: 0 },
    );
    const type = (text: string) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      doc.getXmlFragment('justification').push([paragraph]);
      persister.enqueue(updates.pop()!, { userId: 'u', officeId: 'o' }, [doc.clientID]);
    };
    return { persister, type };
  }

  /** Other documents of the process with pending edits. */
  function othersPending(count: number): void {
    for (let index = 0; index < count; index++) pendingDocuments.mark({}, true);
  }

  it('given one lone document, when it is edited, then it flushes within batchMs', async () => {
    const { type } = persister();
    type('a');
    await vi.advanceTimersByTimeAsync(config.batchMs);
    expect(appends).toHaveLength(1);
  });

  it('given many documents pending, when one is edited, then its window stretches', async () => {
    othersPending(5); // 6 documents pending → 500 + 4 × 250 = 1500 ms.
    const { type } = persister();
    type('a');
    await vi.advanceTimersByTimeAsync(config.batchMs);
    type('b'); // joins the same flush
    await vi.advanceTimersByTimeAsync(900);
    expect(appends).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(appends).toHaveLength(1);
  });

  it('given load that rises during a window, when the window ends, then it stretches', async () => {
    const { type } = persister();
    type('a');
    othersPending(2); // 3 pending → 750 ms
    await vi.advanceTimersByTimeAsync(config.batchMs);
    expect(appends).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(250);
    expect(appends).toHaveLength(1);
  });

  it('given many documents pending, when one becomes busy, then it flushes within batchMs', async () => {
    othersPending(5);
    const { type } = persister();
    for (const letter of 'abcd') type(letter); // busyDocumentUpdates = 4
    await vi.advanceTimersByTimeAsync(config.batchMs);
    expect(appends).toHaveLength(1);
  });

  it('given an edit during an append, when the append is acknowledged, then the edit keeps its window', async () => {
    const { type } = persister(300);
    type('a');
    await vi.advanceTimersByTimeAsync(config.batchMs + 100); // the append of 'a' is in flight
    type('b'); // its window: 500 ms from now, on the 100 ms grid
    await vi.advanceTimersByTimeAsync(config.batchMs);
    expect(appends).toHaveLength(2);
  });

  it('given many documents pending, when a quiet document is edited, then its window gets a random head start', async () => {
    othersPending(5); // 1500 ms windows
    const { type } = persister(0, () => 0.5);
    type('a'); // quiet since it was loaded: the window opens 750 ms early (ends on the 700 ms slot)
    await vi.advanceTimersByTimeAsync(600);
    expect(appends).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(appends).toHaveLength(1);
    type('b'); // typed in just after its flush: the full window
    await vi.advanceTimersByTimeAsync(1400);
    expect(appends).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(appends).toHaveLength(2);
  });

  it('given many documents pending, when quiet documents start together, then their flushes spread over a window', async () => {
    othersPending(5);
    const draws = [0, 0.25, 0.5, 0.75, 0.999];
    const documents = draws.map((draw) => persister(0, () => draw));
    documents.forEach(({ type }) => type('a'));
    const flushedBy: number[] = [];
    for (let elapsed = 100; elapsed <= 1500; elapsed += 100) {
      await vi.advanceTimersByTimeAsync(100);
      flushedBy.push(appends.length);
    }
    // Head starts of 0, 375, 750, 1125 and 1498 ms: the windows end on the 1500, 1100, 700, 300
    // and 0 ms slots.
    expect(flushedBy.filter((_, index) => [2, 6, 10, 14].includes(index))).toEqual([2, 3, 4, 5]);
  });

  it('given a lone document, when it is edited after a quiet spell, then it keeps batchMs', async () => {
    const { type } = persister(0, () => 0.999);
    type('a');
    await vi.advanceTimersByTimeAsync(config.batchMs - 100);
    expect(appends).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(appends).toHaveLength(1);
  });

  it('counts a document as pending only until its edits are stored', async () => {
    const { persister: one, type } = persister();
    type('a');
    expect(pendingDocuments.count).toBe(1);
    await vi.advanceTimersByTimeAsync(config.batchMs);
    expect(pendingDocuments.count).toBe(0);
    type('b');
    one.destroy();
    expect(pendingDocuments.count).toBe(0);
  });
});
