// The runner's HTTP face: health for the supervisor, `/changes` (Server-Sent Events after every
// committed batch) for live views, `/wait` for read-your-writes. Only health answers without the
// shared secret (PROJECTIONS_SECRET as a bearer token): the app authorizes browsers and proxies.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../platform/logger';
import {
  CHANGE_EVENT,
  filterChanges,
  HELLO_EVENT,
  PROJECTIONS_PROTOCOL_VERSION,
  WaitQuerySchema,
  type ChangeFilter,
  type ChangeMessage,
  type HelloMessage,
  type WaitResponse,
} from './protocol';
import type { BatchCommitted, RunnerStatus } from './runner';

/** What the server needs from the runner (ProjectionRunner satisfies it). */
export interface RunnerView {
  readonly status: RunnerStatus;
  readonly isCaughtUp: boolean;
  readonly position: bigint | null;
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean>;
  onCommitted(listener: (batch: BatchCommitted) => void): () => void;
}

export interface ProjectionsHttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Ends every open `/changes` stream and stops listening. */
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;

export function createProjectionsHttpServer(options: {
  runner: RunnerView;
  logger: Logger;
  /** Every request but health must carry `authorization: Bearer <secret>`. */
  secret: string;
  heartbeatMs?: number;
}): ProjectionsHttpServer {
  const { runner, logger } = options;
  const expectedAuthorization = Buffer.from(`Bearer ${options.secret}`);
  const streams = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendJson(response, 405, { error: 'method_not_allowed' });
    }
    switch (url.pathname) {
      case '/health/live':
        return sendJson(response, 200, { status: 'ok' });
      case '/health/ready':
        return ready(response);
    }
    if (!authorized(request)) {
      response.setHeader('www-authenticate', 'Bearer');
      return sendJson(response, 401, { error: 'unauthorized' });
    }
    switch (url.pathname) {
      case '/changes':
        return openChangeStream(request, response, url);
      case '/wait':
        return void wait(response, url).catch((error: unknown) => {
          logger.error({ err: error }, '/wait failed');
          if (!response.headersSent) sendJson(response, 500, { error: 'internal' });
        });
      default:
        return sendJson(response, 404, { error: 'not_found' });
    }
  });

  function authorized(request: IncomingMessage): boolean {
    const given = Buffer.from(request.headers.authorization ?? '');
    return (
      given.length === expectedAuthorization.length && timingSafeEqual(given, expectedAuthorization)
    );
  }

  function ready(response: ServerResponse): void {
    const isReady = runner.isCaughtUp && runner.status === 'running';
    sendJson(response, isReady ? 200 : 503, {
      status: isReady ? 'ready' : runner.status === 'failed' ? 'failed' : 'catching_up',
      position: runner.position?.toString() ?? null,
    });
  }

  async function wait(response: ServerResponse, url: URL): Promise<void> {
    const query = WaitQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      return sendJson(response, 400, { error: 'invalid_query', issues: query.error.issues });
    }
    if (runner.status === 'failed') return sendJson(response, 503, { error: 'runner_failed' });
    const reached = await runner.waitForPosition(BigInt(query.data.position), query.data.timeoutMs);
    const body: WaitResponse = { reached, position: runner.position?.toString() ?? null };
    sendJson(response, reached ? 200 : 408, body);
  }

  function openChangeStream(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const filter: ChangeFilter = {
      readModels: url.searchParams.getAll('readModel'),
      keys: url.searchParams.getAll('key'),
    };
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    const hello: HelloMessage = {
      protocolVersion: PROJECTIONS_PROTOCOL_VERSION,
      position: runner.position?.toString() ?? null,
      caughtUp: runner.isCaughtUp,
    };
    response.write(`retry: 2000\nevent: ${HELLO_EVENT}\ndata: ${JSON.stringify(hello)}\n\n`);
    streams.add(response);
    const unsubscribe = runner.onCommitted((batch) => {
      const message = filterChanges(toMessage(batch), filter);
      if (message === null) return;
      response.write(
        `id: ${message.position}\nevent: ${CHANGE_EVENT}\ndata: ${JSON.stringify(message)}\n\n`,
      );
    });
    const heartbeat = setInterval(
      () => response.write(': keep-alive\n\n'),
      options.heartbeatMs ?? HEARTBEAT_MS,
    );
    const cleanUp = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    };
    request.once('close', cleanUp);
    response.once('close', cleanUp);
  }

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

function toMessage(batch: BatchCommitted): ChangeMessage {
  return {
    position: batch.position.toString(),
    changes: batch.changes.map((change) => ({
      readModel: change.readModel,
      keys: [...change.keys],
    })),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}
