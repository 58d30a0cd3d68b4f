import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredEvent } from '../domain/application/event-store-port';
import { TEXT_EVENT_TYPES } from '../domain/text/text-events';
import { loadFromBackwardRead } from './text-store';

const hash = 'a'.repeat(64);
const sectionHashes = Object.fromEntries(
  [
    'subject',
    'rapporteur',
    'draftResolution',
    'justification',
    'legalBasis',
    'policyArea',
    'financialImpact',
    'sustainabilityImpact',
  ].map((key) => [key, hash]),
);
const common = {
  schemaVersion: 1,
  textHash: hash,
  sectionHashes,
  time: '2026-01-01T00:00:00.000Z',
};

function event(
  revision: number,
  type: string,
  data: StoredEvent['data'],
  metadata: StoredEvent['metadata'],
): StoredEvent {
  return {
    id: `e${revision}`,
    stream: 'vorlagetext-v',
    revision: BigInt(revision),
    position: BigInt(revision),
    type,
    data,
    metadata,
    created: new Date(0),
  };
}

/** A stream: snapshot, updates, a second snapshot, more updates — each update types one letter. */
function stream(): { events: StoredEvent[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const text = doc.getXmlFragment('subject');
  const events: StoredEvent[] = [];
  const author = [{ userId: 'u', officeId: 'o' }];
  events.push(
    event(0, TEXT_EVENT_TYPES.snapshotTaken, Y.encodeStateAsUpdate(doc), {
      ...common,
      snapshot: true,
      coversRevision: '0',
      authors: author,
    }),
  );
  let updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let index = 0; index < 6; index++) {
    text.insert(text.length, [new Y.XmlText(String(index))]);
    const revision = events.length;
    events.push(
      event(revision, TEXT_EVENT_TYPES.updated, Y.mergeUpdates(updates), {
        ...common,
        snapshot: false,
        authors: author,
      }),
    );
    updates = [];
    if (index === 2) {
      events.push(
        event(events.length, TEXT_EVENT_TYPES.snapshotTaken, Y.encodeStateAsUpdate(doc), {
          ...common,
          snapshot: true,
          coversRevision: String(revision),
          authors: author,
        }),
      );
    }
  }
  return { events, doc };
}

async function* backwards(
  events: readonly StoredEvent[],
  seen: StoredEvent[],
): AsyncIterable<StoredEvent> {
  for (const stored of [...events].reverse()) {
    seen.push(stored);
    yield stored;
  }
}

describe('loading a text stream', () => {
  it('reads backwards only to the last snapshot and rebuilds the same text', async () => {
    const { events, doc } = stream();
    const seen: StoredEvent[] = [];
    const loaded = await loadFromBackwardRead(backwards(events, seen));
    expect(seen.map((stored) => stored.revision)).toEqual([7n, 6n, 5n, 4n]);
    expect(loaded?.updates).toHaveLength(4);
    expect(loaded?.eventsSinceSnapshot).toBe(3);
    expect(loaded?.headRevision).toBe(7n);
    const rebuilt = new Y.Doc();
    loaded!.updates.forEach((update) => Y.applyUpdate(rebuilt, update));
    expect(rebuilt.getXmlFragment('subject').toString()).toBe(
      doc.getXmlFragment('subject').toString(),
    );
  });

  it('an empty stream is unknown (null), never an empty document', async () => {
    expect(await loadFromBackwardRead(backwards([], []))).toBeNull();
  });

  it('a lock marker after the snapshot is the head: the text is locked; an unlock releases it', async () => {
    const { events } = stream();
    const lock = event(
      events.length,
      TEXT_EVENT_TYPES.editingLocked,
      {
        schemaVersion: 1,
        vorlageId: 'v',
        commandId: '7c1f8f8e-8d5e-4b8e-9d0a-2f4b6a1c3e5d',
        textHash: hash,
        sectionHashes,
        textRevision: '7',
      },
      {},
    );
    const locked = await loadFromBackwardRead(backwards([...events, lock], []));
    expect(locked?.lock).toEqual({
      commandId: '7c1f8f8e-8d5e-4b8e-9d0a-2f4b6a1c3e5d',
      markerRevision: 8n,
    });
    expect(locked?.headRevision).toBe(8n);
    const unlock = event(
      9,
      TEXT_EVENT_TYPES.editingUnlocked,
      {
        schemaVersion: 1,
        vorlageId: 'v',
        commandId: '0b7a3c55-2d41-4e8f-8a8e-6f1d2c3b4a59',
        releasesLock: '7c1f8f8e-8d5e-4b8e-9d0a-2f4b6a1c3e5d',
      },
      {},
    );
    const open = await loadFromBackwardRead(backwards([...events, lock, unlock], []));
    expect(open?.lock).toBeNull();
    expect(open?.headRevision).toBe(9n);
  });

  it('refuses a stream with content but no snapshot instead of guessing', async () => {
    const { events } = stream();
    await expect(loadFromBackwardRead(backwards(events.slice(1, 3), []))).rejects.toThrow(
      /no snapshot/,
    );
  });
});
