import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashText, type VorlageText } from '../domain/text/canonical';
import { fingerprintDoc } from '../editor/convert';
import { initialTextEvent, textUpdateEvent } from '../editor/text-events';
import {
  contentEventsOf,
  reconstructFassung,
  stopIndexFor,
  type RawTextEvent,
} from './text-history';

const paragraph = (text: string) => ({
  type: 'paragraph',
  content: [{ type: 'text', text }],
});

const initial: VorlageText = {
  subject: [paragraph('Einsetzung der AG Planung')],
  justification: [paragraph('Ziel ist eine bessere Kooperation.')],
};

const alice = { userId: 'alice', officeId: 'jugendamt' };
const bob = { userId: 'bob', officeId: 'schulamt' };

/** Builds a text stream: the initial snapshot, then one update per edit (append to justification). */
async function streamWithEdits(edits: readonly { author: typeof alice; append: string }[]) {
  const created = await initialTextEvent({
    id: crypto.randomUUID(),
    text: initial,
    author: alice,
    time: new Date('2026-04-01T08:00:00Z'),
  });
  const raw: RawTextEvent[] = [
    {
      revision: 0n,
      type: created.event.type,
      data: created.event.data,
      metadata: created.event.metadata,
    },
  ];
  // Edits apply to the document loaded from the snapshot, as in the collab server.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, created.state);
  const hashes = [created.fingerprint.textHash];
  let revision = 1n;
  for (const edit of edits) {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      update = u;
    };
    doc.on('update', capture);
    const para = doc.getXmlFragment('justification').get(0) as Y.XmlElement;
    const text = para.get(0) as Y.XmlText;
    text.insert(text.length, edit.append);
    doc.off('update', capture);
    const fingerprint = await fingerprintDoc(doc);
    hashes.push(fingerprint.textHash);
    const event = textUpdateEvent({
      id: crypto.randomUUID(),
      update: update!,
      authors: [edit.author],
      fingerprint,
      time: new Date(Date.parse('2026-04-01T09:00:00Z') + Number(revision) * 60_000),
    });
    raw.push({ revision, type: event.type, data: event.data, metadata: event.metadata });
    revision += 1n;
  }
  // A lock marker in between must be skipped.
  raw.splice(2, 0, {
    revision: 99n,
    type: 'TextEditingLocked',
    data: {},
    metadata: {},
  });
  return { raw, hashes };
}

describe('text history replay', () => {
  it('reconstructs the text exactly at each Fassung and verifies its hash', async () => {
    const { raw, hashes } = await streamWithEdits([
      { author: bob, append: ' Auch die Vernetzung.' },
      { author: alice, append: ' Und Wissen.' },
    ]);
    const events = contentEventsOf(raw);
    expect(events).toHaveLength(3);

    const first = await reconstructFassung(events, hashes[0]!);
    expect(first?.verified).toBe(true);
    expect(first?.computedHash).toBe(await hashText(initial));
    expect(JSON.stringify(first?.text.justification)).toContain(
      'Ziel ist eine bessere Kooperation.',
    );
    expect(JSON.stringify(first?.text.justification)).not.toContain('Vernetzung');

    const second = await reconstructFassung(events, hashes[1]!);
    expect(second?.verified).toBe(true);
    expect(second?.revision).toBe('1');
    expect(JSON.stringify(second?.text.justification)).toContain('Auch die Vernetzung.');
    expect(JSON.stringify(second?.text.justification)).not.toContain('Und Wissen');
  });

  it('returns null for a hash the stream never recorded', async () => {
    const { raw } = await streamWithEdits([{ author: bob, append: ' X' }]);
    expect(await reconstructFassung(contentEventsOf(raw), 'f'.repeat(64))).toBeNull();
  });

  it('reports a replay that disagrees with the recorded hash as unverified', async () => {
    const { raw, hashes } = await streamWithEdits([{ author: bob, append: ' X' }]);
    const events = contentEventsOf(raw);
    // Metadata claims the update's result is the Fassung "hashes[0]", which the replay refutes.
    const forged = events.map((event, index) =>
      index === 1 ? { ...event, textHash: 'a'.repeat(64) } : event,
    );
    const result = await reconstructFassung(forged, 'a'.repeat(64));
    expect(result?.verified).toBe(false);
    expect(result?.computedHash).toBe(hashes[1]);
  });

  it('picks the named revision when a hash occurs more than once', () => {
    const base = {
      time: '2026-04-01T09:00:00Z',
      authors: [alice],
      sectionHashes: {} as never,
      snapshot: false,
      update: new Uint8Array(),
    };
    const events = [
      { ...base, revision: 0n, textHash: 'h1' },
      { ...base, revision: 1n, textHash: 'h2' },
      { ...base, revision: 2n, textHash: 'h1' },
    ];
    expect(stopIndexFor(events, 'h1')).toBe(0);
    expect(stopIndexFor(events, 'h1', { revision: '2' })).toBe(2);
    expect(stopIndexFor(events, 'h2', { revision: '0' })).toBe(1);
  });
});
