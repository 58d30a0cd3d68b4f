// The shared text of one Vorlage on a client, without React: one Y.Doc, an offline store (IndexedDB
// in the browser, so offline edits survive a reload) and the collab connection with a fresh token
// per connect. Derives the connection / save status the page shows and hands it out through
// `subscribe()` / `snapshot()` (the shape React's useSyncExternalStore expects).
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import { SECTION_KEYS } from '../domain/text/sections';
import {
  isEditingLocked,
  isServerUnsaved,
  serverStoredOwnEdits,
  storedReportsOf,
} from './collab-provider';
import { ensureSectionStructure, isPlaceholderClientId } from './section-structure';

/**
 * `offline`: not connected, every local edit is in the offline store (safe to close the tab);
 * `offline-storing`: not connected and the newest edits are still being written to the offline store;
 * `unsaved`: connected, but the server cannot store edits right now (it retries; they are kept);
 * `saved`: the server has stored every local edit (its awareness entry says so).
 */
export type SaveStatus =
  'connecting' | 'saving' | 'saved' | 'unsaved' | 'offline' | 'offline-storing' | 'refused';

export interface CollabUser {
  readonly userId: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly officeName: string;
  readonly color: string;
}

export interface Participant {
  readonly clientId: number;
  readonly name: string;
  readonly office: string;
  readonly color: string;
}

/** What the page shows; a new object only when something shown changed. */
export interface CollabSnapshot {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** True once the text is there to show: synced with the server, or restored from the offline store. */
  readonly ready: boolean;
  readonly status: SaveStatus;
  /** What the last token allowed; null before the first token. */
  readonly mode: 'rw' | 'ro' | null;
  /** The collab server says editing is locked. */
  readonly locked: boolean;
  readonly participants: readonly Participant[];
  /** Why the server refused the connection (close reason), if it did. */
  readonly refusal: string | null;
  /** Reconnects with a fresh token (e.g. after editing was unlocked, to get write access). */
  reconnect(): void;
}

export interface CollabToken {
  readonly token: string;
  readonly url: string;
  readonly mode: 'rw' | 'ro';
  readonly expiresAt: string;
}

/** The local copy of the document (y-indexeddb in the browser). */
export interface OfflineStore {
  /** The origin of the updates it applies to the doc when restoring. */
  readonly origin: unknown;
  /** Settles once the stored updates are applied to the doc. */
  readonly whenSynced: Promise<unknown>;
  /** Settles once every update the doc emitted so far is written. */
  flushed(): Promise<void>;
  destroy(): Promise<void> | void;
}

export interface CollabSessionOptions {
  readonly user: CollabUser;
  /** A collab token from the app; rejects when the app refuses or cannot be reached. */
  requestToken(): Promise<CollabToken>;
  /** Opens the connection (the stock y-websocket provider in the browser, a fake in tests). */
  openProvider(options: {
    serverUrl: string;
    doc: Y.Doc;
    fetchToken: () => Promise<string>;
  }): WebsocketProvider;
  openOfflineStore(doc: Y.Doc): OfflineStore;
  /** False when the platform knows the network is gone (navigator.onLine). */
  isOnline(): boolean;
  /** Calls back when the network comes or goes; returns the unsubscribe. */
  watchNetwork(onChange: () => void): () => void;
  /**
   * Where the last token pointed and what it allowed, kept on this device: a page opened while
   * the app is unreachable (offline reload) still opens the local copy and keeps trying.
   */
  readonly lastConnection?: {
    load(): RememberedConnection | null;
    save(connection: RememberedConnection): void;
  };
}

export type RememberedConnection = Pick<CollabToken, 'url' | 'mode'>;

/** y-websocket's message types. */
const MESSAGE_SYNC = 0;
/** Close codes after which a fresh connection may succeed: token expired (4401), rate limited (4429). */
const RETRYABLE_CLOSE_CODES = new Set([4401, 4429]);
/** Local edits are confirmed in small batches, not per keystroke. */
export const SAVE_PROBE_DELAY_MS = 250;
/** An unanswered save probe after this long means the connection is dead (network gone). */
export const PROBE_UNANSWERED_MS = 6000;

