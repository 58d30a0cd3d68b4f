import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1 (bound and released; the caller binds it moments later). Another
 * socket may take it meanwhile: where a server binds only after a slow start (the collab server's
 * warm-up), start it on port 0 and read the port it reports instead (server-process.ts).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (typeof address !== 'object' || address === null) {
        probe.close(() => reject(new Error('no port')));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}
