import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_WORKER_RESTART, restartDelay } from './persistence-host';
import { missingFromStore, type KeptUpdate } from './replay';

const ALICE = { userId: 'alice', officeId: 'SPK' };
const BOB = { userId: 'bob', officeId: 'SPK' };

/** A document whose every update is kept with its author, as the relay thread keeps them. */
function relayDoc() {
  const doc = new Y.Doc();
  const kept: KeptUpdate[] = [];
  let author = ALICE;
  doc.on('update', (update: Uint8Array) =>
    kept.push({ update, author, clientIds: [doc.clientID], at: kept.length }),
  );
  return {
    doc,
    kept,
    as(next: typeof ALICE, edit: (text: Y.Text) => void) {
      author = next;
      edit(doc.getText('t'));
    },
  };
}

function docOf(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

describe('missingFromStore', () => {
  it('gives back, with their authors, exactly the kept updates the store lacks', () => {
    const relay = relayDoc();
    relay.as(ALICE, (text) => text.insert(0, 'abc'));
    relay.as(BOB, (text) => text.insert(3, 'def'));
    relay.as(ALICE, (text) => text.delete(0, 1));
    relay.as(BOB, (text) => text.insert(5, 'g'));
    // The store took the first two (their report was lost), not the last two.
    const stored = docOf(relay.kept.slice(0, 2).map((entry) => entry.update));

    const missing = missingFromStore(stored, relay.kept, relay.doc, 99);

    expect(missing.map((entry) => entry.author)).toEqual([ALICE, BOB]);
    expect(missing.map((entry) => entry.at)).toEqual([2, 3]);
    const rebuilt = docOf([...relay.kept.slice(0, 2).map((entry) => entry.update)]);
    for (const entry of missing) Y.applyUpdate(rebuilt, entry.update);
    expect(rebuilt.getText('t').toString()).toBe(relay.doc.getText('t').toString());
  });

  it('gives back nothing when the store holds everything, deletions included', () => {
    const relay = relayDoc();
    relay.as(ALICE, (text) => text.insert(0, 'abc'));
    relay.as(BOB, (text) => text.delete(1, 1));
    const stored = docOf(relay.kept.map((entry) => entry.update));

    expect(missingFromStore(stored, relay.kept, relay.doc, 0)).toEqual([]);
  });

  it('adds what the relay thread holds but no kept update explains, as the system’s edit', () => {
    const relay = relayDoc();
    relay.as(ALICE, (text) => text.insert(0, 'abc'));
    const unexplained: number[] = [];

    const missing = missingFromStore(new Y.Doc(), [], relay.doc, 7, (bytes) =>
      unexplained.push(bytes),
    );

    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ author: { userId: 'system' }, at: 7 });
    expect(unexplained).toHaveLength(1);
    expect(docOf([missing[0]!.update]).getText('t').toString()).toBe('abc');
  });
});

describe('restartDelay', () => {
  it('doubles from the first delay up to the cap', () => {
    const delays = [1, 2, 3, 7, 8].map((attempt) => restartDelay(attempt, DEFAULT_WORKER_RESTART));
    expect(delays).toEqual([100, 200, 400, 5000, 5000]);
  });
});
