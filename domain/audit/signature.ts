// Signed audit seals: each chain hash is also signed (Ed25519, Web Crypto) with a key only the
// product's writers hold, so someone who can write to the store but lacks the key cannot forge an
// event that verifies, even by re-computing the hash chain. The key id names the public key that
// verifies a seal; retired keys stay in the trusted set so that old events keep verifying.
import { bytesToHex, sha256Hex } from '../shared/crypto';

/** Domain separation: a seal signature can never be replayed as another kind of signature. */
const SEAL_CONTEXT = 'vorlagen/audit-seal/v1\u0000';
const encoder = new TextEncoder();

export interface AuditSigner {
  readonly keyId: string;
  /** Signs a seal's chain hash. */
  signSeal(hash: string): Promise<string>;
}

export interface AuditTrust {
  /** Public keys (raw 32-byte Ed25519) by key id; include retired keys. */
  readonly keys: ReadonlyMap<string, Uint8Array>;
  /**
   * Events at commit positions below this predate signing (written before the first key existed)
   * and are accepted unsigned; every later event must carry a valid signature.
   */
  readonly unsignedBefore: bigint;
}

/** The key id of a public key: the first 16 hex digits of its SHA-256. */
export async function auditKeyId(publicKey: Uint8Array): Promise<string> {
  return (await sha256Hex(publicKey)).slice(0, 16);
}

export function createAuditSigner(keyId: string, privateKey: CryptoKey): AuditSigner {
  return {
    keyId,
    signSeal: async (hash) =>
      bytesToHex(
        new Uint8Array(
          await globalThis.crypto.subtle.sign('Ed25519', privateKey, sealMessage(hash)),
        ),
      ),
  };
}

export async function verifySealSignature(
  trust: AuditTrust,
  hash: string,
  keyId: string | undefined,
  signature: string | undefined,
): Promise<boolean> {
  const publicKey = keyId === undefined ? undefined : trust.keys.get(keyId);
  if (!publicKey || signature === undefined || !/^[0-9a-f]{128}$/.test(signature)) return false;
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    publicKey as Uint8Array<ArrayBuffer>,
    'Ed25519',
    false,
    ['verify'],
  );
  return globalThis.crypto.subtle.verify(
    'Ed25519',
    key,
    hexToBytes(signature) as Uint8Array<ArrayBuffer>,
    sealMessage(hash),
  );
}

/** The bytes a seal signature covers: a fixed context, then the chain hash. */
export function sealMessage(hash: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${SEAL_CONTEXT}${hash}`) as Uint8Array<ArrayBuffer>;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
