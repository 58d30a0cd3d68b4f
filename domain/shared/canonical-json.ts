// Deterministic JSON: the one serialization every hash in the product is computed over
// (canonical text, audit chain). Object keys sorted by UTF-16 code unit, `undefined` dropped.

export type CanonicalJson =
  | string
  | number
  | boolean
  | null
  | readonly CanonicalJson[]
  | { readonly [key: string]: CanonicalJson | undefined };

/** Serializes `value` deterministically; throws on values JSON cannot represent faithfully. */
export function canonicalJson(value: unknown): string {
  return serialize(value, 0);
}

const MAX_DEPTH = 512;

function serialize(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new TypeError('canonicalJson: value nested too deeply');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'bigint':
      // Revisions and positions are bigints; as strings they keep their exact value.
      return JSON.stringify(value.toString());
    case 'object':
      if (value instanceof Uint8Array) return JSON.stringify({ $bytes: bytesToBase64(value) });
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown) => serialize(item === undefined ? null : item, depth + 1)).join(',')}]`;
      }
      return serializeObject(value as Record<string, unknown>, depth);
    default:
      throw new TypeError(`canonicalJson: cannot serialize a ${typeof value}`);
  }
}

function serializeObject(object: Record<string, unknown>, depth: number): string {
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort();
  const members = keys.map((key) => `${JSON.stringify(key)}:${serialize(object[key], depth + 1)}`);
  return `{${members.join(',')}}`;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without Node's Buffer (the domain runs in browsers too). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    out += BASE64_ALPHABET[(triple >> 18) & 63];
    out += BASE64_ALPHABET[(triple >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64_ALPHABET[(triple >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64_ALPHABET[triple & 63] : '=';
  }
  return out;
}
