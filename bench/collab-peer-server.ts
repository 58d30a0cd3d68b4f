// Child process for bench/collab.bench.ts: runs one peer server (the y-websocket reference
// server or Hocuspocus, both without persistence) on a free port and prints `{"port":N}`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const kind = process.argv[2];

if (kind === 'y-websocket') {
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_request, response) => response.end('okay'));
  wss.on('connection', (socket, request) => setupWSConnection(socket, request));
  server.on('upgrade', (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
  );
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
} else if (kind === 'hocuspocus') {
  const { Server } = await import('@hocuspocus/server');
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: true });
  await server.listen();
  process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
} else {
  process.stderr.write(`unknown peer server ${kind}\n`);
  process.exit(2);
}
