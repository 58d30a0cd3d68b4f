// Sign-off deadlines under the BGB's rules for periods: a period starts the day after the request
// reaches the office (§ 187 (1)), ends at the end of its last day (§ 188; a period in weeks ends
// on the same weekday as the day of receipt), and a last day on a Saturday, Sunday or Berlin public
// holiday moves to the next working day (§ 193). Holidays come from `feiertagejs` (region BE,
// including Internationaler Frauentag since 2019) — a maintained calculation, not a hand-made table.
import { getHolidays } from 'feiertagejs';
import { z } from 'zod';
import { berlinDateOf, instant, IsoDateSchema } from '../shared/actor';

export const DEADLINE_UNITS = ['days', 'weeks'] as const;
export const DeadlinePeriodSchema = z.strictObject({
  unit: z.enum(DEADLINE_UNITS),
  amount: z.int().min(1).max(365),
});
export type DeadlinePeriod = z.infer<typeof DeadlinePeriodSchema>;

/** The standard period of a sign-off request when nothing else is configured (two weeks). */
export const DEFAULT_SIGN_OFF_PERIOD: DeadlinePeriod = { unit: 'weeks', amount: 2 };

const DAY_MS = 24 * 3600 * 1000;

/** A calendar date `YYYY-MM-DD` plus `days` (calendar arithmetic in UTC, free of DST). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${IsoDateSchema.parse(date)}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay();
}

const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();

/** Berlin's public holidays of a year: date → German name. */
export function berlinHolidays(year: number): ReadonlyMap<string, string> {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    // The library dates each holiday at noon UTC but formats `dateString` in the process's time
    // zone, a day late east of UTC+12; the UTC date is right everywhere.
    holidays = new Map(
      getHolidays(year, 'BE').map((holiday) => [
        holiday.date.toISOString().slice(0, 10),
        holiday.translate('de') ?? holiday.name,
      ]),
    );
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

/** The name of the Berlin public holiday on `date`, or null. */
export function berlinHolidayOn(date: string): string | null {
  return berlinHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}

/** Why a day is not a working day, or null when it is one. */
export function nonWorkingReason(date: string): string | null {
  const weekday = weekdayOf(date);
  if (weekday === 6) return 'Samstag';
  if (weekday === 0) return 'Sonntag';
  return berlinHolidayOn(date);
}

export function isWorkingDay(date: string): boolean {
  return nonWorkingReason(date) === null;
}

/** `date` itself when it is a working day, else the next one (§ 193 BGB). */
export function firstWorkingDayFrom(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** The working day `count` working days before `date` (reminders "5 Arbeitstage vor Fristende"). */
export function workingDaysBefore(date: string, count: number): string {
  let day = date;
  for (let left = count; left > 0;) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

const BERLIN_OFFSET = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  timeZoneName: 'longOffset',
});

/** Berlin's UTC offset in minutes at an instant ("GMT+02:00" → 120). */
function berlinOffsetMinutes(at: number): number {
  const name = BERLIN_OFFSET.formatToParts(new Date(at)).find(
    (part) => part.type === 'timeZoneName',
  );
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The last instant of a Berlin calendar day, as a UTC ISO timestamp. Clocks change at 02:00/03:00,
 * never at midnight, so the offset just before midnight is the offset of the whole evening.
 */
export function endOfBerlinDay(date: string): string {
  const nextMidnightUtc = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
  const offset = berlinOffsetMinutes(nextMidnightUtc - 12 * 3600 * 1000);
  return new Date(nextMidnightUtc - offset * 60_000 - 1).toISOString();
}

export interface ComputedDeadline {
  /** The Berlin day the request reached the office. */
  readonly receivedOn: string;
  /** The first day of the period (§ 187 (1) BGB). */
  readonly startsOn: string;
  /** The last day by §§ 187, 188 alone. */
  readonly nominalLastDay: string;
  /** The last day after § 193 BGB (equal to nominalLastDay on a working day). */
  readonly lastDay: string;
  /** Why the nominal last day moved (Samstag, Sonntag or the holiday's name), or null. */
  readonly movedBecause: string | null;
  /** The end of the last day in Berlin, as a UTC timestamp: what the request records. */
  readonly deadline: string;
}

/** D-100…D-102: the deadline of a period for a request that reached the office at `receivedAt`. */
export function computeDeadline(receivedAt: string, period: DeadlinePeriod): ComputedDeadline {
  const { unit, amount } = DeadlinePeriodSchema.parse(period);
  const receivedOn = berlinDateOf(receivedAt);
  const nominalLastDay = addDays(receivedOn, unit === 'weeks' ? amount * 7 : amount);
  const lastDay = firstWorkingDayFrom(nominalLastDay);
  return {
    receivedOn,
    startsOn: addDays(receivedOn, 1),
    nominalLastDay,
    lastDay,
    movedBecause: nonWorkingReason(nominalLastDay),
    deadline: endOfBerlinDay(lastDay),
  };
}

/**
 * D-105: a deadline extended by `days`: the new period starts when the old one ends (§ 190 BGB),
 * so it is counted from the old last day, and § 193 applies to the new last day.
 */
export function extendDeadline(currentDeadline: string, days: number): ComputedDeadline {
  const previousLastDay = berlinDateOf(currentDeadline);
  const nominalLastDay = addDays(previousLastDay, days);
  const lastDay = firstWorkingDayFrom(nominalLastDay);
  return {
    receivedOn: previousLastDay,
    startsOn: addDays(previousLastDay, 1),
    nominalLastDay,
    lastDay,
    movedBecause: nonWorkingReason(nominalLastDay),
    deadline: endOfBerlinDay(lastDay),
  };
}

export type FreeDeadlineProblem =
  | { readonly kind: 'inPast' }
  | { readonly kind: 'afterSubmissionDeadline'; readonly submissionDeadline: string };

/**
 * D-103: checks a freely chosen deadline: in the past is an error; after the submission deadline
 * of the target session (when known) is a warning the requester may accept.
 */
export function checkFreeDeadline(
  deadline: string,
  now: string,
  submissionDeadline: string | null,
): { readonly error: FreeDeadlineProblem | null; readonly warning: FreeDeadlineProblem | null } {
  if (instant(deadline) <= instant(now)) return { error: { kind: 'inPast' }, warning: null };
  if (submissionDeadline !== null && berlinDateOf(deadline) > submissionDeadline) {
    return { error: null, warning: { kind: 'afterSubmissionDeadline', submissionDeadline } };
  }
  return { error: null, warning: null };
}
