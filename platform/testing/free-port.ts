import { createServer, type Server } from 'node:net';

/** A TCP server listening on a port of 127.0.0.1 the system chose; the caller closes it. */
export function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve({ server, port: address.port });
      else server.close(() => reject(new Error('no port')));
    });
  });
}

/**
 * A free TCP port on 127.0.0.1 (bound and released; the caller binds it moments later). Another
 * socket may take it meanwhile: where a server binds only after a slow start (the collab server's
 * warm-up), start it on port 0 and read the port it reports instead (server-process.ts).
 */
export async function freePort(): Promise<number> {
  const { server, port } = await listenOnFreePort();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
