// Issue 14: updates that are valid Yjs but break the document (wrong root type, unknown root,
// content outside the editor schema) are refused before they touch the shared document, while
// honest clients keep typing and storing. Real embedded store, real server, stock providers.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SECTION_KEYS } from '../domain/text/sections';
import { textStreamName } from '../domain/text/text-events';
import { docToVorlageText } from '../editor/convert';
import { textSnapshotEvent } from '../editor/text-events';
import { checkSectionFragment } from '../editor/section-validation';
import { CloseCode } from './close-codes';
import { fingerprintOfDoc } from './fingerprint';
import { useCollabHarness } from './int-test-harness';
import { encodeSyncStep1, encodeUpdate, MessageType, SyncType } from './protocol';
import { wrongContentUpdate } from './structure-fuzz';
import {
  readJustification,
  seedVorlage,
  seededRandom,
  synced,
  tokenFor,
  typeAt,
  waitUntil,
} from './test-support';

const harness = useCollabHarness();

/** Sends `update` framed as sync step 2 once the server talks; resolves with the close. */
function sendUpdateAndWaitForClose(
  url: string,
  update: Uint8Array,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('message', () => {
      const frame = encodeUpdate(update);
      frame[1] = 1; // sync step 2 instead of update: the exact framing
      socket.send(frame);
    });
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', () => undefined);
    // Accepted (the defect): report it instead of waiting for the test timeout.
    setTimeout(() => {
      resolve({ code: 0, reason: 'still open' });
      socket.terminate();
    }, 5000);
  });
}

const ATTACKS: { name: string; update: () => Uint8Array; code: number }[] = [
  {
    name: 'the 27-byte Y.Text update on a section',
    update: () => {
      const doc = new Y.Doc();
      doc.getText('justification').insert(0, 'x');
      return Y.encodeStateAsUpdate(doc);
    },
    code: CloseCode.invalidUpdate,
  },
  {
    name: 'a Y.Array update on a section',
    update: () => {
      const doc = new Y.Doc();
      doc.getArray('justification').insert(0, ['x']);
      return Y.encodeStateAsUpdate(doc);
    },
    code: CloseCode.invalidUpdate,
  },
  {
    name: 'an update to an unknown root',
    update: () => {
      const doc = new Y.Doc();
      doc.getXmlFragment('evil').insert(0, [new Y.XmlElement('paragraph')]);
      return Y.encodeStateAsUpdate(doc);
    },
    code: CloseCode.forbidden,
  },
];

