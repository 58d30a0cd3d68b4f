// The audit signing keys (domain/audit/signature.ts) in DATA_DIR/secret/audit-signing-keys.json
// (0600): the active Ed25519 key that writers sign seals with, the public keys of retired ones
// (kept so that events they signed keep verifying) and the commit position before which events
// predate signing. Created once by `npm start` / the seed; rotated with `npm run audit-keys:rotate`.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  auditKeyId,
  sealMessage,
  type AuditSigner,
  type AuditTrust,
} from '../domain/audit/signature';
import { secretDirOf } from '../event-store/access';
import { createEventStoreClient } from '../event-store/client';

const KeyFileSchema = z.strictObject({
  version: z.literal(1),
  /** Commit position (decimal): events below it were written before signing began. */
  unsignedBefore: z.string().regex(/^(0|[1-9][0-9]*)$/),
  activeKeyId: z.string(),
  keys: z.array(
    z.strictObject({
      keyId: z.string().regex(/^[0-9a-f]{16}$/),
      /** Raw Ed25519 public key, base64url. */
      publicKey: z.string().min(1),
      /** PKCS#8 DER, base64url; removed when the key is retired. */
      privateKey: z.string().min(1).optional(),
      createdAt: z.string(),
      retiredAt: z.string().optional(),
    }),
  ),
});
type KeyFile = z.infer<typeof KeyFileSchema>;

export interface AuditKeys {
  readonly signer: AuditSigner;
  readonly trust: AuditTrust;
}

export function auditKeyFileOf(dataDir: string): string {
  return join(secretDirOf(dataDir), 'audit-signing-keys.json');
}

/**
 * Creates the key file unless it exists. `headPosition` is the store's last commit position (null
 * when empty): everything up to it predates signing and stays verifiable unsigned.
 */
export async function ensureAuditKeys(
  dataDir: string,
  headPosition: () => Promise<bigint | null>,
): Promise<void> {
  const file = auditKeyFileOf(dataDir);
  if (existsSync(file)) return;
  const head = await headPosition();
  const key = await newKey();
  writeKeyFile(file, {
    version: 1,
    unsignedBefore: (head === null ? 0n : head + 1n).toString(),
    activeKeyId: key.keyId,
    keys: [key],
  });
}

/** ensureAuditKeys against the store at `connectionString` (its $all head marks the boundary). */
export async function ensureAuditKeysForStore(
  dataDir: string,
  connectionString: string,
): Promise<void> {
  if (existsSync(auditKeyFileOf(dataDir))) return;
  const store = createEventStoreClient(connectionString);
  try {
    await ensureAuditKeys(dataDir, async () => {
      const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      return last?.position ?? null;
    });
  } finally {
    await store.close();
  }
}

/** Makes a new key active and retires the others (their private keys are deleted). */
export async function rotateAuditKeys(dataDir: string): Promise<string> {
  const file = auditKeyFileOf(dataDir);
  const current = readKeyFile(file);
  const key = await newKey();
  const retiredAt = new Date().toISOString();
  writeKeyFile(file, {
    ...current,
    activeKeyId: key.keyId,
    keys: [
      ...current.keys.map(({ privateKey: _dropped, ...rest }) => ({
        ...rest,
        retiredAt: rest.retiredAt ?? retiredAt,
      })),
      key,
    ],
  });
  return key.keyId;
}

/** Reads the key file (synchronously: composition roots build their handlers synchronously). */
export function loadAuditKeys(dataDir: string): AuditKeys {
  const content = readKeyFile(auditKeyFileOf(dataDir));
  const active = content.keys.find((key) => key.keyId === content.activeKeyId);
  if (!active?.privateKey) throw new Error('The audit key file has no active private key');
  const privateKey = createPrivateKey({
    key: Buffer.from(active.privateKey, 'base64url'),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    signer: {
      keyId: active.keyId,
      // Node's own Ed25519 (same signature as Web Crypto's): synchronous and without an import step.
      signSeal: async (hash) => sign(null, sealMessage(hash), privateKey).toString('hex'),
    },
    trust: {
      keys: new Map(
        content.keys.map((key) => [
          key.keyId,
          new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
        ]),
      ),
      unsignedBefore: BigInt(content.unsignedBefore),
    },
  };
}

async function newKey(): Promise<KeyFile['keys'][number]> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return {
    keyId: await auditKeyId(new Uint8Array(raw)),
    publicKey: raw.toString('base64url'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
    createdAt: new Date().toISOString(),
  };
}

function readKeyFile(file: string): KeyFile {
  return KeyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function writeKeyFile(file: string, content: KeyFile): void {
  const dir = join(file, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