export class CollabSession {
  readonly doc = new Y.Doc();
  private readonly offline: OfflineStore;
  private provider: WebsocketProvider | null = null;
  private stopWatchingNetwork: (() => void) | null = null;
  private prefetched: CollabToken | null = null;
  private mode: 'rw' | 'ro' | null = null;
  private refusal: string | null = null;
  private localRestored = false;
  private everSynced = false;
  private disposed = false;
  // Save tracking: local edits are counted; a sync-step-1 "probe" sent after them is answered by
  // the server only after it applied everything sent before, which is the acknowledgement.
  private localVersion = 0;
  private ackedVersion = 0;
  /** Local edits known to be written to the offline store. */
  private storedVersion = 0;
  private probeVersion: number | null = null;
  private probeSentAt = 0;
  private probeWatchdog: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectProbePending = false;
  private current: CollabSnapshot | null = null;
  private currentKey = '';
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: CollabSessionOptions) {
    // Client ids 1–8 write the sections' placeholders (editor/section-structure.ts); a client
    // that drew one of them (odds 8 in 2^32) takes another.
    while (isPlaceholderClientId(this.doc.clientID))
      this.doc.clientID = Math.floor(Math.random() * 2 ** 32);
    this.offline = options.openOfflineStore(this.doc);
    this.doc.on('update', this.onDocUpdate);
    void this.offline.whenSynced.then(() => {
      if (this.disposed) return;
      this.localRestored = SECTION_KEYS.some((key) => this.doc.getXmlFragment(key).length > 0);
      // Offline editing of a restored text must type into the shared placeholders, never into
      // paragraphs of its own (the same bytes the server adds, so nothing doubles on sync).
      if (this.localRestored) ensureSectionStructure(this.doc);
      this.publish();
    });
    this.stopWatchingNetwork = options.watchNetwork(this.onNetworkChange);
    void this.start(0);
  }

  /** Registers a listener called whenever `snapshot()` changed; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The state shown now; null until the connection is opened (token fetched). */
  readonly snapshot = (): CollabSnapshot | null => this.current;

  destroy(): void {
    this.disposed = true;
    for (const timer of [this.probeTimer, this.probeWatchdog, this.retryTimer])
      if (timer) clearTimeout(timer);
    this.stopWatchingNetwork?.();
    this.doc.off('update', this.onDocUpdate);
    this.provider?.destroy();
    void this.offline.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  // Re-notify only when something shown changes (not on every keystroke or caret move).
  private readonly publish = (): void => {
    const provider = this.provider;
    if (this.disposed || !provider) return;
    const next = this.compute(provider);
    const key = [
      next.ready,
      next.status,
      next.mode,
      next.locked,
      next.refusal,
      next.participants
        .map((person) => `${person.clientId}:${person.name}:${person.office}`)
        .join('|'),
    ].join(';');
    if (key === this.currentKey) return;
    this.currentKey = key;
    this.current = next;
    for (const listener of this.listeners) listener();
  };

  private compute(provider: WebsocketProvider): CollabSnapshot {
    return {
      doc: this.doc,
      provider,
      ready: this.everSynced || this.localRestored,
      status: this.statusOf(provider),
      mode: this.mode,
      locked: isEditingLocked(provider.awareness),
      participants: participantsOf(provider),
      refusal: this.refusal,
      reconnect: () => {
        this.refusal = null;
        provider.disconnect();
        provider.connect();
      },
    };
  }

  private offlineStatus(): SaveStatus {
    return this.localVersion > this.storedVersion ? 'offline-storing' : 'offline';
  }

  private statusOf(provider: WebsocketProvider): SaveStatus {
    if (this.refusal) return 'refused';
    if (!this.options.isOnline()) return this.offlineStatus();
    if (this.probeVersion !== null && Date.now() - this.probeSentAt >= PROBE_UNANSWERED_MS)
      return this.offlineStatus();
    if (!provider.wsconnected)
      return provider.wsUnsuccessfulReconnects > 0 ? this.offlineStatus() : 'connecting';
    if (!this.everSynced) return 'connecting';
    if (isServerUnsaved(provider.awareness)) return 'unsaved';
    if (
      this.connectProbePending ||
      this.probeVersion !== null ||
      this.localVersion > this.ackedVersion ||
      !provider.synced ||
      !serverStoredOwnEdits(provider, this.doc)
    )
      return 'saving';
    return 'saved';
  }

  private readonly sendProbe = (): void => {
    this.probeTimer = null;
    const provider = this.provider;
    const ws = provider?.ws;
    if (!provider || !ws || !provider.wsconnected || ws.readyState !== 1) return;
    this.probeVersion = this.localVersion;
    this.probeSentAt = Date.now();
    if (this.probeWatchdog) clearTimeout(this.probeWatchdog);
    this.probeWatchdog = setTimeout(this.publish, PROBE_UNANSWERED_MS);
    // The provider emits 'sync' when `synced` turns true again, i.e. when the answer arrives.
    provider.synced = false;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.publish();
  };

  private scheduleProbe(delay = SAVE_PROBE_DELAY_MS): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(this.sendProbe, delay);
  }

  private readonly onDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || origin === this.offline.origin) return;
    this.localVersion += 1;
    const version = this.localVersion;
    void this.offline.flushed().then(() => {
      this.storedVersion = Math.max(this.storedVersion, version);
      this.publish();
    });
    this.scheduleProbe();
    this.publish();
  };

  private readonly fetchToken = async (): Promise<string> => {
    const prefetched = this.prefetched;
    if (prefetched && Date.parse(prefetched.expiresAt) - Date.now() > 10_000) {
      this.prefetched = null;
      return prefetched.token;
    }
    const token = await this.options.requestToken();
    this.mode = token.mode;
    return token.token;
  };

  private async start(attempt: number): Promise<void> {
    let token: CollabToken;
    try {
      token = await this.options.requestToken();
    } catch {
      if (this.disposed) return;
      // Unreachable at the first try with a remembered server: open the local copy now; the
      // provider fetches a token before each of its own reconnects.
      const remembered = attempt === 0 ? this.options.lastConnection?.load() : null;
      if (remembered) {
        this.mode = remembered.mode;
        this.open(remembered.url);
        return;
      }
      // The app is not reachable (or refuses): try again with a growing pause.
      this.retryTimer = setTimeout(
        () => void this.start(attempt + 1),
        Math.min(500 * 2 ** attempt, 5000),
      );
      return;
    }
    if (this.disposed) return;
    this.prefetched = token;
    this.mode = token.mode;
    this.options.lastConnection?.save({ url: token.url, mode: token.mode });
    this.open(token.url);
  }

  private open(serverUrl: string): void {
    const provider = this.options.openProvider({
      serverUrl,
      doc: this.doc,
      fetchToken: this.fetchToken,
    });
    this.provider = provider;
    provider.shouldReconnect = (event: CloseEvent) =>
      RETRYABLE_CLOSE_CODES.has(event.code) || !(event.code >= 4400 && event.code < 4500);
    const { user } = this.options;
    provider.awareness.setLocalStateField('user', {
      name: user.displayName,
      office: user.officeName,
      color: user.color,
    });
    provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.connectProbePending = true;
        this.probeVersion = null;
      }
      this.publish();
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) this.onSynced();
      this.publish();
    });
    provider.on('closed', ({ code, reason }) => {
      this.refusal = reason || `Code ${code}`;
      this.publish();
    });
    provider.awareness.on('change', this.publish);
    // Dropped with the provider (destroy); the server's stored reports move "gespeichert".
    storedReportsOf(provider)?.onReport(this.publish);
    this.publish();
  }

  private onSynced(): void {
    this.everSynced = true;
    ensureSectionStructure(this.doc);
    if (this.connectProbePending) {
      // The first sync after connecting does not yet prove that the server has our edits.
      this.connectProbePending = false;
      this.scheduleProbe(0);
    } else if (this.probeVersion !== null) {
      this.ackedVersion = Math.max(this.ackedVersion, this.probeVersion);
      this.probeVersion = null;
      if (this.localVersion > this.ackedVersion) this.scheduleProbe();
    }
  }

  private readonly onNetworkChange = (): void => {
    // Back online with a probe still unanswered: the old socket is dead, open a new one now
    // instead of waiting for the provider's 30-second watchdog.
    const provider = this.provider;
    if (
      this.options.isOnline() &&
      provider &&
      this.probeVersion !== null &&
      Date.now() - this.probeSentAt >= PROBE_UNANSWERED_MS / 2
    ) {
      this.probeVersion = null;
      provider.disconnect();
      provider.connect();
    }
    this.publish();
  };
}

function participantsOf(provider: WebsocketProvider): Participant[] {
  const people: Participant[] = [];
  for (const [clientId, state] of provider.awareness.getStates()) {
    const person = (state as { user?: { name?: unknown; office?: unknown; color?: unknown } }).user;
    if (!person || typeof person.name !== 'string') continue;
    people.push({
      clientId,
      name: person.name,
      office: typeof person.office === 'string' ? person.office : '',
      color: typeof person.color === 'string' ? person.color : '#555555',
    });
  }
  return people.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}
