'use client';
// The shared text of one Vorlage in the browser: one Y.Doc, kept in IndexedDB (per Vorlage and
// user, so offline edits survive a reload) and synced through the collab server with a fresh
// token per connect. Also derives the connection / save status the page shows.
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import {
  createCollabProvider,
  isEditingLocked,
  isServerUnsaved,
  serverStoredOwnEdits,
} from '../../../editor/collab-provider';
import { SECTION_KEYS } from '../../../domain/text/sections';
import { ensureSectionStructure, isPlaceholderClientId } from '../../../editor/section-structure';
import { postJson } from '../../_components/api-client';

/**
 * `offline`: not connected, every local edit is in IndexedDB (safe to close the tab);
 * `offline-storing`: not connected and the newest edits are still being written to IndexedDB;
 * `unsaved`: connected, but the server cannot store edits right now (it retries; they are kept).
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

export interface CollabSession {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** True once the text is there to show: synced with the server, or restored from IndexedDB. */
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

interface TokenResponse {
  readonly token: string;
  readonly url: string;
  readonly mode: 'rw' | 'ro';
  readonly expiresAt: string;
}

/** y-websocket's message types. */
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
/** Carets are sent at most this often, well below the collab server's awareness rate limit. */
const AWARENESS_INTERVAL_MS = 120;
/** Close codes after which a fresh connection may succeed: token expired (4401), rate limited (4429). */
const RETRYABLE_CLOSE_CODES = new Set([4401, 4429]);
/** Local edits are confirmed in small batches, not per keystroke. */
const SAVE_PROBE_DELAY_MS = 250;
/** An unanswered save probe after this long means the connection is dead (network gone). */
const PROBE_UNANSWERED_MS = 6000;

