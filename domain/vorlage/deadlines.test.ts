// D-100, D-105…D-107: requests with a computed deadline, and Fristverlängerung on a Vorlage.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  command,
  created,
  F0,
  frozen,
  given as signOffGiven,
  requested,
  textHead,
  VORLAGE_ID,
} from '../testing/fixtures';
import { givenVorlage } from '../testing/vorlage-spec';
import { RequestDeadlineExtensionSchema, RequestSignOffsSchema } from './commands';
import type { VorlageEvent } from './events';
import { effectiveDeadline } from './state';

const given = givenVorlage;
const id = VORLAGE_ID;
const DEADLINE = '2026-05-08T16:00:00Z'; // a Friday
const inSignOff = (deemed = false) => [
  created,
  requested({ deemed, deadline: DEADLINE }),
  frozen(F0, 'signOffsRequested'),
];

describe('RequestSignOffs with a period (D-100)', () => {
  it('D-100: computes the end from the period: two weeks from Friday 1 May 2026 end on Friday 15 May, 24:00 Berlin', () => {
    const events = given([created])
      .when(
        command(
          'RequestSignOffs',
          {
            vorlageId: id,
            officeIds: [ASKED_A],
            period: { unit: 'weeks', amount: 2 },
            deemedGivenPolicy: 'explicitOnly',
            fassungHash: F0.textHash,
          },
          ACTORS.leadSigner,
        ),
        { text: textHead(F0) },
      )
      .events();
    expect(events[0]).toMatchObject({
      type: 'SignOffsRequested',
      data: { deadline: '2026-05-15T21:59:59.999Z', period: { unit: 'weeks', amount: 2 } },
    });
  });

  it('D-17: a request names either a deadline or a period, not both, not none', () => {
    const base = {
      vorlageId: id,
      officeIds: [ASKED_A],
      deemedGivenPolicy: 'explicitOnly',
      fassungHash: F0.textHash,
    };
    expect(RequestSignOffsSchema.safeParse(base).success).toBe(false);
    expect(
      RequestSignOffsSchema.safeParse({
        ...base,
        deadline: DEADLINE,
        period: { unit: 'days', amount: 3 },
      }).success,
    ).toBe(false);
    expect(
      RequestSignOffsSchema.safeParse({ ...base, period: { unit: 'days', amount: 3 } }).success,
    ).toBe(true);
  });
});

const askForMore = (days = 7, by = ACTORS.askedMember, time?: string, officeId = ASKED_A) =>
  command(
    'RequestDeadlineExtension',
    { vorlageId: id, officeId, days, reason: 'Abstimmung mit dem Rechtsamt' },
    by,
    time ? { time } : {},
  );
const extensionRequested = (days = 7, proposed = '2026-05-15T21:59:59.999Z'): VorlageEvent => ({
  type: 'DeadlineExtensionRequested',
  data: {
    officeId: ASKED_A,
    round: 1,
    days,
    reason: 'Abstimmung mit dem Rechtsamt',
    requestedBy: { userId: ACTORS.askedMember.userId, displayName: ACTORS.askedMember.displayName },
    currentDeadline: DEADLINE,
    proposedDeadline: proposed,
  },
});
const extensionGranted: VorlageEvent = {
  type: 'DeadlineExtensionGranted',
  data: {
    officeId: ASKED_A,
    round: 1,
    days: 7,
    previousDeadline: DEADLINE,
    deadline: '2026-05-15T21:59:59.999Z',
  },
};

