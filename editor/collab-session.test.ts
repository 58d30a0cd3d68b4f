import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ObservableV2 } from 'lib0/observable';
import { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import { SECTION_KEYS } from '../domain/text/sections';
import {
  CollabSession,
  PROBE_UNANSWERED_MS,
  SAVE_PROBE_DELAY_MS,
  type CollabSnapshot,
  type OfflineStore,
  type RememberedConnection,
} from './collab-session';

const SERVER_CLIENT_ID = 4242;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events of any shape, as the provider's
type AnyEvents = Record<string, (...args: any[]) => void>;

/** The parts of y-websocket's provider the session uses, driven by the test instead of a socket. */
class FakeProvider extends ObservableV2<AnyEvents> {
  readonly awareness: Awareness;
  wsconnected = false;
  wsUnsuccessfulReconnects = 0;
  ws: { readyState: number; send(data: Uint8Array): void } | null = null;
  shouldReconnect: unknown = null;
  readonly sent: Uint8Array[] = [];
  private syncedFlag = false;

  constructor(readonly doc: Y.Doc) {
    super();
    this.awareness = new Awareness(doc);
  }
  get synced(): boolean {
    return this.syncedFlag;
  }
  set synced(value: boolean) {
    if (value === this.syncedFlag) return;
    this.syncedFlag = value;
    this.emit('sync', [value as never]);
  }
  open(): void {
    this.wsconnected = true;
    this.ws = { readyState: 1, send: (data) => this.sent.push(data) };
    this.emit('status', [{ status: 'connected' } as never]);
  }
  drop(): void {
    this.wsconnected = false;
    this.ws = null;
    this.wsUnsuccessfulReconnects += 1;
    this.emit('status', [{ status: 'disconnected' } as never]);
  }
  /** The server answers a sync step 1 (the handshake or a save probe). */
  answer(): void {
    this.synced = true;
  }
  /** The server's awareness entry (collab-server/document.ts). */
  serverReports(entry: { stored?: Record<string, number>; unsaved?: boolean }): void {
    this.awareness.states.set(SERVER_CLIENT_ID, { collabServer: entry });
    this.awareness.emit('change', [
      { added: [], updated: [SERVER_CLIENT_ID], removed: [] },
      'remote',
    ]);
  }
  connect(): void {}
  disconnect(): void {
    this.wsconnected = false;
    this.ws = null;
  }
  override destroy(): void {
    this.awareness.destroy();
    super.destroy();
  }
}

interface Harness {
  session: CollabSession;
  provider: () => FakeProvider;
  online: { value: boolean };
  networkChanged: () => void;
  flushStore: () => void;
  restoreWith: (fill: (doc: Y.Doc) => void) => void;
}

interface SessionSetup {
  /** False: the app cannot be reached, every token request fails. */
  readonly appReachable?: boolean;
  /** What the device remembers of the last connection. */
  readonly remembered?: RememberedConnection | null;
  readonly saved?: RememberedConnection[];
}

function openSession(setup: SessionSetup = {}): Harness {
  let provider: FakeProvider | null = null;
  const online = { value: true };
  let networkListener = () => {};
  let pendingFlushes: (() => void)[] = [];
  let restore: () => void = () => {};
  let fillRestored: (doc: Y.Doc) => void = () => {};
  const origin = Symbol('offline store');
  const session = new CollabSession({
    user: { userId: 'u-1', displayName: 'Ada', officeId: 'o-1', officeName: 'SPK', color: '#123' },
    requestToken: async () => {
      if (setup.appReachable === false) throw new Error('app unreachable');
      return {
        token: 't',
        url: 'ws://collab.test',
        mode: 'rw',
        expiresAt: new Date(Date.now() + 120_000).toISOString(),
      };
    },
    lastConnection: {
      load: () => setup.remembered ?? null,
      save: (connection) => setup.saved?.push(connection),
    },
    openProvider: ({ doc }) => {
      provider = new FakeProvider(doc);
      return provider as unknown as WebsocketProvider;
    },
    openOfflineStore: (doc): OfflineStore => ({
      origin,
      whenSynced: new Promise<void>((resolve) => {
        restore = () => {
          doc.transact(() => fillRestored(doc), origin);
          resolve();
        };
      }),
      flushed: () => new Promise<void>((resolve) => pendingFlushes.push(resolve)),
      destroy: () => {},
    }),
    isOnline: () => online.value,
    watchNetwork: (onChange) => {
      networkListener = onChange;
      return () => {};
    },
  });
  return {
    session,
    provider: () => provider!,
    online,
    networkChanged: () => networkListener(),
    flushStore: () => {
      const flushes = pendingFlushes;
      pendingFlushes = [];
      flushes.forEach((resolve) => resolve());
    },
    restoreWith: (fill) => {
      fillRestored = fill;
      restore();
    },
  };
}

const status = (session: CollabSession) => session.snapshot()?.status;
const typeInto = (doc: Y.Doc) => doc.getText('scratch').insert(0, 'x');

/** Connects, syncs, and lets the connect probe be answered: the state right after opening a page. */
async function connectAndSync(harness: Harness) {
  await vi.advanceTimersByTimeAsync(0);
  harness.provider().open();
  harness.provider().answer();
  await vi.advanceTimersByTimeAsync(0);
  harness.provider().answer();
}

async function typeAndGetProbeAnswered(harness: Harness) {
  typeInto(harness.session.doc);
  await vi.advanceTimersByTimeAsync(SAVE_PROBE_DELAY_MS);
  harness.provider().answer();
}

describe('CollabSession', () => {
  let harness: Harness;
  beforeEach(() => {
    vi.useFakeTimers();
    harness = openSession();
  });
  afterEach(() => {
    harness.session.destroy();
    vi.useRealTimers();
  });

  it('connects with the mode the token grants, not ready before any text is there', async () => {
    await vi.advanceTimersByTimeAsync(0);
    expect(status(harness.session)).toBe('connecting');
    expect(harness.session.snapshot()?.mode).toBe('rw');
    expect(harness.session.snapshot()?.ready).toBe(false);
  });

  it('is ready and saved once synced, with the section placeholders in place', async () => {
    await connectAndSync(harness);
    const snapshot = harness.session.snapshot()!;
    expect(snapshot.ready).toBe(true);
    for (const key of SECTION_KEYS) expect(snapshot.doc.getXmlFragment(key).length).toBe(1);
    expect(snapshot.status).toBe('saved');
  });

  it('says "saved" only when the server reports it stored the edits, not when it received them', async () => {
    await connectAndSync(harness);
    harness.provider().serverReports({ stored: {} });
    typeInto(harness.session.doc);
    expect(status(harness.session)).toBe('saving');
    await vi.advanceTimersByTimeAsync(SAVE_PROBE_DELAY_MS);
    expect(harness.provider().sent.length).toBeGreaterThan(0);
    harness.provider().answer();
    expect(status(harness.session)).toBe('saving');
    const own = Y.getState(harness.session.doc.store, harness.session.doc.clientID);
    harness.provider().serverReports({ stored: { [harness.session.doc.clientID]: own } });
    expect(status(harness.session)).toBe('saved');
  });

  it('shows "unsaved" while the server cannot store', async () => {
    await connectAndSync(harness);
    harness.provider().serverReports({ unsaved: true });
    expect(status(harness.session)).toBe('unsaved');
  });

  it('offline: "offline-storing" until the offline store has the edit, then "offline"', async () => {
    await connectAndSync(harness);
    harness.provider().drop();
    typeInto(harness.session.doc);
    expect(status(harness.session)).toBe('offline-storing');
    harness.flushStore();
    await vi.advanceTimersByTimeAsync(0);
    expect(status(harness.session)).toBe('offline');
  });

  it('treats an unanswered save probe as a dead connection, and reconnects when back online', async () => {
    await connectAndSync(harness);
    typeInto(harness.session.doc);
    harness.flushStore();
    await vi.advanceTimersByTimeAsync(SAVE_PROBE_DELAY_MS);
    expect(status(harness.session)).toBe('saving');
    await vi.advanceTimersByTimeAsync(PROBE_UNANSWERED_MS);
    expect(status(harness.session)).toBe('offline');
    const disconnect = vi.spyOn(harness.provider(), 'disconnect');
    harness.networkChanged();
    expect(disconnect).toHaveBeenCalledOnce();
  });

  it('shows the network as gone whatever the socket says', async () => {
    await connectAndSync(harness);
    harness.flushStore();
    await vi.advanceTimersByTimeAsync(0);
    harness.online.value = false;
    harness.networkChanged();
    expect(status(harness.session)).toBe('offline');
  });

  it('reports a refusal with the close reason, and reconnect() clears it', async () => {
    await connectAndSync(harness);
    harness.provider().emit('closed', [{ code: 4403, reason: 'forbidden' } as never]);
    expect(status(harness.session)).toBe('refused');
    expect(harness.session.snapshot()?.refusal).toBe('forbidden');
    harness.session.snapshot()!.reconnect();
    harness.provider().open();
    expect(harness.session.snapshot()?.refusal).toBeNull();
  });

  it('is ready from the offline store alone, with the placeholders ensured', async () => {
    await vi.advanceTimersByTimeAsync(0);
    harness.restoreWith((doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('offline')]);
      doc.getXmlFragment(SECTION_KEYS[0]!).insert(0, [paragraph]);
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(harness.session.snapshot()?.ready).toBe(true);
    expect(status(harness.session)).toBe('connecting');
  });

  it('notifies subscribers only when something shown changes, and keeps the snapshot otherwise', async () => {
    await connectAndSync(harness);
    await typeAndGetProbeAnswered(harness);
    const listener = vi.fn();
    harness.session.subscribe(listener);
    const before: CollabSnapshot | null = harness.session.snapshot();
    harness.provider().awareness.emit('change', [{ added: [], updated: [], removed: [] }, 'local']);
    expect(listener).not.toHaveBeenCalled();
    expect(harness.session.snapshot()).toBe(before);
    harness.provider().drop();
    expect(listener).toHaveBeenCalled();
    expect(harness.session.snapshot()).not.toBe(before);
  });
});

describe('CollabSession with the app unreachable at the start (offline reload)', () => {
  afterEach(() => vi.useRealTimers());

  it('remembers where the token pointed and what it allowed', async () => {
    vi.useFakeTimers();
    const saved: RememberedConnection[] = [];
    const harness = openSession({ saved });
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([{ url: 'ws://collab.test', mode: 'rw' }]);
    harness.session.destroy();
  });

  it('opens the local copy with the remembered connection, offline and editable', async () => {
    vi.useFakeTimers();
    const harness = openSession({
      appReachable: false,
      remembered: { url: 'ws://collab.test', mode: 'rw' },
    });
    harness.online.value = false;
    harness.restoreWith((doc) =>
      doc.getXmlFragment(SECTION_KEYS[0]!).insert(0, [new Y.XmlText('a')]),
    );
    await vi.advanceTimersByTimeAsync(0);
    const snapshot = harness.session.snapshot();
    expect(snapshot?.ready).toBe(true);
    expect(snapshot?.mode).toBe('rw');
    expect(snapshot?.status).toMatch(/^offline/);
    harness.session.destroy();
  });

  it('without a remembered connection shows nothing and keeps asking for a token', async () => {
    vi.useFakeTimers();
    const harness = openSession({ appReachable: false });
    harness.restoreWith((doc) =>
      doc.getXmlFragment(SECTION_KEYS[0]!).insert(0, [new Y.XmlText('a')]),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    expect(harness.session.snapshot()).toBeNull();
    harness.session.destroy();
  });
});
