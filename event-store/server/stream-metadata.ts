// Reads and writes the stream settings EventStoreDB keeps in `$$<stream>` metadata events: truncate
// before ($tb, used by soft delete), $maxCount and $maxAge. Other keys are kept untouched.
import { TOMBSTONE_REVISION } from './types';

export interface StreamSettings {
  readonly truncateBefore: bigint | undefined;
  readonly maxCount: bigint | undefined;
  /** Seconds. */
  readonly maxAge: bigint | undefined;
  /** The metadata object as written, for merging when the store rewrites $tb. */
  readonly raw: Record<string, unknown>;
}

export const NO_SETTINGS: StreamSettings = {
  truncateBefore: undefined,
  maxCount: undefined,
  maxAge: undefined,
  raw: {},
};

export const isMetastream = (stream: string): boolean => stream.startsWith('$$');
export const metastreamOf = (stream: string): string => `$$${stream}`;

export function parseStreamSettings(bytes: Uint8Array): StreamSettings {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Non-JSON metadata is legal in EventStoreDB; it simply carries no settings.
    return NO_SETTINGS;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return NO_SETTINGS;
  return {
    // Integers are read from the text: $tb is long.MaxValue for soft-deleted streams, which a JS
    // number cannot hold exactly.
    truncateBefore: integerSetting(text, '$tb'),
    maxCount: integerSetting(text, '$maxCount'),
    maxAge: integerSetting(text, '$maxAge'),
    raw: raw as Record<string, unknown>,
  };
}

function integerSetting(text: string, key: string): bigint | undefined {
  const match = new RegExp(`"\\${key}"\\s*:\\s*(\\d+)`).exec(text);
  return match?.[1] === undefined ? undefined : BigInt(match[1]);
}

/** Metadata JSON with `$tb` set exactly (as a bare integer, as EventStoreDB writes it). */
export function withTruncateBefore(settings: StreamSettings, truncateBefore: bigint): Uint8Array {
  const rest = Object.fromEntries(Object.entries(settings.raw).filter(([key]) => key !== '$tb'));
  const restJson = JSON.stringify(rest);
  const tb = `"$tb":${truncateBefore}`;
  const json = restJson === '{}' ? `{${tb}}` : `{${tb},${restJson.slice(1)}`;
  return Buffer.from(json, 'utf8');
}

export const isSoftDeleted = (settings: StreamSettings): boolean =>
  settings.truncateBefore === TOMBSTONE_REVISION;
