// E-mail notifications (D-120…D-124), pure: which mails an event or a day calls for, with German
// subject and text naming the Vorlage, the deadline and a link. Each mail has an idempotency key
// (event id or reminder day, plus the office), so a mail is queued and sent once however often the
// events are replayed or the outbox restarts.
import { workingDaysBefore } from '../deadlines/deadline';
import { berlinDateOf } from '../shared/actor';
import { findCatalogueOffice } from '../offices/catalogue';

export const MAIL_KINDS = [
  'signOffRequested',
  'reminder',
  'deemedGiven',
  'signOffStale',
  'extensionGranted',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** One notification to one office's mailbox. */
export interface Mail {
  readonly key: string;
  readonly kind: MailKind;
  readonly vorlageId: string;
  readonly officeId: string;
  readonly subject: string;
  readonly text: string;
}

export interface MailContext {
  readonly vorlageId: string;
  readonly title: string;
  /** Absolute link to the Vorlage, e.g. https://vorlagen.example.org/vorlagen/<id>. */
  readonly link: string;
}

const WEEKDAY = new Intl.DateTimeFormat('de-DE', { weekday: 'long', timeZone: 'UTC' });

/** A deadline as the mails word it: "Freitag, 15.05.2026, 24:00 Uhr" for the end of a day. */
export function deadlineWords(deadline: string): string {
  const day = berlinDateOf(deadline);
  const [year, month, date] = day.split('-');
  const endOfDay = berlinDateOf(new Date(Date.parse(deadline) + 1).toISOString()) !== day;
  const time = endOfDay
    ? '24:00'
    : new Intl.DateTimeFormat('de-DE', {
        timeZone: 'Europe/Berlin',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(Date.parse(deadline)));
  return `${WEEKDAY.format(new Date(`${day}T00:00:00Z`))}, ${date}.${month}.${year}, ${time} Uhr`;
}

const officeName = (officeId: string) => findCatalogueOffice(officeId)?.name ?? officeId;

function compose(
  context: MailContext,
  officeId: string,
  subject: string,
  lines: readonly string[],
): { subject: string; text: string } {
  return {
    subject: `${subject}: ${context.title}`,
    text: [
      `Guten Tag,`,
      '',
      ...lines,
      '',
      `Vorlage: ${context.title}`,
      `Zur Vorlage: ${context.link}`,
      '',
      `Diese Nachricht ging an das Postfach von ${officeName(officeId)}.`,
      'Vorlagen – Bezirksamt (automatisch versandt, bitte nicht antworten)',
    ].join('\n'),
  };
}

/** A mail about one event to one office: keyed by the event and the office (D-120). */
function eventMail(
  kind: MailKind,
  subject: string,
  lines: (officeId: string, deadline: string) => readonly string[],
) {
  return (context: MailContext, eventId: string, officeId: string, deadline: string): Mail => ({
    key: `${eventId}:${officeId}`,
    kind,
    vorlageId: context.vorlageId,
    officeId,
    ...compose(context, officeId, subject, lines(officeId, deadline)),
  });
}

/** D-120: a request asks each office once. */
export const signOffRequestedMail = eventMail(
  'signOffRequested',
  'Bitte um Mitzeichnung',
  (officeId, deadline) => [
    `${officeName(officeId)} wird um Mitzeichnung der folgenden Vorlage gebeten.`,
    `Frist: ${deadlineWords(deadline)}.`,
  ],
);

export const deemedGivenMail = eventMail(
  'deemedGiven',
  'Mitzeichnung gilt als erteilt',
  (officeId, deadline) => [
    `Die Frist (${deadlineWords(deadline)}) ist abgelaufen, ohne dass ${officeName(officeId)} geantwortet hat.`,
    'Nach der Regel dieser Anfrage gilt die Mitzeichnung damit als erteilt.',
  ],
);

export const extensionGrantedMail = eventMail(
  'extensionGranted',
  'Fristverlängerung gewährt',
  (_officeId, deadline) => [
    'Die SPK hat die erbetene Fristverlängerung gewährt.',
    `Neue Frist: ${deadlineWords(deadline)}.`,
  ],
);

/** D-121: once per approval that a text change turned veraltet (key: office and signed Fassung). */
export function signOffStaleMail(
  context: MailContext,
  officeId: string,
  signedTextHash: string,
): Mail {
  return {
    key: `stale:${context.vorlageId}:${officeId}:${signedTextHash}`,
    kind: 'signOffStale',
    vorlageId: context.vorlageId,
    officeId,
    ...compose(context, officeId, 'Mitzeichnung veraltet', [
      `Der Text wurde geändert, nachdem ${officeName(officeId)} mitgezeichnet hat.`,
      'Die Mitzeichnung ist damit veraltet; bitte prüfen Sie die aktuelle Fassung und zeichnen Sie erneut.',
    ]),
  };
}

/** The reminder days: `workingDays` before the deadline's last day (D-122). */
export function reminderDays(
  deadline: string,
  workingDays: readonly number[],
): Map<number, string> {
  const lastDay = berlinDateOf(deadline);
  return new Map(workingDays.map((days) => [days, workingDaysBefore(lastDay, days)]));
}

/**
 * D-122: the reminders due at `now` for an office that still owes an answer: for each configured
 * number of working days before the deadline, once its day has come and while the deadline has not
 * passed. Only the latest due reminder is sent (a restart after a gap does not send a burst); the
 * key names the deadline, so an extended deadline gets reminders of its own.
 */
export function dueReminder(
  context: MailContext,
  officeId: string,
  deadline: string,
  workingDays: readonly number[],
  now: string,
): Mail | null {
  if (Date.parse(deadline) <= Date.parse(now)) return null;
  const today = berlinDateOf(now);
  const due = [...reminderDays(deadline, workingDays)]
    .filter(([, day]) => day <= today)
    .sort((a, b) => a[0] - b[0])[0];
  if (!due) return null;
  const [days] = due;
  return {
    key: `reminder:${context.vorlageId}:${officeId}:${deadline}:${days}`,
    kind: 'reminder',
    vorlageId: context.vorlageId,
    officeId,
    ...compose(context, officeId, 'Erinnerung: Mitzeichnung', [
      `Die Mitzeichnung durch ${officeName(officeId)} steht noch aus.`,
      `Frist: ${deadlineWords(deadline)} (${days === 1 ? 'noch 1 Arbeitstag' : `noch ${days} Arbeitstage`}).`,
    ]),
  };
}

/** `5,1` → [5, 1]: the configured reminder days, positive and distinct. */
export function parseReminderDays(value: string): number[] {
  const days = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => Number(part));
  if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 30)) {
    throw new RangeError('Erinnerungstage sind ganze Zahlen von 1 bis 30, z. B. „5,1“.');
  }
  return [...new Set(days)].sort((a, b) => b - a);
}
