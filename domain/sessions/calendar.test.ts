// D-112…D-114: the session calendar, past sessions refused, moving a Vorlage, overview flags.
import { describe, expect, it } from 'vitest';
import { ACTORS, command, created, F0, LEAD, VORLAGE_ID } from '../testing/fixtures';
import { givenVorlage } from '../testing/vorlage-spec';
import { isWorkingDay } from '../deadlines/deadline';
import {
  foldSessionCalendar,
  SESSION_SCHEDULED,
  sessionFlags,
  upcomingSessions,
  weeklySessions,
} from './calendar';

const given = givenVorlage;

describe('session calendar (D-112)', () => {
  it('D-112: weekly Tuesday sessions skip holidays; the submission deadline is 5 working days before', () => {
    const sessions = weeklySessions('2025-12-17', 4);
    // 23.12., 30.12., 6.1. — and no session on a holiday.
    expect(sessions.map((session) => session.date)).toEqual([
      '2025-12-23',
      '2025-12-30',
      '2026-01-06',
      '2026-01-13',
    ]);
    expect(sessions[1]).toEqual({ date: '2025-12-30', submissionDeadline: '2025-12-19' });
    for (const session of sessions) expect(isWorkingDay(session.submissionDeadline)).toBe(true);
    // Two weeks of Friday sessions: Karfreitag (3 April) has none.
    expect(weeklySessions('2026-03-31', 2, 5).map((session) => session.date)).toEqual([
      '2026-04-10',
    ]);
  });

  it('D-112: the calendar folds stored events, skips unreadable ones, lists upcoming sessions', () => {
    const calendar = foldSessionCalendar([
      { type: SESSION_SCHEDULED, data: { date: '2026-06-02', submissionDeadline: '2026-05-26' } },
      { type: SESSION_SCHEDULED, data: { date: '2026-05-19', submissionDeadline: '2026-05-12' } },
      { type: SESSION_SCHEDULED, data: { date: '2026-05-26', submissionDeadline: '2026-05-27' } },
      { type: 'Other', data: {} },
    ]);
    expect(calendar.map((session) => session.date)).toEqual(['2026-05-19', '2026-06-02']);
    expect(upcomingSessions(calendar, '2026-05-20').map((session) => session.date)).toEqual([
      '2026-06-02',
    ]);
  });
});

describe('session date rules (D-113)', () => {
  const create = (targetSessionDate: string) =>
    command(
      'CreateVorlage',
      {
        vorlageId: VORLAGE_ID,
        title: 'Einsetzung der AG Planung',
        leadOfficeId: LEAD,
        rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: 'carolina' },
        targetSessionDate,
        initialText: {},
      },
      ACTORS.leadMember,
    );

  it('D-113: a Vorlage "für die Bezirksamtssitzung am 01.01.2020" is refused (reported defect)', () => {
    given([]).when(create('2020-01-01'), { initialFassung: F0 }).thenFails('session_date_in_past');
  });

  it('D-113: a session today or later is accepted', () => {
    // T0 is 2026-05-01 10:00 in Berlin.
    given([]).when(create('2026-05-01'), { initialFassung: F0 }).events();
  });

  it('D-113: the lead office or SPK moves the Vorlage to another session; the past is refused', () => {
    const move = (date: string, by = ACTORS.leadMember) =>
      command(
        'ChangeTargetSession',
        { vorlageId: VORLAGE_ID, targetSessionDate: date, reason: 'Beratungsbedarf' },
        by,
      );
    const state = given([created])
      .when(move('2026-06-02'))
      .then([
        {
          type: 'TargetSessionChanged',
          data: {
            previousSessionDate: '2026-05-19',
            targetSessionDate: '2026-06-02',
            reason: 'Beratungsbedarf',
          },
        },
      ]);
    expect(state.status !== 'none' && state.targetSessionDate).toBe('2026-06-02');
    given([created]).when(move('2026-04-28')).thenFails('session_date_in_past');
    given([created]).when(move('2026-05-19')).thenFails('session_unchanged');
    given([created]).when(move('2026-06-02', ACTORS.outsiderMember)).thenFails('forbidden');
    given([created]).when(move('2026-06-02', ACTORS.spk)).events();
  });
});

describe('overview flags (D-114)', () => {
  const session = { date: '2026-05-19', submissionDeadline: '2026-05-12' };
  it('D-114: flags a session in the past', () => {
    expect(
      sessionFlags({
        targetSessionDate: '2026-05-19',
        today: '2026-05-20',
        session,
        openDeadlines: [],
      }),
    ).toEqual([{ kind: 'sessionPast' }]);
  });
  it('D-114: flags offices whose deadline lies after the submission deadline', () => {
    expect(
      sessionFlags({
        targetSessionDate: '2026-05-19',
        today: '2026-05-01',
        session,
        openDeadlines: [
          { officeId: 'soziales', lastDay: '2026-05-15' },
          { officeId: 'jugendamt', lastDay: '2026-05-12' },
        ],
      }),
    ).toEqual([
      { kind: 'signOffsTooLate', submissionDeadline: '2026-05-12', officeIds: ['soziales'] },
    ]);
  });
  it('D-114: nothing to flag when everything can finish in time', () => {
    expect(
      sessionFlags({
        targetSessionDate: '2026-05-19',
        today: '2026-05-01',
        session: null,
        openDeadlines: [{ officeId: 'soziales', lastDay: '2026-05-18' }],
      }),
    ).toEqual([]);
  });
});
