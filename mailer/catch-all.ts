// The demo's catch-all SMTP server (embedded default of `npm start`, no SMTP_URL configured): it
// accepts every mail for any address and keeps it as an .eml file under DATA_DIR/mail/received, so
// nothing leaves the machine. The "Postausgang" page shows what the mailer sent.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface CatchAllServer {
  readonly port: number;
  received(): number;
  close(): Promise<void>;
}

export async function startCatchAllSmtp(options: {
  readonly host: string;
  readonly port: number;
  readonly directory: string;
}): Promise<CatchAllServer> {
  mkdirSync(options.directory, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Vorlagen Catch-all (Demo)',
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        count += 1;
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${session.id}.eml`;
        try {
          writeFileSync(join(options.directory, name), Buffer.concat(chunks), { mode: 0o600 });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
