// `npm run bench:keystroke-allocation`: bytes the relay thread's Yjs steps allocate per keystroke
// (issue 22, session 9). At 800 documents × 3 clients the relay thread allocated ≈ 25 KB per
// relayed keystroke and spent up to 37 ms in a scavenge; this splits off what Yjs itself and the
// keystroke reader (collab-server/text-only-update.ts) allocate. Young-generation space is made
// large (see the npm script) and a full GC runs before each measured window, so the growth of
// `heapUsed` over the window is what was allocated (a scavenge inside it would only lower it).
import * as Y from 'yjs';
import { SAMPLE_TEXT, justificationText, seededRandom } from '../collab-server/test-support';
import { isTextOnlyUpdate } from '../collab-server/text-only-update';
import { vorlageTextToDoc } from '../editor/convert';

const WARMUP = 2000;
const MEASURED = 500;

/** Keystrokes of three clients at random places of one paragraph, as the collab bench types. */
function recordKeystrokes(source: Y.Doc, count: number): Uint8Array[] {
  const random = seededRandom(7);
  const clients = [1, 2, 3].map(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    return doc;
  });
  const updates: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const client = clients[index % clients.length]!;
    const before = Y.encodeStateVector(client);
    const text = justificationText(client)!;
    text.insert(Math.floor(random() * (text.length + 1)), 'x');
    const update = Y.encodeStateAsUpdate(client, before);
    updates.push(update);
    for (const other of clients) if (other !== client) Y.applyUpdate(other, update);
  }
  return updates;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run through `npm run bench:keystroke-allocation` (needs --expose-gc)');
const source = vorlageTextToDoc(SAMPLE_TEXT);
const keystrokes = recordKeystrokes(source, WARMUP + MEASURED);

/** KiB allocated per keystroke by `step`, after WARMUP keystrokes warmed the JIT. */
function allocatedPerKeystroke(step: (update: Uint8Array) => void): number {
  for (const update of keystrokes.slice(0, WARMUP)) step(update);
  gc!();
  const before = process.memoryUsage().heapUsed;
  for (const update of keystrokes.slice(WARMUP)) step(update);
  return (process.memoryUsage().heapUsed - before) / MEASURED / 1024;
}

function replica(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

const cases: [string, () => (update: Uint8Array) => void][] = [
  [
    'Y.applyUpdate',
    () => {
      const doc = replica();
      return (update) => Y.applyUpdate(doc, update);
    },
  ],
  [
    "Y.applyUpdate with an 'update' listener (Yjs encodes the update for the relay)",
    () => {
      const doc = replica();
      doc.on('update', () => undefined);
      return (update) => Y.applyUpdate(doc, update);
    },
  ],
  [
    'isTextOnlyUpdate, then Y.applyUpdate',
    () => {
      const doc = replica();
      return (update) => {
        isTextOnlyUpdate(doc, update);
        Y.applyUpdate(doc, update);
      };
    },
  ],
];
for (const [name, setup] of cases)
  process.stdout.write(`${name}: ${allocatedPerKeystroke(setup()).toFixed(1)} KiB per keystroke\n`);
