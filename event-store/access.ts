// Where the embedded store's credentials and TLS files live (DATA_DIR/secret) and the connection
// string every part builds from them. Reading only: certificates.ts creates the files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface StoreCredentials {
  readonly username: string;
  readonly password: string;
}

export interface StoreTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA that signed certFile; clients trust it through `tlsCAFile`. */
  readonly caFile: string;
}

export interface EmbeddedStoreAccess {
  readonly credentials: StoreCredentials;
  readonly tls: StoreTlsFiles;
}

/** DATA_DIR/secret: mode 0700, every file in it 0600. */
export function secretDirOf(dataDir: string): string {
  return join(dataDir, 'secret');
}

export function embeddedStoreFiles(secretDir: string) {
  return {
    credentialsFile: join(secretDir, 'event-store-credentials.json'),
    tls: {
      caFile: join(secretDir, 'event-store-ca.pem'),
      certFile: join(secretDir, 'event-store-server.pem'),
      keyFile: join(secretDir, 'event-store-server.key.pem'),
    } satisfies StoreTlsFiles,
  };
}

const StoredCredentialsSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(16),
});

export class MissingStoreAccessError extends Error {
  constructor(secretDir: string, cause: unknown) {
    super(
      `No event store credentials in ${secretDir}: start the embedded store first (npm run event-store, or npm start), or set ESDB_CONNECTION_STRING.`,
      { cause },
    );
    this.name = 'MissingStoreAccessError';
  }
}

/** The credentials and TLS files the embedded store generated in `secretDir`. */
export function readEmbeddedStoreAccess(secretDir: string): EmbeddedStoreAccess {
  const files = embeddedStoreFiles(secretDir);
  try {
    const credentials = StoredCredentialsSchema.parse(
      JSON.parse(readFileSync(files.credentialsFile, 'utf8')),
    );
    return { credentials, tls: files.tls };
  } catch (error) {
    throw new MissingStoreAccessError(secretDir, error);
  }
}

/** `esdb://user:pass@host:port?tls=true&tlsCAFile=…`, or `tls=false` for an insecure store. */
export function embeddedConnectionString(
  host: string,
  port: number,
  access: { credentials?: StoreCredentials; tls?: Pick<StoreTlsFiles, 'caFile'> } | undefined,
): string {
  const authority = host.includes(':') ? `[${host}]` : host;
  if (!access?.tls) return `esdb://${authority}:${port}?tls=false`;
  const user = access.credentials
    ? `${encodeURIComponent(access.credentials.username)}:${encodeURIComponent(access.credentials.password)}@`
    : '';
  return `esdb://${user}${authority}:${port}?tls=true&tlsCAFile=${encodeURIComponent(access.tls.caFile)}`;
}
