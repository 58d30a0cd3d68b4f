// One client connection: routes its frames (sync, awareness) to its document, enforcing
// read-only, message size, rates and awareness ownership. Any violation closes only this socket.
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket, RawData } from 'ws';
import type { Logger } from 'pino';
import type { TextAuthor } from '../domain/text/text-events';
import { CloseCode, closeReason } from './close-codes';
import { ALLOWED_ROOTS, type CollabDocument, type DocumentConnection } from './document';
import type { Pingable } from './heartbeat';
import { TokenBucket, type CollabLimits } from './limits';
import { IncompleteUpdateError, InvalidUpdateError } from './update-guard';
import { ProposalRightsError } from './proposal-guard';
import { proposesOnly } from '../domain/vorlage/authorization';
import { SERVER_AWARENESS_KEY, claimsServerEntry } from '../editor/server-awareness';
import type { CollabMetrics } from './metrics';
import {
  ForbiddenUpdateError,
  ProtocolError,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessEntries,
  type AwarenessEntry,
  encodeSyncStep1,
  encodeSyncStep2,
  validateUpdate,
} from './protocol';

/** An empty Yjs update (no structs, no deletions) is two zero bytes. */
const EMPTY_UPDATE_BYTES = 2;

export interface ConnectionGrant {
  readonly vorlageId: string;
  readonly userId: string;
  readonly officeId: string;
  readonly name: string;
  readonly role: string;
  readonly mode: 'rw' | 'ro';
  /** The client asked for stored reports as binary frames (editor/stored-report.ts). */
  readonly binaryStoredReports: boolean;
}

export class Connection implements DocumentConnection, Pingable {
  readonly author: TextAuthor;
  readonly awarenessIds = new Set<number>();
  readonly editingClientIds = new Set<number>();
  readonly proposeOnly: boolean;
  readonly binaryStoredReports: boolean;
  isAlive = true;
  private document: CollabDocument | null = null;
  private queued: Uint8Array[] | null = [];
  private closed = false;
  /** Rights changed while open: nothing from this connection is applied any more. */
  private writeRevoked = false;
  private readonly awarenessBucket: TokenBucket;
  private readonly awarenessMessageBucket: TokenBucket;
  private readonly updateBucket: TokenBucket;

