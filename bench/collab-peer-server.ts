// Child process for bench/collab.bench.ts: runs one peer server (the y-websocket reference server
// or Hocuspocus) on a free port and prints `{"port":N}`. With `--persist DIR` each keeps documents
// the way it ships to: the reference server through y-leveldb (the bench sets YPERSISTENCE=DIR),
// Hocuspocus through its database extension on SQLite in DIR (WAL, synchronous=FULL).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const kind = process.argv[2];
const persistIndex = process.argv.indexOf('--persist');
const persistDir = persistIndex > 0 ? process.argv[persistIndex + 1] : undefined;

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
  const { Database: DatabaseExtension } = await import('@hocuspocus/extension-database');
  const extensions = persistDir === undefined ? [] : [sqliteExtension(persistDir)];
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: true,
    // Our collab server appends at most 500 ms after an edit; store on the same schedule.
    debounce: 500,
    maxDebounce: 500,
    extensions,
  });
  await server.listen();
  process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);

  function sqliteExtension(dir: string) {
    const db = new Database(join(dir, 'documents.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, state BLOB NOT NULL)');
    const select = db.prepare('SELECT state FROM documents WHERE name = ?').pluck();
    const upsert = db.prepare(
      'INSERT INTO documents (name, state) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state',
    );
    return new DatabaseExtension({
      fetch: async ({ documentName }) => (select.get(documentName) as Buffer | undefined) ?? null,
      store: async ({ documentName, state }) => void upsert.run(documentName, state),
    });
  }
} else {
  process.stderr.write(`unknown peer server ${kind}\n`);
  process.exit(2);
}
