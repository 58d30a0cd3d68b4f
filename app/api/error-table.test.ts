// Every error code the domain throws has an HTTP status and a German message in the app's table,
// so no domain refusal reaches a user as a 500 "Interner Fehler".
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, isAppErrorCode } from '../_lib/errors';

const domainDir = join(dirname(fileURLToPath(import.meta.url)), '../../domain');

/** Codes passed to `fail(…)` or to a `…Error(…)` constructor anywhere in domain/ (tests excluded). */
function thrownDomainCodes(): string[] {
  const files = readdirSync(domainDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
  );
  const codes = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(domainDir, file), 'utf8');
    for (const match of source.matchAll(/(?:\bfail|new \w*Error)\(\s*'([a-z_]+)'/g)) {
      codes.add(match[1]!);
    }
  }
  return [...codes].sort();
}

/** Codes that name a fault of the server or its data, not of the request: 500 is right. */
const SERVER_FAULTS = new Set(['context_missing', 'event_unreadable', 'text_stream_corrupt']);

describe('error table', () => {
  it('maps every code the domain throws', () => {
    const codes = thrownDomainCodes();
    // Guards against a scan that silently finds nothing.
    expect(codes).toEqual(expect.arrayContaining(['forbidden', 'vorlage_not_found']));
    expect(codes.filter((code) => !isAppErrorCode(code))).toEqual([]);
  });

  it('answers domain refusals with 4xx, and every message is German text', () => {
    for (const code of thrownDomainCodes()) {
      if (SERVER_FAULTS.has(code)) continue;
      const mapping = ERROR_TABLE[code as keyof typeof ERROR_TABLE];
      expect({ code, status: mapping.status < 500 }).toEqual({ code, status: true });
    }
    for (const [code, { message }] of Object.entries(ERROR_TABLE)) {
      expect(message, code).toMatch(/^[A-ZÄÖÜ].*[.!?]$/);
    }
  });
});