  constructor(
    readonly socket: WebSocket,
    readonly grant: ConnectionGrant,
    private readonly deps: {
      readonly limits: CollabLimits;
      readonly metrics: CollabMetrics;
      readonly logger: Logger;
      readonly nowMs: () => number;
    },
  ) {
    this.author = { userId: grant.userId, officeId: grant.officeId };
    this.proposeOnly = proposesOnly(grant.role);
    this.binaryStoredReports = grant.binaryStoredReports;
    const { limits, nowMs } = deps;
    this.awarenessBucket = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst, nowMs);
    const echoes = limits.awarenessPerSecond * limits.maxConnectionsPerDocument;
    this.awarenessMessageBucket = new TokenBucket(echoes, echoes * 2, nowMs);
    this.updateBucket = new TokenBucket(
      limits.updateBytesPerSecond,
      limits.updateBytesBurst,
      nowMs,
    );
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('pong', () => {
      this.isAlive = true;
    });
  }

  /** The token allows writing and no rights change revoked it since. */
  get tokenAllowsWrite(): boolean {
    return this.grant.mode === 'rw' && !this.writeRevoked;
  }

  /** From now on this connection only reads (its updates are dropped like a read-only token's). */
  revokeWrite(): void {
    this.writeRevoked = true;
  }

  get documentOrNull(): CollabDocument | null {
    return this.document;
  }

  /** The document is loaded: attach and process what arrived meanwhile. */
  ready(document: CollabDocument): void {
    if (this.closed) return;
    this.document = document;
    document.attach(this);
    const queued = this.queued ?? [];
    this.queued = null;
    for (const frame of queued) {
      if (this.closed) break;
      this.process(frame);
    }
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.deps.limits.maxBufferedBytes) {
      this.close(CloseCode.unavailable, 'client too slow');
      return;
    }
    this.socket.send(frame, { binary: true });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.metrics.connectionClosed(code);
    this.socket.close(code, closeReason(reason));
    // A peer that does not complete the closing handshake is cut off.
    setTimeout(() => this.terminate(), 5000).unref();
  }

  /** Heartbeat: asks the peer for a pong (which sets `isAlive`). */
  ping(): void {
    this.socket.ping();
  }

  /** Cuts the peer off without a closing handshake (a missed pong, an unanswered close, shutdown). */
  terminate(): void {
    this.socket.terminate();
  }

  markClosed(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.close(CloseCode.badMessage, 'text frames are not part of the protocol');
      return;
    }
    const frame = toUint8Array(data);
    if (frame.byteLength > this.deps.limits.maxMessageBytes) {
      this.close(
        CloseCode.tooLarge,
        `message larger than ${this.deps.limits.maxMessageBytes} bytes`,
      );
      return;
    }
    if (this.queued !== null) {
      if (this.queued.length >= this.deps.limits.maxQueuedMessagesWhileLoading) {
        this.close(CloseCode.rateLimited, 'too many messages while the document loads');
        return;
      }
      this.queued.push(frame);
      return;
    }
    this.process(frame);
  }

  private process(frame: Uint8Array): void {
    const document = this.document;
    if (!document) return;
    try {
      const message = decodeClientMessage(frame);
      switch (message.kind) {
        case 'syncStep1':
          this.send(encodeSyncStep2(document.ydoc, message.stateVector));
          return;
        case 'syncStep2':
        case 'update':
          this.receiveUpdate(document, message.update);
          return;
        case 'awareness':
          this.receiveAwareness(document, message.update);
          return;
        case 'queryAwareness': {
          const clients = [...document.awareness.getStates().keys()];
          this.send(encodeAwareness(document.awareness, clients));
          return;
        }
      }
    } catch (error) {
      if (error instanceof ForbiddenUpdateError) {
        this.close(CloseCode.forbidden, error.message);
        return;
      }
      // Anything else a frame provokes (also inside Yjs) is a bad message, never a crash.
      this.deps.logger.info(
        {
          vorlageId: this.grant.vorlageId,
          userId: this.grant.userId,
          reason: (error as Error).message,
        },
        'closing connection after a bad message',
      );
      this.close(
        CloseCode.badMessage,
        error instanceof ProtocolError ? error.message : 'bad message',
      );
    }
  }

  private receiveUpdate(document: CollabDocument, update: Uint8Array): void {
    if (!document.canWrite(this)) {
      if (update.byteLength > EMPTY_UPDATE_BYTES) document.countDroppedReadOnly();
      return;
    }
    if (!this.updateBucket.take(update.byteLength)) {
      this.close(CloseCode.rateLimited, 'too many update bytes per second');
      return;
    }
    try {
      validateUpdate(update, ALLOWED_ROOTS);
      document.applyClientUpdate(this, update);
    } catch (error) {
      this.refuseUpdate(document, error);
      return;
    }
    this.deps.metrics.updateReceived();
  }

  /** A refused update reached nobody and is never stored; the sender is told why (or resynced). */
  private refuseUpdate(document: CollabDocument, error: unknown): void {
    const reason =
      error instanceof ForbiddenUpdateError
        ? 'unknownRoot'
        : error instanceof InvalidUpdateError
          ? 'invalidContent'
          : error instanceof IncompleteUpdateError
            ? 'incomplete'
            : error instanceof ProposalRightsError
              ? 'proposalRights'
              : null;
    if (reason === null) throw error;
    this.deps.metrics.updateRefused(reason);
    this.deps.logger.warn(
      {
        vorlageId: this.grant.vorlageId,
        userId: this.grant.userId,
        reason,
        detail: (error as Error).message,
        ...(error instanceof ProposalRightsError ? { diagnosis: error.diagnosis } : {}),
      },
      'update refused',
    );
    if (error instanceof IncompleteUpdateError) {
      // Honest after the server reloaded from the store: the reply to step 1 carries everything.
      this.send(encodeSyncStep1(document.ydoc));
      return;
    }
    if (error instanceof ForbiddenUpdateError || error instanceof ProposalRightsError)
      this.close(CloseCode.forbidden, error.message);
    else this.close(CloseCode.invalidUpdate, (error as Error).message);
  }

  private receiveAwareness(document: CollabDocument, update: Uint8Array): void {
    if (update.byteLength > this.deps.limits.maxAwarenessBytes) {
      this.close(CloseCode.tooLarge, 'awareness update too large');
      return;
    }
    // Every stock provider echoes every awareness change it receives, so a connection's message
    // rate grows with the number of peers: the generous bound covers echoes, the strict one only
    // messages that change this connection's own entries.
    if (!this.awarenessMessageBucket.take()) {
      this.close(CloseCode.rateLimited, 'too many awareness messages');
      return;
    }
    // The stock provider echoes every awareness change it sees, including other clients' entries;
    // those echoes are dropped, so a connection only ever changes its own entries.
    const own: AwarenessEntry[] = [];
    let controlled = this.awarenessIds.size;
    for (const entry of decodeAwarenessUpdate(update)) {
      if (!this.awarenessIds.has(entry.clientId)) {
        if (entry.state === null || document.awarenessOwnedByOther(this, entry.clientId)) continue;
        if (++controlled > this.deps.limits.maxAwarenessClientsPerConnection) {
          throw new ForbiddenUpdateError('too many awareness clients on one connection');
        }
      }
      refuseServerClaim(entry);
      own.push(entry);
    }
    if (own.length === 0) return;
    if (!this.awarenessBucket.take()) {
      this.close(CloseCode.rateLimited, 'too many awareness updates');
      return;
    }
    awarenessProtocol.applyAwarenessUpdate(document.awareness, encodeAwarenessEntries(own), this);
    // Also after a reconnect, when y-protocols ignores the entry (same clock as before it left).
    for (const entry of own) {
      if (entry.state !== null) document.reportStoredOnArrival(this, entry.clientId);
    }
  }
}

/** Only the server publishes its entry (lock and save state); clients read the first they find. */
function refuseServerClaim(entry: AwarenessEntry): void {
  if (claimsServerEntry(entry.state)) {
    throw new ForbiddenUpdateError(`awareness entry uses the server's key ${SERVER_AWARENESS_KEY}`);
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