describe('content validation (issue 14)', () => {
  it('the Y.Text update is 26–27 bytes (the client id is a random varint)', () => {
    expect(ATTACKS[0]!.update().byteLength).toBeLessThanOrEqual(27);
  });

  for (const attack of ATTACKS) {
    it(`${attack.name}: the sender is closed, honest clients keep typing and their text is stored`, async () => {
      const seed = Date.now() % 100_000;
      const random = seededRandom(seed);
      const vorlageId = `attack-${randomUUID()}`;
      await seedVorlage(harness.client, vorlageId);
      const { server, port } = await harness.startServer();
      const alice = harness.connect(port, vorlageId, { userId: 'alice', office: 'jugendamt' });
      const bob = harness.connect(port, vorlageId, { userId: 'bob', office: 'jugendamt' });
      await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');

      let typing = true;
      const typists = [alice, bob].map(async (member, index) => {
        while (typing) {
          typeAt(member.doc, String.fromCharCode(97 + index), random);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
      const token = await tokenFor(vorlageId, { userId: 'mallory', office: 'jugendamt' });
      const closed = await sendUpdateAndWaitForClose(
        `ws://127.0.0.1:${port}/${vorlageId}?token=${token}`,
        attack.update(),
      );
      typing = false;
      await Promise.all(typists);
      expect(closed.code, `seed ${seed}`).toBe(attack.code);
      expect(closed.reason.length).toBeGreaterThan(0);
      expect(server.metrics().refusedUpdatesTotal).toBeGreaterThan(0);

      // Honest clients converge, and what they hold is what the store holds.
      await harness.expectStoredAsHeld(vorlageId, [alice, bob]);
      const stored = await harness.storedDoc(vorlageId);
      // The stored document converts to the editor schema (the page renders it).
      expect(() => docToVorlageText(stored)).not.toThrow();
      expect(stored.share.has('evil')).toBe(false);
      expect(server.metrics().persistFailuresTotal).toBe(0);
      const live = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(live.status).toBe(200);

      // The clients leave; the document is flushed and unloaded without any failure.
      alice.destroy();
      bob.destroy();
      await waitUntil(() => server.metrics().loadedDocuments === 0, 10_000, 'unloaded');
    });
  }

  it('a text stored before placeholders existed: typing into the placeholder the server adds is accepted, relayed and stored', async () => {
    // Begründung holds a paragraph; every other section is empty (no placeholder paragraph). The
    // server adds the placeholders when it loads the text; the guard's scratch copy must hold them
    // too, or the first keystroke into one reads as depending on items the server lacks.
    const vorlageId = `pre-placeholder-${randomUUID()}`;
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment('justification').insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText('Begründung')]);
    const empty = SECTION_KEYS.find((key) => key !== 'justification')!;
    expect(doc.getXmlFragment(empty).length).toBe(0);
    await harness.client.appendToStream(
      textStreamName(vorlageId),
      [
        textSnapshotEvent({
          id: randomUUID(),
          state: Y.encodeStateAsUpdate(doc),
          authors: [{ userId: 'creator', officeId: 'SPK' }],
          fingerprint: fingerprintOfDoc(doc),
          coversRevision: 0n,
          time: new Date(),
        }),
      ],
      'no_stream',
    );
    const { server, port } = await harness.startServer({ persistence: { batchMs: 50 } });
    const alice = harness.connect(port, vorlageId, { userId: 'alice', office: 'jugendamt' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob', office: 'jugendamt' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    const placeholderText = (member: typeof alice) =>
      (member.doc.getXmlFragment(empty).get(0) as Y.XmlElement | undefined)?.get(0) as
        Y.XmlText | undefined;
    await waitUntil(() => placeholderText(alice) !== undefined, 10_000, 'placeholder synced');
    placeholderText(alice)!.insert(0, 'Neu');
    placeholderText(alice)!.insert(3, 'er Text');
    await waitUntil(
      () => placeholderText(bob)?.toString() === 'Neuer Text',
      10_000,
      'relayed to bob',
    );
    await waitUntil(
      async () =>
        (
          (await harness.storedDoc(vorlageId)).getXmlFragment(empty).get(0) as Y.XmlElement
        )?.toString() === placeholderText(alice)!.parent!.toString(),
      10_000,
      'stored',
    );
    expect(readJustification(bob.doc)).toBe('Begründung');
    expect(server.metrics().refusedUpdatesTotal).toBe(0);
  });

  it('2,000 structure-fuzzed updates while two clients type: server up, RSS bounded, nothing invalid stored, nothing honest lost', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    console.info(`structure fuzz: FUZZ_SEED=${seed}`);
    const random = seededRandom(seed);
    const vorlageId = `sfuzz-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { server, port } = await harness.startServer();
    const alice = harness.connect(port, vorlageId, { userId: 'alice', office: 'jugendamt' });
    const bob = harness.connect(port, vorlageId, { userId: 'bob', office: 'jugendamt' });
    await waitUntil(() => synced(alice) && synced(bob), 10_000, 'synced');
    const typingRandom = seededRandom(seed + 1);
    let typing = true;
    // Typing at a human pace all along (a bounded text, so a slow machine does not grow it).
    const typists = [alice, bob].map(async (member, index) => {
      for (let typed = 0; typing && typed < 600; typed++) {
        typeAt(member.doc, String.fromCharCode(97 + index), typingRandom);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    // A fresh token per connect: tokens live at most two minutes, a slow run takes longer.
    const attacker = new FuzzConnection(
      async () =>
        `ws://127.0.0.1:${port}/${vorlageId}?token=${await tokenFor(vorlageId, { userId: 'mallory', office: 'jugendamt' })}`,
    );
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const outcomes = new Map<string, number>();
    try {
      for (let index = 0; index < 2000; index++) {
        const { kind, update } = wrongContentUpdate(Y.encodeStateAsUpdate(alice.doc), random);
        const outcome = await attacker.send(update);
        const key = `${kind}:${outcome}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        if (index % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    } catch (error) {
      console.error(`structure fuzz failed with FUZZ_SEED=${seed}`);
      throw error;
    } finally {
      typing = false;
      await Promise.all(typists);
      attacker.close();
    }
    console.info(
      `structure fuzz outcomes (FUZZ_SEED=${seed}): ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}; ` +
        `RSS ${Math.round(rssBefore / 2 ** 20)} → peak ${Math.round(peakRss / 2 ** 20)} MiB`,
    );
    try {
      // Every update was refused: closed with its code, or (depending on edits the server does
      // not hold) dropped without a trace while the socket stays open.
      const expectedOutcome = (kind: string) =>
        kind === 'ghostDeletion' || kind === 'danglingStructs'
          ? 'kept open'
          : String(kind === 'unknownRoot' ? CloseCode.forbidden : CloseCode.invalidUpdate);
      const unexpected = [...outcomes.keys()].filter((key) => {
        const [kind, outcome] = key.split(':') as [string, string];
        return outcome !== expectedOutcome(kind) && outcome !== String(CloseCode.rateLimited);
      });
      expect(unexpected).toEqual([]);
      // The server is up and the honest clients converge and are stored.
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      await harness.expectStoredAsHeld(vorlageId, [alice, bob]);
      // Nothing invalid was stored: only known sections, each a valid document of the schema.
      const stored = await harness.storedDoc(vorlageId);
      expect(
        [...stored.share.keys()].every((key) => (SECTION_KEYS as readonly string[]).includes(key)),
      ).toBe(true);
      for (const key of SECTION_KEYS) {
        expect(() => checkSectionFragment(key, stored.getXmlFragment(key))).not.toThrow();
      }
      expect(server.metrics().refusedUpdatesTotal).toBeGreaterThan(1000);
      expect(peakRss - rssBefore).toBeLessThan(256 * 2 ** 20);
    } catch (error) {
      console.error(`structure fuzz failed with FUZZ_SEED=${seed}`);
      throw error;
    }
  }, 180_000);
});

/**
 * One attacker: sends an update, then sync step 1 as a barrier — the server's step 2 answer
 * means the update was processed (and dropped); a close means it was refused. Reconnects after
 * every close, so all updates reach the server.
 */
class FuzzConnection {
  private socket: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;

  constructor(private readonly url: () => Promise<string>) {}

  async send(update: Uint8Array): Promise<string> {
    const socket = await this.open();
    return new Promise((resolve) => {
      const onMessage = (data: Buffer) => {
        if (data[0] === MessageType.sync && data[1] === SyncType.step2) finish('kept open');
      };
      const onClose = (code: number) => finish(String(code));
      const finish = (outcome: string) => {
        socket.off('message', onMessage);
        socket.off('close', onClose);
        resolve(outcome);
      };
      socket.on('message', onMessage);
      socket.on('close', onClose);
      socket.send(encodeUpdate(update));
      socket.send(encodeSyncStep1(new Y.Doc()));
    });
  }

  close(): void {
    this.socket?.close();
  }

  private open(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN)
      return Promise.resolve(this.socket);
    this.opening ??= this.connect(0).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /** A refused upgrade (e.g. 429 while the server still counts closed sockets) is retried. */
  private connect(attempt: number): Promise<WebSocket> {
    return this.url().then(
      (url) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url);
          socket.on('error', () => undefined);
          // The server's first message means the document is attached (frames are not queued).
          socket.once('message', () => {
            this.socket = socket;
            resolve(socket);
          });
          socket.once('close', () => {
            if (this.socket === socket) return;
            if (attempt >= 100) reject(new Error('attacker cannot connect any more'));
            else setTimeout(() => this.connect(attempt + 1).then(resolve, reject), 50);
          });
        }),
    );
  }
}
