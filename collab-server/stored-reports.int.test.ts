// Issue 22, session 11: the "stored" report as a binary frame of its own for the app's provider
// (editor/stored-report.ts), and still in the server's awareness entry for a stock provider that
// did not ask for the binary form — which must never see a frame it cannot read.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { serverStoredOwnEdits, storedReportsOf } from '../editor/collab-provider';
import { MESSAGE_STORED } from '../editor/stored-report';
import { serverEntryOf } from '../editor/server-awareness';
import { useCollabHarness } from './int-test-harness';
import {
  justificationText,
  seedVorlage,
  seededRandom,
  synced,
  tokenFor,
  typeAt,
  waitUntil,
} from './test-support';

const harness = useCollabHarness();

describe('stored reports', () => {
  const stock: { provider: WebsocketProvider; doc: Y.Doc }[] = [];
  afterEach(() => {
    for (const { provider, doc } of stock.splice(0)) {
      provider.destroy();
      doc.destroy();
    }
    vi.restoreAllMocks();
  });

  it('reach the app provider as binary frames: its clock, and "gespeichert"', async () => {
    const vorlageId = `stored-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await harness.startServer();
    const alice = harness.connect(port, vorlageId, { userId: 'alice' });
    await waitUntil(() => synced(alice), 10_000, 'synced');
    const reports = storedReportsOf(alice.provider)!;
    let received = 0;
    reports.onReport(() => received++);

    const random = seededRandom(11);
    for (let keystroke = 0; keystroke < 5; keystroke++) typeAt(alice.doc, 'x', random);
    const own = Y.getState(alice.doc.store, alice.doc.clientID);
    await waitUntil(
      () => reports.clockOf(alice.doc.clientID) >= own,
      10_000,
      'a binary report covering every keystroke',
    );
    expect(received).toBeGreaterThan(0);
    expect(serverStoredOwnEdits(alice.provider, alice.doc)).toBe(true);
  });

  it('reach a stock provider in the awareness entry, and no frame it cannot read', async () => {
    const errors = vi.spyOn(console, 'error');
    const vorlageId = `stored-${randomUUID()}`;
    await seedVorlage(harness.client, vorlageId);
    const { port } = await harness.startServer();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, vorlageId, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token: await tokenFor(vorlageId, { userId: 'bob' }) },
      disableBc: true,
    });
    stock.push({ provider, doc });
    await waitUntil(
      () => provider.synced && justificationText(doc) !== null,
      10_000,
      'stock provider synced',
    );
    expect(provider.messageHandlers[MESSAGE_STORED]).toBeUndefined();

    typeAt(doc, 'stock', seededRandom(12));
    const own = Y.getState(doc.store, doc.clientID);
    await waitUntil(
      () => (serverEntryOf(provider.awareness)?.stored?.[String(doc.clientID)] ?? 0) >= own,
      10_000,
      'the awareness entry reports the edit stored',
    );
    expect(serverStoredOwnEdits(provider, doc)).toBe(true);
    expect(errors.mock.calls.flat().join(' ')).not.toContain('Unable to compute message');
  });
});
