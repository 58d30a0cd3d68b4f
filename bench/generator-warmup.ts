// The load generator's own warm-up (`npm run bench:collab`): its clients' latencies are taken in
// its process, so the time V8 needs to compile the clients' hot path — Yjs inserting, encoding and
// applying, y-protocols' sync messages, `ws` sending and receiving — counts as the server's
// latency. Unwarmed, that bill went to whichever server was measured first: in session 17's three
// full runs our 20 × 1 cold phase (the first phase of every run) had 140–1,200 deliveries up to
// 46 ms late in its first second, with the generator's own event loop stalled 6–23 ms, and the
// peers' cold phases, measured later in the same process, did not (issue 22, session 18).
//
// Here the generator types for a few seconds before the first scenario, server-less: writers'
// documents exchange their keystrokes as y-protocols update messages through a loopback `ws`
// relay in this process, as the scenarios' clients do through a server.
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import {
  insertJustificationParagraph,
  justificationText,
  readJustification,
  seededRandom,
  waitUntil,
} from '../collab-server/test-support';

/** y-protocols' message type of sync messages (y-websocket's `messageSync`). */
const MESSAGE_SYNC = 0;
const WRITERS = 20;
const KEYSTROKES_PER_TURN = 20;

export interface GeneratorWarmUp {
  readonly keystrokes: number;
  readonly deliveries: number;
  readonly converged: boolean;
}

export async function warmUpGenerator(ms: number): Promise<GeneratorWarmUp> {
  const relay = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => relay.once('listening', resolve));
  relay.on('connection', (socket) =>
    socket.on('message', (data: Buffer) => {
      for (const other of relay.clients) if (other !== socket) other.send(data);
    }),
  );
  const url = `ws://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  const writers = await Promise.all(Array.from({ length: WRITERS }, () => openWriter(url)));
  const first = writers[0]!.doc;
  insertJustificationParagraph(first);
  await settled(() => writers.every((writer) => justificationText(writer.doc) !== null));
  const random = seededRandom(17);
  let keystrokes = 0;
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    for (let turn = 0; turn < KEYSTROKES_PER_TURN; turn++) {
      const text = justificationText(writers[keystrokes % WRITERS]!.doc);
      text?.insert(Math.floor(random() * (text.length + 1)), 'x');
      keystrokes++;
    }
    // Let the relay and the receivers run between turns, as timers and sockets interleave.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const delivered = () => writers.reduce((sum, writer) => sum + writer.received, 0);
  await settled(() => delivered() >= keystrokes * (WRITERS - 1));
  const text = readJustification(first);
  const converged = writers.every((writer) => readJustification(writer.doc) === text);
  const deliveries = delivered();
  for (const writer of writers) {
    writer.socket.close();
    writer.doc.destroy();
  }
  await new Promise((resolve) => relay.close(resolve));
  return { keystrokes, deliveries, converged };
}

/** Waits up to 5 s for `done`; a warm-up that falls short says so in its summary, not by failing. */
function settled(done: () => boolean): Promise<void> {
  return waitUntil(done, 5_000, 'the warm-up to settle').catch(() => undefined);
}

interface Writer {
  readonly doc: Y.Doc;
  readonly socket: WebSocket;
  /** Keystrokes of others applied here (the paragraph's creation not counted). */
  received: number;
}

async function openWriter(url: string): Promise<Writer> {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const doc = new Y.Doc();
  const writer: Writer = { doc, socket, received: 0 };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === socket) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    socket.send(encoding.toUint8Array(encoder));
  });
  socket.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const hadText = justificationText(doc) !== null;
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, socket);
    if (hadText) writer.received++;
  });
  return writer;
}
