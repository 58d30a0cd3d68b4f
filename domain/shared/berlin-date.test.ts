// Property tests of the time helpers: `instant` against the platform's parser over random offsets
// and precisions; `berlinDateOf` (Intl, IANA rules) against the EU summer-time rule written out.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED, withSeed } from '../testing/fast-check';
import { berlinDateOf, instant } from './actor';

const FROM = Date.UTC(1996, 0, 1); // Germany has followed the EU rule since 1996
const TO = Date.UTC(2037, 11, 31);
const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `millis` written with an offset of `offsetMinutes` and `digits` fractional digits. */
function isoAt(millis: number, offsetMinutes: number, digits: 0 | 3 | 6): string {
  const local = new Date(millis + offsetMinutes * 60_000);
  const fraction =
    digits === 0 ? '' : `.${pad(local.getUTCMilliseconds(), 3)}${'0'.repeat(digits - 3)}`;
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${fraction}${zone}`
  );
}

/** Last Sunday of `month` (1-based) at 01:00 UTC: when EU summer time starts or ends. */
function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  return Date.UTC(year, month - 1, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

function berlinDateByEuRule(millis: number): string {
  const year = new Date(millis).getUTCFullYear();
  const summer = millis >= lastSundayOneUtc(year, 3) && millis < lastSundayOneUtc(year, 10);
  const local = new Date(millis + (summer ? 2 : 1) * 3_600_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

const instants = fc.integer({ min: FROM, max: TO });
const offsets = fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 15);
const precisions = fc.constantFrom<0 | 3 | 6>(0, 3, 6);

describe(`time helpers, property-tested (seed ${FC_SEED})`, () => {
  it('instant() agrees with the platform for any offset and precision', () => {
    fc.assert(
      fc.property(instants, offsets, precisions, (millis, offset, digits) => {
        const iso = isoAt(millis, offset, digits);
        expect(instant(iso)).toBe(new Date(iso).getTime());
      }),
      withSeed({ numRuns: 500 }),
    );
  });

  it('berlinDateOf() agrees with the EU summer-time rule', () => {
    fc.assert(
      fc.property(instants, offsets, (millis, offset) => {
        expect(berlinDateOf(isoAt(millis, offset, 3))).toBe(berlinDateByEuRule(millis));
      }),
      withSeed({ numRuns: 500 }),
    );
  });

  it('berlinDateOf() agrees with the EU rule at every switch instant and the millisecond before', () => {
    for (let year = 1996; year <= 2037; year += 1) {
      for (const month of [3, 10]) {
        const at = lastSundayOneUtc(year, month);
        for (const millis of [at - 1, at, at + 22 * 3_600_000 + 59 * 60_000]) {
          expect(berlinDateOf(new Date(millis).toISOString())).toBe(berlinDateByEuRule(millis));
        }
      }
    }
  });
});
