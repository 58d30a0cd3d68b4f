// The HTTP liveness endpoint EventStoreDB serves: `GET /health/live` answers 204 once the store is
// ready, so process managers and the start script can wait for it.
import { createServer, type Server } from 'node:http';

export interface HealthServer {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startHealthServer(host: string, port: number): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === '/health/live' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: boundPort,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