describe('Fristverlängerung (D-105…D-107)', () => {
  it('D-105: an asked office asks for up to 7 more days, counted from the last day (§ 190 BGB)', () => {
    given(inSignOff()).when(askForMore()).then([extensionRequested()]);
    // One day from Friday lands on Saturday: § 193 moves it to Monday.
    given(inSignOff())
      .when(askForMore(1))
      .then([extensionRequested(1, '2026-05-11T21:59:59.999Z')]);
  });

  it('D-105: only for one’s own asked, still silent office, before the deadline, one request at a time', () => {
    given(inSignOff()).when(askForMore(7, ACTORS.outsiderMember)).thenFails('not_own_office');
    given(inSignOff()).when(askForMore(7, ACTORS.spk)).thenFails('forbidden');
    given(inSignOff())
      .when(askForMore(7, ACTORS.outsiderMember, undefined, 'soziales'))
      .thenFails('office_not_asked');
    given([...inSignOff(), signOffGiven(ASKED_A, ACTORS.askedSigner)])
      .when(askForMore())
      .thenFails('already_answered');
    given([...inSignOff(), extensionRequested()])
      .when(askForMore())
      .thenFails('extension_already_requested');
    given(inSignOff())
      .when(askForMore(7, ACTORS.askedMember, '2026-05-09T08:00:00Z'))
      .thenFails('deadline_passed');
  });

  it('D-105, D-17: more than 7 days are refused at the boundary', () => {
    const data = { vorlageId: id, officeId: ASKED_A, reason: 'mehr Zeit' };
    expect(RequestDeadlineExtensionSchema.safeParse({ ...data, days: 7 }).success).toBe(true);
    expect(RequestDeadlineExtensionSchema.safeParse({ ...data, days: 8 }).success).toBe(false);
    expect(
      RequestDeadlineExtensionSchema.safeParse({ ...data, days: 3, reason: ' ' }).success,
    ).toBe(false);
  });

  it('D-106: the SPK grants it; the office’s deadline moves', () => {
    const state = given([...inSignOff(), extensionRequested()])
      .when(command('GrantDeadlineExtension', { vorlageId: id, officeId: ASKED_A }, ACTORS.spk))
      .then([extensionGranted]);
    expect(effectiveDeadline(state, ASKED_A)).toBe('2026-05-15T21:59:59.999Z');
    expect(effectiveDeadline(state, ASKED_B)).toBe(DEADLINE);
  });

  it('D-106: or refuses it with a reason; the deadline stays', () => {
    const state = given([...inSignOff(), extensionRequested()])
      .when(
        command(
          'RefuseDeadlineExtension',
          { vorlageId: id, officeId: ASKED_A, reason: 'Sitzungstermin steht fest' },
          ACTORS.spk,
        ),
      )
      .then([
        {
          type: 'DeadlineExtensionRefused',
          data: { officeId: ASKED_A, round: 1, reason: 'Sitzungstermin steht fest' },
        },
      ]);
    expect(effectiveDeadline(state, ASKED_A)).toBe(DEADLINE);
  });

  it('D-106: only the SPK decides, and only an open request', () => {
    given([...inSignOff(), extensionRequested()])
      .when(
        command('GrantDeadlineExtension', { vorlageId: id, officeId: ASKED_A }, ACTORS.leadSigner),
      )
      .thenFails('forbidden');
    given(inSignOff())
      .when(command('GrantDeadlineExtension', { vorlageId: id, officeId: ASKED_A }, ACTORS.spk))
      .thenFails('no_extension_requested');
    given([...inSignOff(), extensionRequested(), extensionGranted])
      .when(command('GrantDeadlineExtension', { vorlageId: id, officeId: ASKED_A }, ACTORS.spk))
      .thenFails('no_extension_requested');
  });

  const recordDeemed = (time: string) =>
    command('RecordDeemedSignOffs', { vorlageId: id }, ACTORS.system, { time });

  it('D-107: deemed consent waits for the extended deadline', () => {
    const history = [...inSignOff(true), extensionRequested(), extensionGranted];
    given(history)
      .when(recordDeemed('2026-05-10T08:00:00Z'))
      .then([
        {
          type: 'SignOffDeemedGiven',
          data: {
            officeId: ASKED_B,
            round: 1,
            deadline: DEADLINE,
            policy: 'deemedGivenAfterDeadline',
            fassung: F0,
          },
        },
      ]);
    const events = given(history).when(recordDeemed('2026-05-16T08:00:00Z')).events();
    expect(events.map((event) => [event.data, event.type])).toContainEqual([
      {
        officeId: ASKED_A,
        round: 1,
        deadline: '2026-05-15T21:59:59.999Z',
        policy: 'deemedGivenAfterDeadline',
        fassung: F0,
      },
      'SignOffDeemedGiven',
    ]);
  });

  it('D-107: an undecided request holds deemed consent; a refused one does not', () => {
    const events = given([...inSignOff(true), extensionRequested()])
      .when(recordDeemed('2026-05-10T08:00:00Z'))
      .events();
    expect(events.map((event) => (event.data as { officeId: string }).officeId)).toEqual([ASKED_B]);
    const refused: VorlageEvent = {
      type: 'DeadlineExtensionRefused',
      data: { officeId: ASKED_A, round: 1, reason: 'nein' },
    };
    const after = given([...inSignOff(true), extensionRequested(), refused])
      .when(recordDeemed('2026-05-10T08:00:00Z'))
      .events();
    expect(after.map((event) => (event.data as { officeId: string }).officeId)).toEqual([
      ASKED_A,
      ASKED_B,
    ]);
  });

  it('D-107: a new round for the office replaces an extension of an earlier round', () => {
    const state = given([
      ...inSignOff(),
      extensionRequested(),
      extensionGranted,
      requested({ round: 2, officeIds: [ASKED_A], deadline: '2026-06-01T10:00:00Z' }),
    ]).state;
    expect(effectiveDeadline(state, ASKED_A)).toBe('2026-06-01T10:00:00Z');
  });
});
