// The collab server factory: composes authentication, connections, the document registry,
// persistence, limits, metrics and HTTP on one port. No module state: every instance is separate.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { authenticateUpgrade } from './auth';
import { importCollabTokenKey } from '../platform/collab-token';
import { CloseCode } from './close-codes';
import { Connection, type ConnectionGrant } from './connection';
import {
  ConnectionCounter,
  DEFAULT_LIMITS,
  webSocketServerOptions,
  type CollabLimits,
} from './limits';
import { CollabMetrics, type MetricsSnapshot } from './metrics';
import { handleHttpRequest } from './http';
import { DEFAULT_PERSISTENCE, type PersistenceConfig } from './persistence';
import type { Worker } from 'node:worker_threads';
import { Heartbeat } from './heartbeat';
import { PersistenceHost, type WorkerRestartPolicy } from './persistence-host';
import type { CollabDocument } from './document';
import { DocumentRegistry, UnknownDocumentError } from './registry';
import { warmUpRelay } from './relay-warmup';
import type { TextStore } from './text-store';
import type { Access, LiveRights, RightsChange } from './live-rights';

export interface CollabServerOptions {
  readonly tokenSecret: string;
  readonly allowedOrigins: readonly string[];
  readonly textStore: TextStore;
  /**
   * The event store the persistence worker appends to with its own client. Without it the worker
   * hands each append to `textStore` on this thread (tests inject stores that fail or lag).
   */
  readonly eventStoreConnectionString?: string;
  readonly logger: Logger;
  readonly limits?: Partial<CollabLimits>;
  readonly persistence?: Partial<PersistenceConfig>;
  /** How a persistence worker that died is restarted (defaults: DEFAULT_WORKER_RESTART). */
  readonly persistenceWorkerRestart?: Partial<WorkerRestartPolicy>;
  /** The persistence worker thread's nice value (default 10; 0 keeps the process's priority). */
  readonly persistenceWorkerNice?: number;
  /**
   * How long the relay thread and the first persistence worker warm up, side by side, before the
   * server listens (relay-warmup.ts, persistence-warmup.ts); default 0: not at all.
   */
  readonly warmUpMs?: number;
  /** Sees every persistence worker as it starts (tests terminate it to check the restart). */
  readonly onPersistenceWorker?: (worker: Worker) => void;
  /** How long a document without connections stays loaded. */
  readonly unloadGraceMs?: number;
  readonly pingIntervalMs?: number;
  /** Longest shutdown waits for the store to take the last edits. */
  readonly flushTimeoutMs?: number;
  readonly now?: () => Date;
  /** Seam for authorization beyond the token (e.g. a revoked user); a throw refuses with 403. */
  readonly onAuthenticated?: (grant: ConnectionGrant) => Promise<void> | void;
  /**
   * Live rights: checked on the upgrade and again once attached, and followed through the store,
   * so a deactivated user, a changed role or a withdrawn Vorlage takes effect on open sockets.
   * Without it, the token alone decides (tests of the protocol).
   */
  readonly rights?: LiveRights;
}

