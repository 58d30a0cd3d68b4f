import { describe, expect, it } from 'vitest';
import { berlinDateOf, instant, instantOfDate } from './actor';

describe('time helpers (no clock in the domain)', () => {
  it('computes epoch milliseconds like the platform does', () => {
    for (const iso of [
      '1970-01-01T00:00:00Z',
      '2026-05-19T10:15:30.123Z',
      '2000-02-29T23:59:59.999Z',
      '2026-03-29T03:00:00+02:00',
    ]) {
      expect(instant(iso)).toBe(new globalThis.Date(iso).getTime());
    }
    expect(instantOfDate('2026-05-19')).toBe(new globalThis.Date('2026-05-19T00:00:00Z').getTime());
  });

  it('rejects non-timestamps', () => {
    expect(() => instant('gestern')).toThrow(RangeError);
  });

  it('maps instants to the Berlin calendar date across summer time', () => {
    expect(berlinDateOf('2026-05-19T21:59:59Z')).toBe('2026-05-19');
    expect(berlinDateOf('2026-05-19T22:00:00Z')).toBe('2026-05-20'); // CEST, UTC+2
    expect(berlinDateOf('2026-01-10T22:59:59Z')).toBe('2026-01-10');
    expect(berlinDateOf('2026-01-10T23:00:00Z')).toBe('2026-01-11'); // CET, UTC+1
    expect(berlinDateOf('2026-03-29T00:59:59Z')).toBe('2026-03-29'); // last CET second
    expect(berlinDateOf('2026-10-24T22:30:00Z')).toBe('2026-10-25'); // still CEST
  });
});
