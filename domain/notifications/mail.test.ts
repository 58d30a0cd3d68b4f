// D-120…D-122: mail texts, keys and reminder days.
import { describe, expect, it } from 'vitest';
import {
  deadlineWords,
  dueReminder,
  parseReminderDays,
  reminderDays,
  signOffRequestedMail,
  signOffStaleMail,
} from './mail';

const context = {
  vorlageId: 'v-1',
  title: 'Einsetzung der AG Planung',
  link: 'https://vorlagen.example.org/vorlagen/v-1',
};
// Friday 15 May 2026, end of day in Berlin.
const DEADLINE = '2026-05-15T21:59:59.999Z';

describe('mails (D-120…D-122)', () => {
  it('D-120: a request mail names the Vorlage, the deadline and the link, in German', () => {
    const mail = signOffRequestedMail(context, 'event-1', 'jugendamt', DEADLINE);
    expect(mail.key).toBe('event-1:jugendamt');
    expect(mail.subject).toBe('Bitte um Mitzeichnung: Einsetzung der AG Planung');
    expect(mail.text).toContain('Jugendamt wird um Mitzeichnung');
    expect(mail.text).toContain('Frist: Freitag, 15.05.2026, 24:00 Uhr.');
    expect(mail.text).toContain('Zur Vorlage: https://vorlagen.example.org/vorlagen/v-1');
  });

  it('D-121: a stale mail is keyed by the approval it concerns', () => {
    expect(signOffStaleMail(context, 'soziales', 'a'.repeat(64)).key).toBe(
      `stale:v-1:soziales:${'a'.repeat(64)}`,
    );
  });

  it('D-122: reminder days count working days back from the last day', () => {
    expect([...reminderDays(DEADLINE, [5, 1])]).toEqual([
      // Thursday 14 May 2026 is Christi Himmelfahrt: 13, 12, 11, 8, 7 May are the working days before.
      [5, '2026-05-07'],
      [1, '2026-05-13'],
    ]);
  });

  it('D-122: the reminder of the day is due from its day until the deadline, keyed by deadline and day', () => {
    const at = (iso: string) => dueReminder(context, 'jugendamt', DEADLINE, [5, 1], iso);
    expect(at('2026-05-06T10:00:00Z')).toBeNull();
    expect(at('2026-05-07T06:00:00Z')?.key).toBe(`reminder:v-1:jugendamt:${DEADLINE}:5`);
    expect(at('2026-05-12T10:00:00Z')?.key).toBe(`reminder:v-1:jugendamt:${DEADLINE}:5`);
    expect(at('2026-05-13T10:00:00Z')?.key).toBe(`reminder:v-1:jugendamt:${DEADLINE}:1`);
    expect(at('2026-05-13T10:00:00Z')?.text).toContain('noch 1 Arbeitstag');
    expect(at('2026-05-16T10:00:00Z')).toBeNull();
  });

  it('parses the configured reminder days', () => {
    expect(parseReminderDays('1, 5')).toEqual([5, 1]);
    expect(() => parseReminderDays('0')).toThrow();
    expect(deadlineWords('2026-05-15T10:00:00Z')).toBe('Freitag, 15.05.2026, 12:00 Uhr');
  });
});
