// Client side of the collab connection, shared by the browser and Node tests: the stock
// y-websocket WebsocketProvider, with a WebSocket shim that fetches a fresh (two-minute) token
// before every connect and reconnect, so the provider's own backoff and sync stay unchanged,
// sends the client's awareness through an outbox (only its own entry, throttled), and asks for
// the server's "stored" reports as binary frames (stored-report.ts).
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AwarenessOutbox } from './awareness-outbox';
import { renewLocalEntry, renewOnceWithin } from './awareness-renewal';
import {
  MESSAGE_STORED,
  STORED_REPORTS_BINARY,
  STORED_REPORTS_PARAM,
  readStoredReport,
} from './stored-report';
import { serverEntryOf } from './server-awareness';

/** The parts of a WebSocket the provider uses (browser WebSocket and `ws` both fit). */
interface MinimalWebSocket {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  send(data: ArrayBufferLike | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

type WebSocketConstructor = new (url: string, protocols?: string | string[]) => MinimalWebSocket;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * The longest a reconnect waits on top of the provider's backoff. y-websocket's backoff has no
 * jitter: after a collab server restart every client would come back in the same instants and
 * the server would load every document at once (issue 22). A random wait of up to a second
 * spreads them; the first connect of a provider does not wait.
 */
export const RECONNECT_JITTER_MS = 1000;

export interface TokenWebSocketOptions {
  readonly awareness?: Awareness;
  /** In [0, 1): the reconnect jitter and the renewal phase (tests pin it). */
  readonly random?: () => number;
}

/**
 * A WebSocket class whose instances first fetch a token, then connect with `?token=`. Given an
 * awareness, each connection sends its awareness frames through an AwarenessOutbox and renews
 * the client's entry once at a random moment (awareness-renewal.ts), so that clients that connect
 * together do not renew together.
 */
export function tokenRefreshingWebSocket(
  fetchToken: () => Promise<string>,
  Base: WebSocketConstructor,
  { awareness, random = Math.random }: TokenWebSocketOptions = {},
): WebSocketConstructor {
  let connects = 0;
  return class TokenWebSocket implements MinimalWebSocket {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSED = CLOSED;
    readonly CONNECTING = CONNECTING;
    readonly OPEN = OPEN;
    readonly CLOSED = CLOSED;
    binaryType = 'arraybuffer';
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    private inner: MinimalWebSocket | null = null;
    private state = CONNECTING;
    private abandoned = false;
    private readonly outbox = awareness
      ? new AwarenessOutbox({ awareness, send: (frame) => this.sendNow(frame) })
      : null;
    private cancelRenewal: () => void = () => {};

    constructor(url: string, protocols?: string | string[]) {
      const jitter = connects++ === 0 ? 0 : Math.floor(random() * RECONNECT_JITTER_MS);
      const tokenReady =
        jitter === 0
          ? fetchToken()
          : new Promise<void>((resolve) => setTimeout(resolve, jitter)).then(() =>
              this.abandoned ? '' : fetchToken(),
            );
      tokenReady.then(
        (token) => {
          if (this.abandoned) return;
          const target = new URL(url);
          target.searchParams.set('token', token);
          const socket = new Base(target.toString(), protocols);
          socket.binaryType = this.binaryType;
          socket.onopen = (event) => {
            this.state = OPEN;
            // The server keeps the clock of an entry whose client left and ignores the same clock
            // again: without a new clock, the co-authors would not see this client back until
            // its caret moved (the provider's onopen sends the entry right after).
            if (awareness) {
              renewLocalEntry(awareness);
              this.cancelRenewal = renewOnceWithin(awareness, undefined, random);
            }
            this.onopen?.(event);
          };
          socket.onmessage = (event) => this.onmessage?.(event);
          socket.onerror = (event) => this.onerror?.(event);
          socket.onclose = (event) => {
            this.state = CLOSED;
            this.cancelRenewal();
            this.outbox?.dispose();
            this.onclose?.(event);
          };
          this.inner = socket;
        },
        (error: unknown) => {
          if (this.abandoned) return;
          this.state = CLOSED;
          this.onerror?.(error);
          // 4503 = try again later: the provider backs off and reconnects (with a new token).
          this.onclose?.({ code: 4503, reason: 'token unavailable', wasClean: false });
        },
      );
    }

    get readyState(): number {
      return this.inner?.readyState ?? this.state;
    }

    get bufferedAmount(): number {
      return this.inner?.bufferedAmount ?? 0;
    }

    send(data: ArrayBufferLike | Uint8Array): void {
      if (!this.outbox) this.sendNow(data);
      else this.outbox.offer(data instanceof Uint8Array ? data : new Uint8Array(data));
    }

    private sendNow(data: ArrayBufferLike | Uint8Array): void {
      if (this.inner?.readyState === OPEN) this.inner.send(data);
    }

    close(code?: number, reason?: string): void {
      this.abandoned = true;
      this.state = CLOSED;
      this.cancelRenewal();
      this.outbox?.dispose();
      this.inner?.close(code, reason);
    }
  };
}

export interface CollabProviderOptions {
  /** ws(s)://host:port of the collab server. */
  readonly serverUrl: string;
  readonly vorlageId: string;
  readonly doc: Y.Doc;
  /** Asks the app for a fresh collab token (called before every connect). */
  readonly fetchToken: () => Promise<string>;
  /** `WebSocket` in browsers; the `ws` package in Node. */
  readonly WebSocket: WebSocketConstructor;
  readonly awareness?: Awareness;
  readonly connect?: boolean;
  readonly maxBackoffTime?: number;
  /** In [0, 1): the reconnect jitter and the renewal phase (tests pin it). */
  readonly random?: () => number;
}

export function createCollabProvider(options: CollabProviderOptions): WebsocketProvider {
  const awareness = options.awareness ?? new Awareness(options.doc);
  const provider = new WebsocketProvider(options.serverUrl, options.vorlageId, options.doc, {
    connect: options.connect ?? true,
    awareness,
    params: { [STORED_REPORTS_PARAM]: STORED_REPORTS_BINARY },
    WebSocketPolyfill: tokenRefreshingWebSocket(options.fetchToken, options.WebSocket, {
      awareness,
      random: options.random,
    }) as unknown as typeof WebSocket,
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 2500,
  });
  const reports = new StoredReports();
  storedReports.set(provider, reports);
  // Set before the first message can arrive (the socket opens after the token is fetched).
  provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) =>
    reports.take(readStoredReport(decoder));
  return provider;
}

/** The stored reports (stored-report.ts) a provider of createCollabProvider received. */
export class StoredReports {
  private readonly clocks = new Map<number, number>();
  private readonly listeners = new Set<() => void>();