export function useCollab(vorlageId: string, user: CollabUser): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);

  useEffect(() => {
    let disposed = false;
    const doc = new Y.Doc();
    // Client ids 1–8 write the sections' placeholders (editor/section-structure.ts); a browser
    // that drew one of them (odds 8 in 2^32) takes another.
    while (isPlaceholderClientId(doc.clientID)) doc.clientID = Math.floor(Math.random() * 2 ** 32);
    const persistence = new IndexeddbPersistence(`vorlage:${vorlageId}:${user.userId}`, doc);
    let provider: WebsocketProvider | null = null;
    let stopAwarenessThrottle: (() => void) | null = null;
    let prefetched: TokenResponse | null = null;
    let mode: 'rw' | 'ro' | null = null;
    let refusal: string | null = null;
    let localRestored = false;
    let everSynced = false;
    // Save tracking: local edits are counted; a sync-step-1 "probe" sent after them is answered by
    // the server only after it applied everything sent before, which is the acknowledgement.
    let localVersion = 0;
    let ackedVersion = 0;
    /** Local edits known to be written to IndexedDB. */
    let storedVersion = 0;
    let probeVersion: number | null = null;
    let probeSentAt = 0;
    let probeWatchdog: ReturnType<typeof setTimeout> | null = null;
    let probeTimer: ReturnType<typeof setTimeout> | null = null;
    let connectProbePending = false;

    // Re-render only when something shown changes (not on every keystroke or caret move).
    let lastKey = '';
    const publish = () => {
      if (disposed || !provider) return;
      const next = snapshot(provider);
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
      if (key === lastKey) return;
      lastKey = key;
      setSession(next);
    };

    const snapshot = (current: WebsocketProvider): CollabSession => ({
      doc,
      provider: current,
      ready: everSynced || localRestored,
      status: statusOf(current),
      mode,
      locked: isEditingLocked(current.awareness),
      participants: participantsOf(current),
      refusal,
      reconnect: () => {
        refusal = null;
        current.disconnect();
        current.connect();
      },
    });

    const offlineStatus = (): SaveStatus =>
      localVersion > storedVersion ? 'offline-storing' : 'offline';

    const statusOf = (current: WebsocketProvider): SaveStatus => {
      if (refusal) return 'refused';
      if (typeof navigator !== 'undefined' && !navigator.onLine) return offlineStatus();
      if (probeVersion !== null && Date.now() - probeSentAt >= PROBE_UNANSWERED_MS)
        return offlineStatus();
      if (!current.wsconnected) {
        const offline =
          (typeof navigator !== 'undefined' && !navigator.onLine) ||
          current.wsUnsuccessfulReconnects > 0;
        return offline ? offlineStatus() : 'connecting';
      }
      if (!everSynced) return 'connecting';
      if (isServerUnsaved(current.awareness)) return 'unsaved';
      if (
        connectProbePending ||
        probeVersion !== null ||
        localVersion > ackedVersion ||
        !current.synced ||
        !serverStoredOwnEdits(current.awareness, doc)
      )
        return 'saving';
      return 'saved';
    };

    const sendProbe = () => {
      probeTimer = null;
      const current = provider;
      const ws = current?.ws;
      if (!current || !ws || !current.wsconnected || ws.readyState !== 1) return;
      probeVersion = localVersion;
      probeSentAt = Date.now();
      if (probeWatchdog) clearTimeout(probeWatchdog);
      probeWatchdog = setTimeout(publish, PROBE_UNANSWERED_MS);
      current.synced = false;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      ws.send(encoding.toUint8Array(encoder));
      publish();
    };

    const scheduleProbe = (delay = SAVE_PROBE_DELAY_MS) => {
      if (probeTimer) clearTimeout(probeTimer);
      probeTimer = setTimeout(sendProbe, delay);
    };

    // y-indexeddb writes each update in its own read/write transaction, opened in its 'update'
    // handler (registered before ours). IndexedDB starts a later transaction on the same store only
    // after the earlier read/write ones have finished, so when this empty one completes, every
    // edit up to `version` is on disk. Before the database is open, y-indexeddb stores the whole
    // document once it is (whenSynced).
    const confirmStored = (version: number) => {
      const db = persistence.db;
      if (!db) {
        void persistence.whenSynced.then(() => confirmStored(version));
        return;
      }
      const transaction = db.transaction(['updates'], 'readonly');
      transaction.oncomplete = () => {
        storedVersion = Math.max(storedVersion, version);
        publish();
      };
    };

    const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === persistence) return;
      localVersion += 1;
      confirmStored(localVersion);
      scheduleProbe();
      publish();
    };
    doc.on('update', onDocUpdate);

    void persistence.whenSynced.then(() => {
      localRestored = SECTION_KEYS.some((key) => doc.getXmlFragment(key).length > 0);
      // Offline editing of a restored text must type into the shared placeholders, never into
      // paragraphs of its own (the same bytes the server adds, so nothing doubles on sync).
      if (localRestored) ensureSectionStructure(doc);
      publish();
    });

    const fetchToken = async (): Promise<string> => {
      if (prefetched && Date.parse(prefetched.expiresAt) - Date.now() > 10_000) {
        const { token } = prefetched;
        prefetched = null;
        return token;
      }
      const result = await postJson<TokenResponse>(
        `/api/vorlagen/${encodeURIComponent(vorlageId)}/collab-token`,
        {},
      );
      if (!result.ok) throw new Error(result.error.message);
      mode = result.data.mode;
      return result.data.token;
    };

    const start = async (attempt: number): Promise<void> => {
      const result = await postJson<TokenResponse>(
        `/api/vorlagen/${encodeURIComponent(vorlageId)}/collab-token`,
        {},
      );
      if (disposed) return;
      if (!result.ok) {
        // The app is not reachable (or refuses): try again with a growing pause.
        setTimeout(() => void start(attempt + 1), Math.min(500 * 2 ** attempt, 5000));
        return;
      }
      prefetched = result.data;
      mode = result.data.mode;
      const current = createCollabProvider({
        serverUrl: result.data.url,
        vorlageId,
        doc,
        fetchToken,
        WebSocket: window.WebSocket as never,
      });
      provider = current;
      current.shouldReconnect = (event: CloseEvent) =>
        RETRYABLE_CLOSE_CODES.has(event.code) || !(event.code >= 4400 && event.code < 4500);
      stopAwarenessThrottle = throttleAwareness(current, doc);
      current.awareness.setLocalStateField('user', {
        name: user.displayName,
        office: user.officeName,
        color: user.color,
      });
      current.on('status', ({ status }) => {
        if (status === 'connected') {
          connectProbePending = true;
          probeVersion = null;
        }
        publish();
      });
      current.on('sync', (synced: boolean) => {
        if (synced) {
          everSynced = true;
          ensureSectionStructure(doc);
          if (connectProbePending) {
            // The first sync after connecting does not yet prove that the server has our edits.
            connectProbePending = false;
            scheduleProbe(0);
          } else if (probeVersion !== null) {
            ackedVersion = Math.max(ackedVersion, probeVersion);
            probeVersion = null;
            if (localVersion > ackedVersion) scheduleProbe();
          }
        }
        publish();
      });
      current.on('closed', ({ code, reason }) => {
        refusal = reason || `Code ${code}`;
        publish();
      });
      current.awareness.on('change', publish);
      publish();
    };
    void start(0);

    const onOnlineChange = () => {
      // Back online with a probe still unanswered: the old socket is dead, open a new one now
      // instead of waiting for the provider's 30-second watchdog.
      if (
        navigator.onLine &&
        provider &&
        probeVersion !== null &&
        Date.now() - probeSentAt >= PROBE_UNANSWERED_MS / 2
      ) {
        probeVersion = null;
        provider.disconnect();
        provider.connect();
      }
      publish();
    };
    window.addEventListener('online', onOnlineChange);
    window.addEventListener('offline', onOnlineChange);

    return () => {
      disposed = true;
      if (probeTimer) clearTimeout(probeTimer);
      if (probeWatchdog) clearTimeout(probeWatchdog);
      window.removeEventListener('online', onOnlineChange);
      window.removeEventListener('offline', onOnlineChange);
      doc.off('update', onDocUpdate);
      stopAwarenessThrottle?.();
      provider?.destroy();
      void persistence.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [vorlageId, user.userId, user.displayName, user.officeName, user.color]);

  return session;
}

/**
 * Replaces the provider's awareness sender (one frame per caret move, echoing everyone's entries)
 * by one that sends only this client's state, at most every AWARENESS_INTERVAL_MS: fast typing
 * must not trip the server's awareness rate limit.
 */
function throttleAwareness(provider: WebsocketProvider, doc: Y.Doc): () => void {
  const { awareness } = provider;
  const stock = (provider as unknown as { _awarenessUpdateHandler: (...args: unknown[]) => void })
    ._awarenessUpdateHandler;
  awareness.off('update', stock);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== 1) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
    );
    ws.send(encoding.toUint8Array(encoder));
  };
  const onUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }) => {
    const mine = [...added, ...updated, ...removed].includes(doc.clientID);
    if (mine && timer === null) timer = setTimeout(flush, AWARENESS_INTERVAL_MS);
  };
  awareness.on('update', onUpdate);
  return () => {
    awareness.off('update', onUpdate);
    if (timer) clearTimeout(timer);
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
