// What naming the author of every changed word costs in "Änderungen seit meiner Mitzeichnung":
// a synthetic text stream (one event per edit, three authors, as the collab server writes them)
// replayed for attribution, the word diff and the laying of one onto the other. Prints figures.
// `npm run bench:word-attribution [-- <events> <paragraphs>]`
import * as Y from 'yjs';
import { diffTexts } from '../audit/text-diff';
import { attributeDiff } from '../audit/word-attribution';
import type { TextAuthor } from '../domain/text/text-events';
import { attributeChangesSince, type AuthoredContentEvent } from '../editor/authorship';
import { docToVorlageText, vorlageTextToDoc } from '../editor/convert';

const EVENTS = Number(process.argv[2] ?? 2000);
const PARAGRAPHS = Number(process.argv[3] ?? 40);
const AUTHORS: TextAuthor[] = ['anna', 'bert', 'cem'].map((userId) => ({
  userId,
  officeId: `amt-${userId}`,
}));

/** Seeded so every run edits the same places (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stream(): { events: AuthoredContentEvent[]; doc: Y.Doc } {
  const sentence = 'Die Kita am Sonnenweg wird im Sommer mit zwei Gruppen eröffnet. ';
  const doc = vorlageTextToDoc({
    justification: Array.from({ length: PARAGRAPHS }, () => ({
      type: 'paragraph',
      content: [{ type: 'text', text: sentence.repeat(5).trim() }],
    })),
  });
  const events: AuthoredContentEvent[] = [
    {
      revision: 0n,
      time: new Date(0).toISOString(),
      authors: [AUTHORS[0]!],
      snapshot: true,
      update: Y.encodeStateAsUpdate(doc),
    },
  ];
  // One document per author, as three browsers, synchronised after every edit.
  const docs = AUTHORS.map(() => {
    const own = new Y.Doc();
    Y.applyUpdate(own, events[0]!.update);
    return own;
  });
  const next = random(18);
  for (let index = 1; index < EVENTS; index += 1) {
    const author = index % AUTHORS.length;
    const own = docs[author]!;
    const before = Y.encodeStateVector(own);
    const fragment = own.getXmlFragment('justification');
    const paragraph = fragment.get(Math.floor(next() * fragment.length)) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const at = Math.floor(next() * text.length);
    if (next() < 0.6 || text.length < 10) text.insert(at, ' neu');
    else text.delete(Math.min(at, text.length - 4), 4);
    const update = Y.encodeStateAsUpdate(own, before);
    for (const other of docs) if (other !== own) Y.applyUpdate(other, update);
    Y.applyUpdate(doc, update);
    events.push({
      revision: BigInt(index),
      time: new Date(index * 1000).toISOString(),
      authors: [AUTHORS[author]!],
      snapshot: false,
      update,
    });
  }
  for (const own of docs) own.destroy();
  return { events, doc };
}

function textAt(events: readonly AuthoredContentEvent[], last: number) {
  const doc = new Y.Doc();
  for (const event of events.slice(0, last + 1)) Y.applyUpdate(doc, event.update);
  const text = docToVorlageText(doc);
  doc.destroy();
  return text;
}

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

const { events, doc } = stream();
const signedAt = Math.floor(EVENTS / 2);
const signed = textAt(events, signedAt);
const current = docToVorlageText(doc);
const replay = time(() => textAt(events, events.length - 1));
const diff = time(() => diffTexts(signed, current));
const changes = time(() => attributeChangesSince(events, signedAt));
const laid = time(() => attributeDiff(diff.value, changes.value));
const runs = laid.value.flatMap((section) => section.parts).filter((part) => part.kind !== 'equal');
const chars = current.justification
  ?.map((node) => node.content?.map((child) => child.text ?? '').join('') ?? '')
  .join('').length;
console.log(
  JSON.stringify({
    events: EVENTS,
    paragraphs: PARAGRAPHS,
    characters: chars,
    signedAtEvent: signedAt,
    changedRuns: runs.length,
    unattributedRuns: runs.filter((part) => part.by.length === 0).length,
    ms: {
      replayCurrentText: Math.round(replay.ms),
      wordDiff: Math.round(diff.ms),
      attributeChangesSince: Math.round(changes.ms),
      layOntoDiff: Math.round(laid.ms),
    },
  }),
);
doc.destroy();
