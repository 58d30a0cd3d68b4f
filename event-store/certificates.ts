// First start of the embedded store: a private CA, a server certificate signed by it and random
// credentials, written to DATA_DIR/secret (0700, files 0600). Certificates come from
// @peculiar/x509 on Node's Web Crypto (ECDSA P-256: cheap handshakes, no openssl binary needed).
// The CA's private key is never written: nothing else is ever signed with it, and a certificate
// close to expiry is replaced by a fresh CA and server pair (clients read the CA file at start).
import { randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs this polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { embeddedStoreFiles, readEmbeddedStoreAccess, type EmbeddedStoreAccess } from './access';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALIDITY_DAYS = 825;
const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const USERNAME = 'vorlagen';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/**
 * The embedded store's credentials and TLS files in `secretDir`, created on first use and renewed
 * when the server certificate expires within 30 days. `hosts` are the names and addresses clients
 * connect to (loopback is always included).
 */
export async function ensureEmbeddedStoreAccess(
  secretDir: string,
  hosts: readonly string[] = [],
): Promise<EmbeddedStoreAccess> {
  mkdirSync(secretDir, { recursive: true, mode: 0o700 });
  chmodSync(secretDir, 0o700);
  const files = embeddedStoreFiles(secretDir);
  if (!existsSync(files.credentialsFile)) {
    writeSecretFile(
      files.credentialsFile,
      `${JSON.stringify({ username: USERNAME, password: randomBytes(24).toString('base64url') }, null, 2)}\n`,
    );
  }
  const wanted = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])];
  if (certificateNeedsRenewal(files.tls.certFile, wanted)) {
    const pems = await generateCertificates(wanted);
    writeSecretFile(files.tls.keyFile, pems.serverKey);
    writeSecretFile(files.tls.caFile, pems.ca);
    writeSecretFile(files.tls.certFile, pems.server);
  }
  return readEmbeddedStoreAccess(secretDir);
}

function certificateNeedsRenewal(certFile: string, hosts: readonly string[]): boolean {
  if (!existsSync(certFile)) return true;
  const certificate = new x509.X509Certificate(readFileSync(certFile, 'utf8'));
  if (certificate.notAfter.getTime() - Date.now() < RENEW_BEFORE_DAYS * DAY_MS) return true;
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const covered = new Set(san?.names.items.map((name) => name.value) ?? []);
  return hosts.some((host) => !covered.has(host));
}

async function generateCertificates(hosts: readonly string[]) {
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + VALIDITY_DAYS * DAY_MS);
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: 'CN=Vorlagen embedded event store CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((host) => ({
          type: isIP(host) ? ('ip' as const) : ('dns' as const),
          value: host,
        })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    ca: ca.toString('pem'),
    server: server.toString('pem'),
    serverKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

function serialNumber(): string {
  // Positive 64-bit serial: the top bit clear keeps the DER integer positive.
  const bytes = randomBytes(8);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
function writeSecretFile(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
