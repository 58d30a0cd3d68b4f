// D-100…D-104: sign-off deadlines by §§ 187 (1), 188, 193 BGB with Berlin's public holidays.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED, withSeed } from '../testing/fast-check';
import { berlinDateOf, instant } from '../shared/actor';
import {
  addDays,
  berlinHolidayOn,
  checkFreeDeadline,
  computeDeadline,
  endOfBerlinDay,
  isWorkingDay,
  weekdayOf,
  workingDaysBefore,
  type DeadlinePeriod,
} from './deadline';

const weeks = (amount: number): DeadlinePeriod => ({ unit: 'weeks', amount });
const days = (amount: number): DeadlinePeriod => ({ unit: 'days', amount });

describe('D-100…D-102 computeDeadline (table)', () => {
  // [case, received at (UTC), period, nominal last day, last day, moved because]
  const table: [string, string, DeadlinePeriod, string, string, string | null][] = [
    [
      'plain two weeks, Monday to Monday',
      '2025-11-03T09:00:00Z',
      weeks(2),
      '2025-11-17',
      '2025-11-17',
      null,
    ],
    [
      'Buß- und Bettag is no holiday in Berlin',
      '2025-11-05T09:00:00Z',
      weeks(2),
      '2025-11-19',
      '2025-11-19',
      null,
    ],
    [
      'year end: Neujahr moves to 2 January',
      '2025-12-18T10:00:00Z',
      weeks(2),
      '2026-01-01',
      '2026-01-02',
      'Neujahrstag',
    ],
    [
      'year end: Christmas and a weekend in a row',
      '2025-12-20T10:00:00Z',
      days(5),
      '2025-12-25',
      '2025-12-29',
      '1. Weihnachtstag',
    ],
    [
      '2. Weihnachtstag',
      '2024-12-12T10:00:00Z',
      weeks(2),
      '2024-12-26',
      '2024-12-27',
      '2. Weihnachtstag',
    ],
    [
      'Easter 2025: Karfreitag to Ostermontag',
      '2025-04-04T10:00:00Z',
      weeks(2),
      '2025-04-18',
      '2025-04-22',
      'Karfreitag',
    ],
    [
      'Easter 2026: Karfreitag',
      '2026-03-20T10:00:00Z',
      weeks(2),
      '2026-04-03',
      '2026-04-07',
      'Karfreitag',
    ],
    [
      'Pfingsten after a weekend',
      '2025-06-02T10:00:00Z',
      days(5),
      '2025-06-07',
      '2025-06-10',
      'Samstag',
    ],
    [
      'Frauentag (Berlin since 2019)',
      '2024-02-23T10:00:00Z',
      weeks(2),
      '2024-03-08',
      '2024-03-11',
      'Weltfrauentag',
    ],
    [
      'Frauentag 2018 was a working day',
      '2018-02-22T10:00:00Z',
      weeks(2),
      '2018-03-08',
      '2018-03-08',
      null,
    ],
    ['Sunday', '2025-01-05T10:00:00Z', days(7), '2025-01-12', '2025-01-13', 'Sonntag'],
    [
      'received just after midnight in Berlin counts that day',
      '2025-03-02T23:30:00Z',
      days(1),
      '2025-03-04',
      '2025-03-04',
      null,
    ],
    [
      'Tag der Deutschen Einheit',
      '2025-09-19T10:00:00Z',
      weeks(2),
      '2025-10-03',
      '2025-10-06',
      'Tag der Deutschen Einheit',
    ],
  ];
  it.each(table)('%s', (_case, receivedAt, period, nominal, lastDay, movedBecause) => {
    const result = computeDeadline(receivedAt, period);
    expect(result.startsOn).toBe(addDays(result.receivedOn, 1));
    expect(result.nominalLastDay).toBe(nominal);
    expect(result.lastDay).toBe(lastDay);
    expect(result.movedBecause).toBe(movedBecause);
    expect(result.deadline).toBe(endOfBerlinDay(lastDay));
  });

  it('D-101: ends at the last instant of the Berlin day, in winter and in summer time', () => {
    expect(endOfBerlinDay('2025-03-10')).toBe('2025-03-10T22:59:59.999Z');
    expect(endOfBerlinDay('2025-07-01')).toBe('2025-07-01T21:59:59.999Z');
    // Days on which the clocks change end in the offset of the evening.
    expect(endOfBerlinDay('2025-03-30')).toBe('2025-03-30T21:59:59.999Z');
    expect(endOfBerlinDay('2025-10-26')).toBe('2025-10-26T22:59:59.999Z');
  });

  it('D-100: refuses periods that are not a positive whole number of days or weeks', () => {
    expect(() => computeDeadline('2025-03-02T10:00:00Z', days(0))).toThrow();
    expect(() =>
      computeDeadline('2025-03-02T10:00:00Z', { unit: 'months', amount: 1 } as never),
    ).toThrow();
  });

  it('D-104: working days before a deadline skip weekends and holidays', () => {
    // 2025-04-22 (Tue after Easter): 1 working day before is Thursday 17th (Fri 18 and Mon 21 are holidays).
    expect(workingDaysBefore('2025-04-22', 1)).toBe('2025-04-17');
    expect(workingDaysBefore('2025-04-22', 5)).toBe('2025-04-11');
    expect(workingDaysBefore('2025-11-17', 5)).toBe('2025-11-10');
  });
});