export interface CollabServer {
  readonly httpServer: Server;
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  metrics(): MetricsSnapshot;
  /** Stops accepting, closes connections (1012), flushes every document, releases the store watch. */
  close(): Promise<{ flushed: boolean }>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Close code 1012 "service restart": the stock provider reconnects (to this or another instance). */
const CLOSE_SERVICE_RESTART = 1012;
/** How often documents re-check whether their pending edits count as unsaved. */
const SAVE_STATE_INTERVAL_MS = 250;

export function createCollabServer(options: CollabServerOptions): CollabServer {
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const persistence: PersistenceConfig = { ...DEFAULT_PERSISTENCE, ...options.persistence };
  const now = options.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const logger = options.logger;
  const connections = new Set<Connection>();
  // A socket that missed a pong since its last ping is dead; pinged a slice at a time.
  const heartbeat = new Heartbeat<Connection>(options.pingIntervalMs ?? 30_000);
  const perDocument = new ConnectionCounter(limits.maxConnectionsPerDocument);
  const perUser = new ConnectionCounter(limits.maxConnectionsPerUser);
  let accepting = false;
  const tokenKey = importCollabTokenKey(options.tokenSecret);
  let closing: Promise<{ flushed: boolean }> | null = null;

  const metrics = new CollabMetrics(
    {
      connections: () => connections.size,
      loadedDocuments: () => registry.size,
      pendingUpdates: () => sumDocuments((document) => document.persister.pendingCount),
      unsavedDocuments: () => persistenceHost.pendingDocuments.count,
      failingDocuments: () => sumDocuments((document) => (document.persister.failing ? 1 : 0)),
      oldestPendingAt: () => {
        let oldest: number | null = null;
        for (const document of registry.all()) {
          const at = document.persister.oldestPendingAt;
          if (at !== null && (oldest === null || at < oldest)) oldest = at;
        }
        return oldest;
      },
      persistenceWorkerUp: (): boolean => persistenceHost.workerUp,
    },
    nowMs,
  );
  const warmUpMs = options.warmUpMs ?? 0;
  const persistenceHost: PersistenceHost = new PersistenceHost({
    config: persistence,
    connectionString: options.eventStoreConnectionString ?? null,
    textStore: options.textStore,
    metrics,
    logger,
    nowMs,
    ...(options.persistenceWorkerRestart ? { restart: options.persistenceWorkerRestart } : {}),
    ...(options.persistenceWorkerNice !== undefined
      ? { workerNice: options.persistenceWorkerNice }
      : {}),
    warmUpMs,
    ...(options.onPersistenceWorker ? { onWorker: options.onPersistenceWorker } : {}),
  });
  const registry: DocumentRegistry = new DocumentRegistry(
    {
      store: options.textStore,
      persistence: persistenceHost,
      metrics,
      logger,
      unloadGraceMs: options.unloadGraceMs ?? 30_000,
      flushTimeoutMs: options.flushTimeoutMs ?? 10_000,
      ...(options.rights ? { editingOpen: options.rights.editingOpen } : {}),
      ...(options.rights?.decidedProposals
        ? { decidedProposals: options.rights.decidedProposals }
        : {}),
    },
    logger,
  );
  const sumDocuments = (value: (document: CollabDocument) => number) => {
    let sum = 0;
    for (const document of registry.all()) sum += value(document);
    return sum;
  };

  const wss = new WebSocketServer({ noServer: true, ...webSocketServerOptions(limits) });
  const httpServer = createServer((request, response) =>
    handleHttpRequest(request, response, {
      ready: () => accepting,
      persistenceUp: () => persistenceHost.workerUp,
      documentsNotDurable: () =>
        sumDocuments((document) => (document.persister.unsaved(nowMs()) ? 1 : 0)),
      metrics: () => metrics.snapshot(),
    }),
  );

  const refuse = (socket: Duplex, status: number, reason: string) => {
    metrics.upgradeRefused(status);
    const body = `${reason}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  const onUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.debug({ err: error }, 'upgrade socket error'));
    if (!accepting) return refuse(socket, 503, 'server is shutting down');
    const decision = await authenticateUpgrade(request, {
      tokenKey: await tokenKey,
      allowedOrigins: options.allowedOrigins,
      now,
    });
    if (!decision.ok) {
      logger.info({ status: decision.status, reason: decision.reason }, 'upgrade refused');
      return refuse(socket, decision.status, decision.reason);
    }
    const { grant } = decision;
    const generation = rightsGeneration;
    let access: Access = { kind: grant.mode === 'rw' ? 'write' : 'read' };
    try {
      await options.onAuthenticated?.(grant);
      if (options.rights) access = await options.rights.accessOf(grant);
      if (access.kind === 'revoked') throw new Error(access.reason);
    } catch (error) {
      logger.info(
        { vorlageId: grant.vorlageId, userId: grant.userId, err: error },
        'upgrade refused by hook',
      );
      return refuse(socket, 403, 'forbidden');
    }
    if (!accepting) return refuse(socket, 503, 'server is shutting down');
    if (socket.destroyed) return;
    if (perDocument.wouldExceed(grant.vorlageId))
      return refuse(socket, 429, 'too many connections to this document');
    if (perUser.wouldExceed(grant.userId))
      return refuse(socket, 429, 'too many connections of this user');
    perDocument.add(grant.vorlageId);
    perUser.add(grant.userId);
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, grant, access, generation));
  };

  /** `access` was decided when the rights had seen `generation` changes. */
  const onConnection = (
    ws: WebSocket,
    grant: ConnectionGrant,
    access: Access,
    generation: number,
  ) => {
    const connection = new Connection(ws, grant, { limits, metrics, logger, nowMs });
    // E.g. an `rw` token of a withdrawn Vorlage: it reads.
    if (access.kind === 'read') connection.revokeWrite();
    connections.add(connection);
    heartbeat.add(connection);
    const log = { vorlageId: grant.vorlageId, userId: grant.userId, mode: grant.mode };
    ws.on('error', (error) => logger.debug({ ...log, err: error }, 'socket error'));
    ws.on('close', (code) => {
      connection.markClosed();
      connections.delete(connection);
      heartbeat.remove(connection);
      perDocument.remove(grant.vorlageId);
      perUser.remove(grant.userId);
      const document = connection.documentOrNull;
      if (document) {
        document.detach(connection);
        registry.released(document);
      }
      logger.debug({ ...log, code }, 'connection closed');
    });
    registry.acquire(grant.vorlageId).then(
      (document) => {
        if (ws.readyState !== ws.OPEN) {
          registry.released(document);
          return;
        }
        connection.ready(document);
        logger.debug(log, 'connection ready');
        // A rights change handled between the upgrade's check and now may have missed this
        // connection or its document (loading then): check both again.
        if (rightsGeneration !== generation) {
          void enqueueRightsWork(async () => {
            const rights = options.rights;
            if (!rights) return;
            document.setEditingOpen(await rights.editingOpen(grant.vorlageId));
            await recheckConnection(connection);
          });
        }
      },
      (error: unknown) => {
        if (error instanceof UnknownDocumentError) {
          connection.close(CloseCode.unknownDocument, 'unknown Vorlage');
          return;
        }
        logger.error({ ...log, err: error }, 'loading the document failed; connection refused');
        connection.close(CloseCode.unavailable, 'document could not be loaded');
      },
    );
  };

  httpServer.on('upgrade', (request, socket, head) => {
    onUpgrade(request, socket, head).catch((error: unknown) => {
      logger.error({ err: error }, 'upgrade failed');
      if (!socket.destroyed) refuse(socket, 503, 'internal error');
    });
  });

  // Clients learn within a fraction of a second when their edits stop (or start) being durable.
  const saveStateTimer = setInterval(() => {
    const at = nowMs();
    for (const document of registry.all()) document.refreshSaveState(at);
  }, SAVE_STATE_INTERVAL_MS);
  saveStateTimer.unref();

  // One subscription for the lock markers of every text stream; a loaded document reacts at once.
  let stopWatchingMarkers: (() => Promise<void>) | null = null;
  const watchMarkers = () => {
    stopWatchingMarkers = options.textStore.watchMarkers(
      (vorlageId, kind, revision) => registry.get(vorlageId)?.onMarker(kind, revision),
      (error) => {
        if (closing) return;
        logger.error(
          { err: error },
          'marker subscription failed; resubscribing and re-reading loaded documents',
        );
        setTimeout(() => {
          if (closing) return;
          watchMarkers();
          for (const document of registry.all()) void document.resyncFromStore();
        }, 1000).unref();
      },
    );
  };

  // Rights changes are handled one at a time, in the order the store reports them.
  let rightsWork: Promise<void> = Promise.resolve();
  /** Counts handled rights changes: a connection set up across one is checked again. */
  let rightsGeneration = 0;
  const enqueueRightsWork = (task: () => Promise<void>): Promise<void> => {
    rightsWork = rightsWork.then(task).catch((error: unknown) => {
      logger.error({ err: error }, 'checking rights failed');
    });
    return rightsWork;
  };

  const applyAccess = (connection: Connection, access: Access) => {
    if (access.kind === 'write') return;
    const log = { vorlageId: connection.grant.vorlageId, userId: connection.grant.userId };
    if (connection.tokenAllowsWrite) {
      connection.revokeWrite();
      logger.info({ ...log, access: access.kind }, 'write access revoked on an open connection');
    }
    if (access.kind === 'revoked') {
      metrics.rightsRevoked++;
      connection.close(access.code, access.reason);
    }
  };

  const recheckConnection = async (connection: Connection) => {
    if (!options.rights || connection.isClosed) return;
    applyAccess(connection, await options.rights.accessOf(connection.grant));
  };

  const onRightsChange = async (change: RightsChange) => {
    const rights = options.rights;
    if (!rights) return;
    if (change.kind === 'proposalDecided') {
      registry.proposalDecided(change.vorlageId, change);
      return;
    }
    rightsGeneration++;
    if (change.kind === 'vorlage') {
      const document = registry.get(change.vorlageId);
      if (!document) return;
      document.setEditingOpen(await rights.editingOpen(change.vorlageId));
    }
    const concerned = [...connections].filter((connection) =>
      change.kind === 'vorlage'
        ? connection.grant.vorlageId === change.vorlageId
        : connection.grant.userId === change.userId,
    );
    await Promise.all(concerned.map((connection) => recheckConnection(connection)));
  };

  /** After the subscription failed, changes may have been missed: check everything open. */
  const recheckEverything = async () => {
    const rights = options.rights;
    if (!rights) return;
    rightsGeneration++;
    for (const document of registry.all())
      document.setEditingOpen(await rights.editingOpen(document.vorlageId));
    await Promise.all([...connections].map((connection) => recheckConnection(connection)));
  };

  let stopWatchingRights: (() => Promise<void>) | null = null;
  const watchRights = () => {
    if (!options.rights) return;
    stopWatchingRights = options.rights.watch(
      (change) => enqueueRightsWork(() => onRightsChange(change)),
      (error) => {
        if (closing) return;
        logger.error({ err: error }, 'rights subscription failed; resubscribing and re-checking');
        setTimeout(() => {
          if (closing) return;
          watchRights();
          void enqueueRightsWork(recheckEverything);
        }, 1000).unref();
      },
    );
  };

  const shutdown = async (): Promise<{ flushed: boolean }> => {
    accepting = false;
    heartbeat.stop();
    clearInterval(saveStateTimer);
    for (const connection of connections)
      connection.close(CLOSE_SERVICE_RESTART, 'server restarting');
    const flushed = await registry.flushAll();
    if (!flushed)
      logger.error('shutdown: some edits could not be stored (clients still hold them)');
    await registry.destroyAll();
    await persistenceHost.close();
    await stopWatchingMarkers?.();
    await stopWatchingRights?.();
    for (const connection of connections) connection.terminate();
    wss.close();
    await new Promise<void>((resolve) => {
      httpServer.close(() => resolve());
      httpServer.closeAllConnections();
    });
    return { flushed };
  };

  /** A warm-up that fails costs speed, never the start. */
  const warmUpRelayThread = async () => {
    try {
      logger.info(
        await warmUpRelay({ budgetMs: warmUpMs, limits, logger }),
        'relay thread warmed up',
      );
    } catch (error) {
      logger.warn({ err: error }, 'relay thread warm-up failed; starting without');
    }
  };

  return {
    httpServer,
    // Accepting only once edits can be stored (the persistence worker has started).
    listen: async (port, host) => {
      // Side by side with the persistence worker's warm-up (on the other core).
      if (warmUpMs > 0) await warmUpRelayThread();
      await persistenceHost.ready;
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          watchMarkers();
          watchRights();
          accepting = true;
          const address = httpServer.address() as AddressInfo;
          logger.info({ port: address.port, host: address.address }, 'collab server listening');
          resolve({ port: address.port, host: address.address });
        });
      });
    },
    metrics: () => metrics.snapshot(),
    close: () => (closing ??= shutdown()),
  };
}