  /** The clock up to which the server reported `clientId`'s edits stored (0: none yet). */
  clockOf(clientId: number): number {
    return this.clocks.get(clientId) ?? 0;
  }

  /** Calls `listener` after every report; returns the unsubscribe. */
  onReport(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  take(clocks: ReadonlyMap<number, number>): void {
    for (const [clientId, clock] of clocks) {
      // Stored stays stored: a report never moves a clock back.
      if (clock > this.clockOf(clientId)) this.clocks.set(clientId, clock);
    }
    for (const listener of this.listeners) listener();
  }
}

const storedReports = new WeakMap<WebsocketProvider, StoredReports>();

/** The stored reports of a provider made by createCollabProvider; undefined for a stock one. */
export function storedReportsOf(provider: WebsocketProvider): StoredReports | undefined {
  return storedReports.get(provider);
}

/** The lock state the collab server publishes in its awareness entry (editor/server-awareness.ts). */
export function isEditingLocked(awareness: Awareness): boolean {
  return serverEntryOf(awareness)?.editingLocked === true;
}

/** The collab server says edits it holds are not stored yet (the store fails or lags). */
export function isServerUnsaved(awareness: Awareness): boolean {
  return serverEntryOf(awareness)?.unsaved === true;
}

/**
 * The collab server has stored every edit this client made (its own client id's clock): from its
 * binary stored reports, or from its awareness entry (servers answering a stock provider). Servers
 * that report neither count as having stored everything.
 */
export function serverStoredOwnEdits(provider: WebsocketProvider, doc: Y.Doc): boolean {
  const own = Y.getState(doc.store, doc.clientID);
  if (own === 0) return true;
  if ((storedReportsOf(provider)?.clockOf(doc.clientID) ?? 0) >= own) return true;
  const stored = serverEntryOf(provider.awareness)?.stored;
  if (typeof stored !== 'object' || stored === null) return true;
  const clock = stored[String(doc.clientID)];
  return typeof clock === 'number' && clock >= own;
}
