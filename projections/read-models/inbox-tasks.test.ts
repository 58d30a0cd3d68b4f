// D-166: the inbox's tasks besides a sign-off — a reservation reported fulfilled waits for the
// reserving office, an involved representation's Stellungnahme for the representation, an open
// dissent for the lead office; each leaves once done, and none outlives the sign-off phase.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  frozen,
  LEAD,
  requested,
} from '../../domain/testing/fixtures';
import { evolve, initialState, type VorlageEvent, type VorlageState } from '../../domain/vorlage';
import { inboxTasks } from './office-inbox';

const person = (actor: { userId: string; displayName: string }) => ({
  userId: actor.userId,
  displayName: actor.displayName,
});
const inSignOff: VorlageEvent[] = [created, requested(), frozen(F0, 'signOffsRequested')];
const reserved: VorlageEvent = {
  type: 'SignOffGiven',
  data: {
    officeId: ASKED_A,
    round: 1,
    kind: 'approve',
    remarks: null,
    reservation: { condition: 'Kosten in Abschnitt 7' },
    signer: person(ACTORS.askedSigner),
    inVertretungFor: null,
    fassung: F0,
  },
};
const marked: VorlageEvent = {
  type: 'ReservationMarkedFulfilled',
  data: { officeId: ASKED_A, round: 1, note: null, markedBy: person(ACTORS.leadMember) },
};
const confirmed: VorlageEvent = {
  type: 'ReservationConfirmed',
  data: { officeId: ASKED_A, round: 1, signer: person(ACTORS.askedSigner) },
};
const refusedB: VorlageEvent = {
  type: 'SignOffRefused',
  data: {
    officeId: ASKED_B,
    round: 1,
    reason: 'Flächenbedarf ungeklärt',
    signer: person(ACTORS.askedBSigner),
    inVertretungFor: null,
    fassung: F0,
  },
};
const toBoard: VorlageEvent = {
  type: 'DissentSubmittedToBoard',
  data: {
    officeId: ASKED_B,
    reason: 'Flächenbedarf ungeklärt',
    submittedBy: person(ACTORS.leadMember),
  },
};
const involved: VorlageEvent = {
  type: 'ParticipationRequested',
  data: { representationIds: ['personalrat'] },
};
const statement: VorlageEvent = {
  type: 'StatementSubmitted',
  data: {
    representationId: 'personalrat',
    statement: 'Keine Einwände.',
    by: { userId: 'pr', displayName: 'Vertretung PR' },
  },
};

const tasksAfter = (events: readonly VorlageEvent[]) => {
  const state: VorlageState = events.reduce(evolve, initialState());
  if (state.status === 'none') throw new Error('no Vorlage');
  return inboxTasks(state).map(({ officeId, task }) => ({ officeId, task }));
};

describe('inbox tasks besides a sign-off (D-166)', () => {
  it('a reservation reported fulfilled waits for the reserving office until it answers', () => {
    expect(tasksAfter([...inSignOff, reserved])).toEqual([]);
    expect(tasksAfter([...inSignOff, reserved, marked])).toEqual([
      { officeId: ASKED_A, task: 'reservationFulfilled' },
    ]);
    expect(tasksAfter([...inSignOff, reserved, marked, confirmed])).toEqual([]);
  });

  it('an open dissent waits for the lead office until it goes to the board', () => {
    expect(tasksAfter([...inSignOff, refusedB])).toEqual([{ officeId: LEAD, task: 'dissentOpen' }]);
    const failed: VorlageEvent = {
      type: 'AgreementAttemptRecorded',
      data: {
        officeId: ASKED_B,
        date: '2026-05-05',
        participants: 'Stapl, UmNat',
        result: 'failed',
        note: null,
        recordedBy: person(ACTORS.leadMember),
      },
    };
    expect(tasksAfter([...inSignOff, refusedB, failed, toBoard])).toEqual([]);
  });

  it('an involved representation is asked for its Stellungnahme until it gives one', () => {
    expect(tasksAfter([created, involved])).toEqual([
      { officeId: 'personalrat', task: 'statementRequested' },
    ]);
    expect(tasksAfter([created, involved, statement])).toEqual([]);
  });
});
