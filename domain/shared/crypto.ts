// SHA-256 and name-based UUIDs through Web Crypto (globalThis.crypto.subtle), which exists in
// Node 20 and in browsers, so the domain stays free of Node built-ins.

const encoder = new TextEncoder();

export type Sha256Hex = string;

export async function sha256Hex(input: string | Uint8Array): Promise<Sha256Hex> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return bytesToHex(new Uint8Array(digest));
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * A deterministic UUID derived from a name (RFC 9562 name-based construction over SHA-256,
 * truncated to 128 bits). The version nibble says 5 rather than 8 because the EventStoreDB
 * client's uuid library (v8) only accepts versions 1–5 when it reads ids back.
 */
export async function nameBasedUuid(namespace: string, name: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    encoder.encode(`${namespace}\u0000${name}`),
  );
  const bytes = new Uint8Array(digest).slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