describe(`D-102 computeDeadline (property, seed ${FC_SEED})`, () => {
  const FROM = Date.UTC(2000, 0, 1);
  const TO = Date.UTC(2037, 11, 1);
  it('the last day is never a weekend or holiday, and the end lies at least the period after receipt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FROM, max: TO }),
        fc.constantFrom<'days' | 'weeks'>('days', 'weeks'),
        fc.integer({ min: 1, max: 60 }),
        (receivedMillis, unit, amount) => {
          const receivedAt = new Date(receivedMillis).toISOString();
          const result = computeDeadline(receivedAt, { unit, amount });
          const periodDays = unit === 'weeks' ? amount * 7 : amount;
          const weekday = weekdayOf(result.lastDay);
          expect(weekday).not.toBe(0);
          expect(weekday).not.toBe(6);
          expect(berlinHolidayOn(result.lastDay)).toBeNull();
          expect(result.nominalLastDay).toBe(addDays(berlinDateOf(receivedAt), periodDays));
          expect(result.lastDay >= result.nominalLastDay).toBe(true);
          // § 193 moves only across non-working days.
          for (let day = result.nominalLastDay; day < result.lastDay; day = addDays(day, 1)) {
            expect(isWorkingDay(day)).toBe(false);
          }
          // At least the period in wall-clock time: a spring-forward night is one hour short.
          expect(instant(result.deadline)).toBeGreaterThanOrEqual(
            receivedMillis + periodDays * 24 * 3600 * 1000 - 3600 * 1000,
          );
          // The deadline is the last millisecond of the last day in Berlin.
          expect(berlinDateOf(result.deadline)).toBe(result.lastDay);
          expect(berlinDateOf(new Date(instant(result.deadline) + 1).toISOString())).toBe(
            addDays(result.lastDay, 1),
          );
        },
      ),
      withSeed({ numRuns: 500 }),
    );
  });
});

describe('D-103 checkFreeDeadline', () => {
  const now = '2025-03-03T10:00:00Z';
  it('refuses a deadline in the past', () => {
    expect(checkFreeDeadline('2025-03-03T09:00:00Z', now, null).error).toEqual({ kind: 'inPast' });
  });
  it('warns about a deadline after the session’s submission deadline', () => {
    expect(checkFreeDeadline('2025-03-20T12:00:00Z', now, '2025-03-19')).toEqual({
      error: null,
      warning: { kind: 'afterSubmissionDeadline', submissionDeadline: '2025-03-19' },
    });
  });
  it('accepts a deadline up to and on the submission deadline', () => {
    expect(checkFreeDeadline(endOfBerlinDay('2025-03-19'), now, '2025-03-19')).toEqual({
      error: null,
      warning: null,
    });
  });
});
