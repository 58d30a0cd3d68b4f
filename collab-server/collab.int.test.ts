// The collab server against the real embedded event store, with stock WebsocketProvider clients.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { hashText } from '../domain/text/canonical';
import {
  TEXT_EVENT_TYPES,
  TEXT_EVENTS_SCHEMA_VERSION,
  TextContentMetadataSchema,
  textStreamName,
} from '../domain/text/text-events';
import { docToVorlageText, textHashOfDoc } from '../editor/convert';
import { isEditingLocked, isServerUnsaved } from '../editor/collab-provider';
import { SERVER_AWARENESS_KEY, claimsServerEntry, serverEntryOf } from '../editor/server-awareness';
import { CloseCode } from './close-codes';
import { useCollabHarness } from './int-test-harness';
import {
  readJustification,
  seedVorlage,
  seededRandom,
  sleep,
  synced,
  tokenFor,
  typeAt,
  waitUntil,
} from './test-support';

const harness = useCollabHarness();

/** The server defaults this suite was written against (the harness shortens some of them). */
const SERVER_DEFAULTS = { unloadGraceMs: 30_000, flushTimeoutMs: 10_000 } as const;

function startServer(options: { batchMs?: number; snapshotEveryEvents?: number } = {}) {
  return harness.startServer({
    ...SERVER_DEFAULTS,
    allowedOrigins: ['http://app.test'],
    persistence: {
      batchMs: options.batchMs ?? 50,
      snapshotEveryEvents: options.snapshotEveryEvents ?? 100,
    },
    unloadGraceMs: 200,
  });
}

const connect = harness.connect;
const storedDoc = harness.storedDoc;

async function textEvents(vorlageId: string) {
  return harness.client.readStream(textStreamName(vorlageId));
}

