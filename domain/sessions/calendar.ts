// The Bezirksamtssitzungen as data (D-112): each session has a date and a submission deadline
// (Einreichungsschluss: the last day a Vorlage, sign-offs complete, reaches the SPK for it). The
// calendar lives in one stream, `sessioncalendar-bezirksamt`, as `SessionScheduled` events written
// by the seed (or an operator); readers fold it into a sorted list.
import { z } from 'zod';
import { IsoDateSchema } from '../shared/actor';
import { addDays, isWorkingDay, workingDaysBefore } from '../deadlines/deadline';

export const SESSION_CALENDAR_STREAM = 'sessioncalendar-bezirksamt';
export const SESSION_SCHEDULED = 'SessionScheduled';

export const SessionSchema = z
  .strictObject({ date: IsoDateSchema, submissionDeadline: IsoDateSchema })
  .refine((session) => session.submissionDeadline <= session.date, {
    message: 'Der Einreichungsschluss liegt nicht nach der Sitzung.',
    path: ['submissionDeadline'],
  });
export type Session = z.infer<typeof SessionSchema>;

/** How many working days before a session its submission deadline lies by default. */
export const DEFAULT_SUBMISSION_LEAD_WORKING_DAYS = 5;

/**
 * Weekly sessions on `weekday` (2 = Tuesday) over `weeks` weeks from `fromDate` on; a session day
 * that is a holiday has no session; the submission deadline lies `leadWorkingDays` before.
 */
export function weeklySessions(
  fromDate: string,
  weeks: number,
  weekday = 2,
  leadWorkingDays = DEFAULT_SUBMISSION_LEAD_WORKING_DAYS,
): Session[] {
  let day = fromDate;
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== weekday) day = addDays(day, 1);
  const sessions: Session[] = [];
  for (let week = 0; week < weeks; week += 1, day = addDays(day, 7)) {
    if (!isWorkingDay(day)) continue;
    sessions.push({ date: day, submissionDeadline: workingDaysBefore(day, leadWorkingDays) });
  }
  return sessions;
}

/** The calendar from stored events (unreadable ones are skipped), sorted; later entries for a date win. */
export function foldSessionCalendar(
  events: readonly { readonly type: string; readonly data: unknown }[],
): Session[] {
  const byDate = new Map<string, Session>();
  for (const event of events) {
    if (event.type !== SESSION_SCHEDULED) continue;
    const parsed = SessionSchema.safeParse(event.data);
    if (parsed.success) byDate.set(parsed.data.date, parsed.data);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Sessions on or after `today` (Berlin date), soonest first. */
export function upcomingSessions(calendar: readonly Session[], today: string): Session[] {
  return calendar.filter((session) => session.date >= today);
}

export function sessionOn(calendar: readonly Session[], date: string): Session | null {
  return calendar.find((session) => session.date === date) ?? null;
}

export type SessionFlag =
  | { readonly kind: 'sessionPast' }
  | {
      readonly kind: 'signOffsTooLate';
      readonly submissionDeadline: string;
      readonly officeIds: readonly string[];
    };

/**
 * D-114: what the overview flags on a Vorlage not yet submitted: its session lies in the past, or
 * offices still owe a sign-off whose deadline lies after the session's submission deadline (so the
 * sign-offs cannot be complete in time). `openDeadlines` are the deadlines in force of offices
 * that have not answered.
 */
export function sessionFlags(input: {
  readonly targetSessionDate: string;
  readonly today: string;
  readonly session: Session | null;
  readonly openDeadlines: readonly { readonly officeId: string; readonly lastDay: string }[];
}): SessionFlag[] {
  if (input.targetSessionDate < input.today) return [{ kind: 'sessionPast' }];
  // Without a calendar entry, the day before the session is the latest sign-offs can be complete.
  const submissionDeadline =
    input.session?.submissionDeadline ?? addDays(input.targetSessionDate, -1);
  const late = input.openDeadlines
    .filter((entry) => entry.lastDay > submissionDeadline)
    .map((entry) => entry.officeId)
    .sort();
  return late.length > 0 ? [{ kind: 'signOffsTooLate', submissionDeadline, officeIds: late }] : [];
}
