// Plain HTTP on the WebSocket's port: liveness, readiness and metrics (Prometheus text, or JSON
// with ?format=json). Request URLs are not logged: WebSocket URLs carry tokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderPrometheus, type MetricsSnapshot } from './metrics';

export interface HttpState {
  /** Accepting connections (false while stopping). */
  ready(): boolean;
  /** The persistence worker is up (it is restarted when it dies). */
  persistenceUp(): boolean;
  /** Documents whose pending edits are not durable (the store fails or lags). */
  documentsNotDurable(): number;
  metrics(): MetricsSnapshot;
}

export function handleHttpRequest(
  request: IncomingMessage,
  response: ServerResponse,
  state: HttpState,
): void {
  const url = new URL(request.url ?? '/', 'http://collab.invalid');
  const json = (status: number, body: unknown) => {
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    json(405, { error: 'method not allowed' });
    return;
  }
  switch (url.pathname) {
    case '/health/live':
      json(200, { status: 'live' });
      return;
    case '/health/ready': {
      // Not ready while stopping, or while holding edits it cannot store: an operator (or a
      // balancer) sees at once that the store is failing for this instance.
      const { persistenceLagSeconds } = state.metrics();
      const documentsNotDurable = state.documentsNotDurable();
      const details = { documentsNotDurable, oldestUnsavedSeconds: persistenceLagSeconds };
      if (!state.ready()) json(503, { status: 'stopping', ...details });
      else if (!state.persistenceUp()) json(503, { status: 'persistence worker down', ...details });
      else if (documentsNotDurable > 0) json(503, { status: 'persistence failing', ...details });
      else json(200, { status: 'ready', ...details });
      return;
    }
    case '/metrics':
      if (url.searchParams.get('format') === 'json') {
        json(200, state.metrics());
      } else {
        response.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          'cache-control': 'no-store',
        });
        response.end(renderPrometheus(state.metrics()));
      }
      return;
    default:
      json(404, { error: 'not found' });
  }
}