/** Status of a raw upgrade attempt: the HTTP status of a refusal, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

function closeOf(
  url: string,
  frames: Uint8Array[] = [],
  options: { afterFirstMessage?: boolean } = {},
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    // After the first server message the document is attached, so frames are not queued.
    socket.once(options.afterFirstMessage ? 'message' : 'open', () =>
      frames.forEach((frame) => socket.send(frame)),
    );
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', () => undefined);
  });
}

describe('collab server', () => {
  it('10 clients typing concurrently converge, and the stored text equals theirs after a reload', async () => {
    const seed = Date.now() % 100_000;
    const vorlageId = `conv-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await startServer();
    const group = Array.from({ length: 10 }, (_, index) =>
      connect(port, vorlageId, { userId: `user-${index}`, office: `amt-${index % 3}` }),
    );
    await waitUntil(() => group.every(synced), 15_000, 'all clients synced');

    try {
      const random = seededRandom(seed);
      for (let round = 0; round < 30; round++) {
        group.forEach((member, index) =>
          typeAt(member.doc, String.fromCharCode(97 + index), random),
        );
        if (round % 5 === 0) await sleep(10);
      }
      await waitUntil(
        () =>
          group.every(
            (member) => readJustification(member.doc) === readJustification(group[0]!.doc),
          ),
        15_000,
        'clients converge',
      );
      const text = readJustification(group[0]!.doc);
      expect(text.length).toBe('Begründung: '.length + 300);

      // Everything reaches the store; a fresh server (new instance, same store) serves the same text.
      await waitUntil(
        async () => readJustification(await storedDoc(vorlageId)) === text,
        15_000,
        'stored',
      );
      await server.close();
      const fresh = await startServer();
      const reader = connect(fresh.port, vorlageId, { userId: 'reader', mode: 'ro' });
      await waitUntil(() => synced(reader), 10_000, 'reader synced');
      expect(readJustification(reader.doc)).toBe(text);
      expect(await textHashOfDoc(reader.doc)).toBe(await textHashOfDoc(group[0]!.doc));

      // Each event names its authors and the hash of the text it results in.
      const events = await textEvents(vorlageId);
      const last = events.at(-1)!;
      const metadata = TextContentMetadataSchema.parse(last.metadata);
      expect(metadata.textHash).toBe(await hashText(docToVorlageText(group[0]!.doc)));
      const authors = new Set(
        events
          .slice(1)
          .flatMap((event) =>
            TextContentMetadataSchema.parse(event.metadata).authors.map((a) => a.userId),
          ),
      );
      expect([...authors].sort()).toEqual(group.map((_, index) => `user-${index}`).sort());
    } catch (error) {
      console.error(`convergence test failed with seed ${seed}`);
      throw error;
    }
  });

  it('a read-only client reaches nobody and nothing; awareness still works', async () => {
    const vorlageId = `ro-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await startServer();
    const writer = connect(port, vorlageId, { userId: 'writer' });
    const reader = connect(port, vorlageId, { userId: 'reader', mode: 'ro' });
    await waitUntil(() => synced(writer) && synced(reader), 10_000, 'synced');
    const before = readJustification(writer.doc);

    typeAt(reader.doc, 'VERBOTEN', () => 0);
    // Barrier: the reader's awareness is sent after its update on the same socket, so once the
    // writer sees it, the update would have arrived too.
    reader.provider.awareness.setLocalStateField('user', { name: 'Leserin' });
    await waitUntil(
      () =>
        [...writer.provider.awareness.getStates().values()].some(
          (state) => state['user']?.name === 'Leserin',
        ),
      10_000,
      'reader awareness at writer',
    );
    expect(readJustification(writer.doc)).toBe(before);
    expect(server.metrics().droppedReadOnlyUpdatesTotal).toBeGreaterThan(0);

    // The writer's next edit is stored; the reader's text is not in the store.
    typeAt(writer.doc, 'erlaubt', () => 1);
    await waitUntil(
      async () => readJustification(await storedDoc(vorlageId)).endsWith('erlaubt'),
      10_000,
      'stored',
    );
    expect(readJustification(await storedDoc(vorlageId))).not.toContain('VERBOTEN');
    expect(readJustification(writer.doc)).not.toContain('VERBOTEN');
  });

  it('refuses missing, expired, forged and other-document tokens, bad origins and room names on the upgrade', async () => {
    const vorlageId = `auth-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await startServer();
    const base = `ws://127.0.0.1:${port}/${vorlageId}`;
    const valid = await tokenFor(vorlageId);
    expect(await upgradeStatus(`${base}?token=${valid}`)).toBe(101);
    expect(await upgradeStatus(`${base}?token=${valid}`, { origin: 'http://app.test' })).toBe(101);
    expect(await upgradeStatus(base)).toBe(401);
    const expired = await tokenFor(vorlageId, { now: new Date(Date.now() - 10 * 60_000) });
    expect(await upgradeStatus(`${base}?token=${expired}`)).toBe(401);
    const forged = await tokenFor(vorlageId, { secret: 'another-secret-that-is-long-enough-0000' });
    expect(await upgradeStatus(`${base}?token=${forged}`)).toBe(401);
    const otherDocument = await tokenFor('other-vorlage');
    expect(await upgradeStatus(`${base}?token=${otherDocument}`)).toBe(403);
    expect(await upgradeStatus(`${base}?token=${valid}`, { origin: 'https://evil.example' })).toBe(
      403,
    );
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/bad%20name!?token=${valid}`)).toBe(400);
  });

  it('closes connections to a Vorlage without text stream with 4404 (never serves an empty document)', async () => {
    const vorlageId = `unknown-${randomUUID()}`;
    const { port } = await startServer();
    const closed = await closeOf(
      `ws://127.0.0.1:${port}/${vorlageId}?token=${await tokenFor(vorlageId)}`,
    );
    expect(closed).toEqual({ code: CloseCode.unknownDocument, reason: 'unknown Vorlage' });
    expect(await textEvents(vorlageId)).toEqual([]);
  });

  it('a lock marker turns open connections read-only at once; an unlock re-opens them and held edits arrive', async () => {
    const vorlageId = `lock-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    // A long batch window, so the edit typed just before the lock is still pending when it comes.
    const { port } = await startServer({ batchMs: 400 });
    const alice = connect(port, vorlageId, { userId: 'alice' });
    const bob = connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    typeAt(alice.doc, 'stored', () => 1);
    await waitUntil(
      async () => readJustification(await storedDoc(vorlageId)).endsWith('stored'),
      10_000,
      'stored',
    );

    typeAt(alice.doc, '+pending', () => 1);
    await waitUntil(
      () => readJustification(bob.doc).endsWith('+pending'),
      10_000,
      'bob sees pending edit',
    );
    const events = await textEvents(vorlageId);
    const head = events.at(-1)!;
    const lockedText = await storedDoc(vorlageId);
    const lockCommand = randomUUID();
    const lockedMetadata = TextContentMetadataSchema.parse(head.metadata);
    await harness.client.appendToStream(
      textStreamName(vorlageId),
      [
        {
          id: lockCommand,
          type: TEXT_EVENT_TYPES.editingLocked,
          data: {
            schemaVersion: TEXT_EVENTS_SCHEMA_VERSION,
            vorlageId,
            commandId: lockCommand,
            textHash: lockedMetadata.textHash,
            sectionHashes: lockedMetadata.sectionHashes,
            textRevision: head.revision.toString(),
          },
          metadata: {},
        },
      ],
      head.revision,
    );
    await waitUntil(
      () => isEditingLocked(alice.provider.awareness) && isEditingLocked(bob.provider.awareness),
      10_000,
      'locked',
    );

    // While locked: edits reach nobody; a newcomer gets exactly the locked text.
    typeAt(alice.doc, '+whileLocked', () => 1);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitUntil(
      () =>
        [...bob.provider.awareness.getStates().values()].some(
          (state) => state['user']?.name === 'Alice',
        ),
      10_000,
      'barrier',
    );
    expect(readJustification(bob.doc)).not.toContain('whileLocked');
    const newcomer = connect(port, vorlageId, { userId: 'carol', mode: 'ro' });
    await waitUntil(() => synced(newcomer), 10_000, 'newcomer synced');
    expect(readJustification(newcomer.doc)).toBe(readJustification(lockedText));
    expect(await textHashOfDoc(newcomer.doc)).toBe(lockedMetadata.textHash);
    expect((await textEvents(vorlageId)).at(-1)!.type).toBe(TEXT_EVENT_TYPES.editingLocked);

    const lockRevision = (await textEvents(vorlageId)).at(-1)!.revision;
    const unlockCommand = randomUUID();
    await harness.client.appendToStream(
      textStreamName(vorlageId),
      [
        {
          id: unlockCommand,
          type: TEXT_EVENT_TYPES.editingUnlocked,
          data: {
            schemaVersion: TEXT_EVENTS_SCHEMA_VERSION,
            vorlageId,
            commandId: unlockCommand,
            releasesLock: lockCommand,
          },
          metadata: {},
        },
      ],
      lockRevision,
    );
    await waitUntil(() => !isEditingLocked(alice.provider.awareness), 10_000, 'unlocked');
    // The clients still held the dropped and the locked-time edits; after the unlock they sync up.
    const expected = readJustification(alice.doc);
    expect(expected).toContain('+pending');
    expect(expected).toContain('+whileLocked');
    await waitUntil(() => readJustification(bob.doc) === expected, 10_000, 'bob converges');
    await waitUntil(
      async () => readJustification(await storedDoc(vorlageId)) === expected,
      10_000,
      'stored after unlock',
    );
  });

  it('fuzzed and truncated frames close only the offending connection; the server stays up', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const vorlageId = `fuzz-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await startServer();
    const alice = connect(port, vorlageId, { userId: 'alice' });
    const bob = connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    const url = `ws://127.0.0.1:${port}/${vorlageId}?token=${await tokenFor(vorlageId, { userId: 'mallory' })}`;

    const validUpdate = (() => {
      const doc = new Y.Doc();
      doc.getXmlFragment('justification').insert(0, [new Y.XmlElement('paragraph')]);
      const update = Y.encodeStateAsUpdate(doc);
      return new Uint8Array([0, 2, update.length, ...update]);
    })();
    const bytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));
    const frames: { frame: Uint8Array; mustClose: boolean }[] = [];
    for (let index = 0; index < 40; index++) {
      const kind = index % 4;
      if (kind === 0)
        frames.push({ frame: bytes(1 + Math.floor(random() * 64)), mustClose: false });
      if (kind === 1)
        frames.push({
          frame: validUpdate.slice(0, 1 + Math.floor(random() * (validUpdate.length - 1))),
          mustClose: true,
        });
      if (kind === 2) {
        const garbage = bytes(3 + Math.floor(random() * 60));
        frames.push({
          frame: new Uint8Array([0, 2, garbage.length, ...garbage]),
          mustClose: false,
        });
      }
      if (kind === 3)
        frames.push({ frame: new Uint8Array([0, 2, 0x7f, ...bytes(3)]), mustClose: true });
    }
    try {
      for (const { frame, mustClose } of frames) {
        const outcome = await new Promise<number | 'open'>((resolve) => {
          const socket = new WebSocket(url);
          socket.on('open', () => {
            socket.send(frame);
            // Valid-by-chance frames leave the socket open; a follow-up text frame always closes it.
            setTimeout(() => socket.readyState === socket.OPEN && socket.send('x'), 50);
          });
          socket.on('close', (code) => resolve(code));
          socket.on('error', () => undefined);
          setTimeout(() => resolve('open'), 5000);
        });
        const refusals = [CloseCode.badMessage, CloseCode.forbidden, CloseCode.invalidUpdate];
        if (mustClose) expect(refusals).toContain(outcome);
        else expect([...refusals, 1005, 1000]).toContain(outcome);
      }
      const oversized = await closeOf(url, [new Uint8Array(1024 * 1024 + 1)]);
      expect(oversized.code).toBe(CloseCode.tooLarge);

      // The honest clients were never disturbed.
      typeAt(alice.doc, 'noch da', () => 1);
      await waitUntil(
        () => readJustification(bob.doc).endsWith('noch da'),
        10_000,
        'bob still syncs',
      );
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      expect(server.metrics().connections).toBe(2);
    } catch (error) {
      console.error(`fuzz test failed with FUZZ_SEED=${seed}`);
      throw error;
    }
  });

  it('a peer that stops answering pings is cut off; answering peers stay and keep typing', async () => {
    const vorlageId = `heartbeat-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await harness.startServer({ pingIntervalMs: 2000 });
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    // A raw socket whose peer never answers a ping (a vanished laptop, a half-open TCP link).
    const token = await tokenFor(vorlageId, { userId: 'mallory' });
    const silent = new WebSocket(`ws://127.0.0.1:${port}/${vorlageId}?token=${token}`, {
      autoPong: false,
    });
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    await new Promise((resolve) => silent.once('open', resolve));
    await waitUntil(() => server.metrics().connections === 3, 5000, 'three connections');
    // Pinged at its slice's turn (within 2 s), cut off at the next one (2 s later).
    expect(await closed).toBe(1006);
    await waitUntil(() => server.metrics().connections === 2, 2000, 'the silent peer gone');
    typeAt(alice.doc, 'noch da', seededRandom(7));
    await waitUntil(
      () => readJustification(bob.doc) === readJustification(alice.doc),
      5000,
      'bob sees alice',
    );
    await sleep(2500); // a whole round more: the answering peers are not cut off
    expect(server.metrics().connections).toBe(2);
  });

  it('serves health and metrics on the WebSocket port', async () => {
    const { port } = await startServer();
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('collab_connections ');
    expect(text).toContain('collab_persistence_lag_seconds ');
    const json = (await (
      await fetch(`http://127.0.0.1:${port}/metrics?format=json`)
    ).json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      loadedDocuments: expect.any(Number),
      droppedReadOnlyUpdatesTotal: expect.any(Number),
    });
  });

  it('a document without connections is flushed and unloaded after the grace period; awareness is cleaned up on close', async () => {
    const vorlageId = `unload-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    // A long batch window: the unload must flush what is still pending.
    const { server, port } = await harness.startServer({
      ...SERVER_DEFAULTS,
      allowedOrigins: [],
      persistence: { batchMs: 500 },
      unloadGraceMs: 50,
    });
    const alice = connect(port, vorlageId, { userId: 'alice' });
    const bob = connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitUntil(
      () => bob.provider.awareness.getStates().has(alice.doc.clientID),
      10_000,
      'alice visible to bob',
    );
    alice.provider.disconnect();
    await waitUntil(
      () => !bob.provider.awareness.getStates().has(alice.doc.clientID),
      10_000,
      'alice gone at bob',
    );

    typeAt(bob.doc, 'zuletzt', () => 1);
    await waitUntil(() => server.metrics().pendingUpdates > 0, 10_000, 'edit pending');
    bob.provider.disconnect();
    await waitUntil(() => server.metrics().loadedDocuments === 0, 10_000, 'document unloaded');
    expect(readJustification(await storedDoc(vorlageId))).toBe(readJustification(bob.doc));
  });

  it('a client back after a reconnect is seen again at once, and gone again when it leaves', async () => {
    const vorlageId = `back-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await startServer();
    const alice = connect(port, vorlageId, { userId: 'alice' });
    const bob = connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    const seesAlice = () => bob.provider.awareness.getStates().has(alice.doc.clientID);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitUntil(seesAlice, 10_000, 'alice visible to bob');
    alice.provider.disconnect();
    await waitUntil(() => !seesAlice(), 10_000, 'alice gone at bob');

    // Her entry is unchanged: the server knows its clock and ignored it before the client sent a
    // new one on connecting. (Within 5 s: y-protocols' own renewal would bring it back after 15 s.)
    alice.provider.connect();
    await waitUntil(seesAlice, 5000, 'alice visible to bob again');
    // The new connection owns her entry, so leaving removes it at once (not after the 30 s timeout).
    alice.provider.disconnect();
    await waitUntil(() => !seesAlice(), 5000, 'alice gone at bob again');
  });

  it('refuses connections beyond the per-document and per-user limits with HTTP 429', async () => {
    const vorlageId = `limit-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await harness.startServer({
      ...SERVER_DEFAULTS,
      allowedOrigins: [],
      persistence: {},
      limits: { maxConnectionsPerDocument: 3, maxConnectionsPerUser: 2 },
    });
    const base = `ws://127.0.0.1:${port}/${vorlageId}`;
    const first = connect(port, vorlageId, { userId: 'same' });
    const second = connect(port, vorlageId, { userId: 'same' });
    await waitUntil(() => synced(first) && synced(second), 10_000, 'synced');
    expect(
      await upgradeStatus(`${base}?token=${await tokenFor(vorlageId, { userId: 'same' })}`),
    ).toBe(429);
    const third = connect(port, vorlageId, { userId: 'other' });
    await waitUntil(() => synced(third), 10_000, 'third synced');
    expect(
      await upgradeStatus(`${base}?token=${await tokenFor(vorlageId, { userId: 'fourth' })}`),
    ).toBe(429);
  });

  it('an awareness flood is closed with 4429; other connections carry on', async () => {
    const vorlageId = `flood-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await startServer();
    const bob = connect(port, vorlageId, { userId: 'bob' });
    // Carol only watches and receives the flood; her client sends nothing back but its own entry.
    const carol = connect(port, vorlageId, { userId: 'carol', mode: 'ro' });
    await waitUntil(() => synced(bob) && synced(carol), 10_000, 'synced');
    const floodDoc = new Y.Doc();
    const awareness = new Awareness(floodDoc);
    const frames = Array.from({ length: 200 }, (_, index) => {
      awareness.setLocalState({ user: { name: `flood ${index}` } });
      const update = encodeAwarenessUpdate(awareness, [floodDoc.clientID]);
      return new Uint8Array([1, ...varuint(update.length), ...update]);
    });
    awareness.destroy();
    const closed = await closeOf(
      `ws://127.0.0.1:${port}/${vorlageId}?token=${await tokenFor(vorlageId, { userId: 'flooder' })}`,
      frames,
      {
        afterFirstMessage: true,
      },
    );
    expect(closed).toEqual({ code: CloseCode.rateLimited, reason: 'too many awareness updates' });
    typeAt(bob.doc, 'weiter', () => 1);
    await waitUntil(
      async () => readJustification(await storedDoc(vorlageId)).endsWith('weiter'),
      10_000,
      'bob still stores',
    );
  });
  it("an awareness entry claiming the server's key is refused with 4403; co-authors stay writable", async () => {
    const vorlageId = `forged-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await startServer();
    const bob = connect(port, vorlageId, { userId: 'bob' });
    await waitUntil(
      () => synced(bob) && serverEntryOf(bob.provider.awareness) !== null,
      10_000,
      'synced',
    );
    const forgedDoc = new Y.Doc();
    const forger = new Awareness(forgedDoc);
    forger.setLocalState({
      [SERVER_AWARENESS_KEY]: {
        editingLocked: true,
        unsaved: true,
        stored: { [bob.doc.clientID]: 1e9 },
      },
    });
    const update = encodeAwarenessUpdate(forger, [forgedDoc.clientID]);
    forger.destroy();
    const url = `ws://127.0.0.1:${port}/${vorlageId}?token=${await tokenFor(vorlageId, { userId: 'mallory' })}`;
    // Without the rule the server kept the socket open and relayed the entry: wait a while for it.
    const closed = await Promise.race([
      closeOf(url, [new Uint8Array([1, ...varuint(update.length), ...update])], {
        afterFirstMessage: true,
      }),
      sleep(3000).then(() => null),
    ]);
    expect(closed).toEqual({
      code: CloseCode.forbidden,
      reason: `awareness entry uses the server's key ${SERVER_AWARENESS_KEY}`,
    });
    expect(isEditingLocked(bob.provider.awareness)).toBe(false);
    expect(isServerUnsaved(bob.provider.awareness)).toBe(false);
    const claims = [...bob.provider.awareness.getStates().values()].filter(claimsServerEntry);
    expect(claims).toHaveLength(1); // the server's own
  });
  it('a client moving its caret faster than the awareness limit stays connected; others see its last caret', async () => {
    const vorlageId = `caret-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await startServer();
    const bob = connect(port, vorlageId, { userId: 'bob' });
    const carol = connect(port, vorlageId, { userId: 'carol' });
    await waitUntil(() => synced(bob) && synced(carol), 10_000, 'synced');
    const closes: number[] = [];
    for (const client of [bob, carol]) {
      client.provider.on('connection-close', (event: CloseEvent | null) =>
        closes.push(event?.code ?? 0),
      );
    }
    // 300 caret moves in about 1.5 s: five times the server's sustained rate plus its burst.
    for (let position = 1; position <= 300; position++) {
      bob.provider.awareness.setLocalStateField('cursor', position);
      carol.provider.awareness.setLocalStateField('cursor', -position);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(
      () =>
        (
          carol.provider.awareness.getStates().get(bob.doc.clientID) as
            { cursor?: number } | undefined
        )?.cursor === 300,
      10_000,
      'carol sees bob at his last caret position',
    );
    expect(closes).toEqual([]);
    expect(bob.provider.wsconnected && carol.provider.wsconnected).toBe(true);
  });
});

function varuint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}
