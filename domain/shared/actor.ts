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
 * Milliseconds since the epoch for an ISO timestamp (string comparison fails across offsets and
 * precisions). The accepted forms are normalized to ECMAScript's date-time format (offset with
 * colon, milliseconds) before the platform parses them.
 */
export function instant(iso: string): number {
  const match = ISO_TIMESTAMP.exec(iso);
  if (!match) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  const [, y, mo, d, h, mi, s = '00', frac = '0', zone, sign, oh = '00', om = '00'] = match;
  const millis = frac.padEnd(3, '0').slice(0, 3);
  const offset = zone === 'Z' ? 'Z' : `${sign}${oh}:${om}`;
  const result = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`);
  if (Number.isNaN(result)) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  return result;
}

/** Start of a calendar date (`YYYY-MM-DD`) in UTC, in epoch milliseconds. */
export function instantOfDate(date: string): number {
  return instant(`${date}T00:00:00Z`);
}

const BERLIN_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in Berlin (Europe/Berlin) at an instant. Dated arrangements (Vertretung) are
 * kept in local days; the time-zone rules are the platform's (Intl, IANA database).
 */
export function berlinDateOf(iso: string): string {
  const parts = BERLIN_DATE.formatToParts(new Date(instant(iso)));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
