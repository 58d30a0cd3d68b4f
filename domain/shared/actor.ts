// Who issues a command: the authenticated user as the app or collab server resolved it, plus the
// `system` actor used for seeding and scheduled jobs. Authorization rules read these fields only.
import { z } from 'zod';

export const ROLES = [
  'member',
  'signer',
  'coordination',
  'rapporteur',
  'auditor',
  'admin',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** `system` is not a user role: it is the seeding script and the deadline scheduler. */
export const ActorRoleSchema = z.enum([...ROLES, 'system']);
export type ActorRole = z.infer<typeof ActorRoleSchema>;

export const ActorSchema = z.object({
  userId: z.string().min(1).max(200),
  displayName: z.string().min(1).max(200),
  officeId: z.string().min(1).max(100),
  role: ActorRoleSchema,
});
export type Actor = z.infer<typeof ActorSchema>;

export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  displayName: 'System',
  officeId: 'bezirksamt',
  role: 'system',
};

/** ISO-8601 UTC timestamp as produced by `Date.prototype.toISOString` at the edge. */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });
/** A calendar date `YYYY-MM-DD` (session dates, deputy arrangements). */
export const IsoDateSchema = z.iso.date();

/** Metadata every command arrives with: time, ids and the actor (the domain has no clock). */
export const CommandMetadataSchema = z.object({
  commandId: z.uuid(),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).optional(),
  actor: ActorSchema,
  time: IsoTimestampSchema,
});
export type CommandMetadata = z.infer<typeof CommandMetadataSchema>;

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Milliseconds since the epoch for an ISO timestamp, computed arithmetically (no `Date`: the
 * domain has no clock, and string comparison fails across offsets and precisions).
 */
export function instant(iso: string): number {
  const match = ISO_TIMESTAMP.exec(iso);
  if (!match) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone, sign, oh = '0', om = '0'] = match;
  const days = daysFromCivil(Number(y), Number(mo), Number(d));
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  const offsetMinutes = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const seconds =
    days * 86_400 + Number(h) * 3600 + Number(mi) * 60 + Number(s) - offsetMinutes * 60;
  return seconds * 1000 + millis;
}

/** Start of a calendar date (`YYYY-MM-DD`) in UTC, in epoch milliseconds. */
export function instantOfDate(date: string): number {
  return instant(`${date}T00:00:00Z`);
}

// Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The calendar date in Berlin (Europe/Berlin) at an instant. Dated arrangements (Vertretung) are
 * kept in local days; the EU summer-time rule (last Sunday of March 01:00 UTC to last Sunday of
 * October 01:00 UTC) is computed here because the domain has no time-zone database.
 */
export function berlinDateOf(iso: string): string {
  const millis = instant(iso);
  const utcDays = Math.floor(millis / 86_400_000);
  const year = civilFromDays(utcDays).year;
  const summerStart = (lastSundayDays(year, 3) * 86_400 + 3600) * 1000;
  const summerEnd = (lastSundayDays(year, 10) * 86_400 + 3600) * 1000;
  const offsetHours = millis >= summerStart && millis < summerEnd ? 2 : 1;
  const local = civilFromDays(Math.floor((millis + offsetHours * 3_600_000) / 86_400_000));
  return `${String(local.year).padStart(4, '0')}-${pad2(local.month)}-${pad2(local.day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function lastSundayDays(year: number, month: number): number {
  const lastDay =
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;
  const weekday = (((lastDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
  return lastDay - weekday;
}

// Inverse of daysFromCivil (Hinnant's civil_from_days).
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
