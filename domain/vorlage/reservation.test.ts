// Issue 19, Zustimmung unter Vorbehalt (D-158, D-159): an approval with a condition; the lead
// office reports the condition fulfilled; the office confirms or objects.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  command,
  created,
  F0,
  frozen,
  requested,
  textHead,
  VORLAGE_ID,
} from '../testing/fixtures';
import { givenVorlage as given } from '../testing/vorlage-spec';
import type { VorlageEvent } from './events';
import type { VorlageState } from './state';

const CONDITION = 'Die Kostenschätzung wird in Abschnitt 7 ergänzt.';
const inSignOff = [created, requested(), frozen(F0, 'signOffsRequested')];
const signer = { userId: ACTORS.askedSigner.userId, displayName: ACTORS.askedSigner.displayName };

const reserved: VorlageEvent = {
  type: 'SignOffGiven',
  data: {
    officeId: ASKED_A,
    round: 1,
    kind: 'approve',
    remarks: null,
    reservation: { condition: CONDITION },
    signer,
    inVertretungFor: null,
    fassung: F0,
  },
};
const marked: VorlageEvent = {
  type: 'ReservationMarkedFulfilled',
  data: {
    officeId: ASKED_A,
    round: 1,
    note: 'Abschnitt 7 ergänzt.',
    markedBy: { userId: ACTORS.leadMember.userId, displayName: ACTORS.leadMember.displayName },
  },
};

const reservationOf = (state: VorlageState) =>
  state.status === 'none' ? undefined : state.signOffs[ASKED_A]?.reservation;

const mark = (by = ACTORS.leadMember) =>
  command(
    'MarkReservationFulfilled',
    { vorlageId: VORLAGE_ID, officeId: ASKED_A, note: 'Abschnitt 7 ergänzt.' },
    by,
  );
const confirm = (by = ACTORS.askedSigner) =>
  command('ConfirmReservation', { vorlageId: VORLAGE_ID, officeId: ASKED_A }, by);
const object = (by = ACTORS.askedSigner) =>
  command(
    'ObjectToReservation',
    { vorlageId: VORLAGE_ID, officeId: ASKED_A, reason: 'Kosten fehlen weiterhin.' },
    by,
  );

describe('Zustimmung unter Vorbehalt (D-158)', () => {
  it('D-158: a signer approves with a condition; the reservation is open', () => {
    const state = given(inSignOff)
      .when(
        command(
          'GiveSignOff',
          {
            vorlageId: VORLAGE_ID,
            officeId: ASKED_A,
            kind: 'approve',
            reservation: CONDITION,
            fassungHash: F0.textHash,
          },
          ACTORS.askedSigner,
        ),
        { text: textHead(F0) },
      )
      .then([reserved]);
    expect(reservationOf(state)).toEqual({
      condition: CONDITION,
      state: 'open',
      note: null,
      objection: null,
    });
  });

  it('D-158: a sign-off before issue 19 (no reservation field) folds without a reservation', () => {
    const { reservation: _r, ...old } = (
      reserved as Extract<VorlageEvent, { type: 'SignOffGiven' }>
    ).data;
    const state = given([...inSignOff, { type: 'SignOffGiven', data: old }]).state;
    expect(reservationOf(state) ?? null).toBeNull();
  });
});

describe('the condition of a reservation (D-159)', () => {
  it('D-159: the lead office marks it fulfilled; the office confirms', () => {
    const afterMark = given([...inSignOff, reserved])
      .when(mark())
      .then([marked]);
    expect(reservationOf(afterMark)?.state).toBe('fulfilled');
    const state = given([...inSignOff, reserved, marked])
      .when(confirm())
      .then([{ type: 'ReservationConfirmed', data: { officeId: ASKED_A, round: 1, signer } }]);
    expect(reservationOf(state)?.state).toBe('confirmed');
  });

  it('D-159: the office objects with a reason; the lead office may mark it again', () => {
    const objected: VorlageEvent = {
      type: 'ReservationObjected',
      data: { officeId: ASKED_A, round: 1, reason: 'Kosten fehlen weiterhin.', signer },
    };
    const state = given([...inSignOff, reserved, marked])
      .when(object())
      .then([objected]);
    expect(reservationOf(state)).toMatchObject({
      state: 'objected',
      objection: 'Kosten fehlen weiterhin.',
    });
    given([...inSignOff, reserved, marked, objected])
      .when(mark())
      .then([marked]);
  });

  it('D-159: only the lead office or SPK marks; nothing to mark without an open reservation', () => {
    given([...inSignOff, reserved])
      .when(mark(ACTORS.askedSigner))
      .thenFails('forbidden');
    given([...inSignOff, reserved, marked])
      .when(mark())
      .thenFails('no_open_reservation');
    given(inSignOff).when(mark()).thenFails('no_open_reservation');
  });

  it('D-159: the office answers only once marked, and only its own signer', () => {
    given([...inSignOff, reserved])
      .when(confirm())
      .thenFails('reservation_not_marked');
    given([...inSignOff, reserved, marked])
      .when(object(ACTORS.askedBSigner))
      .thenFails('not_own_office');
    given([...inSignOff, reserved, marked])
      .when(confirm(ACTORS.askedMember))
      .thenFails('forbidden');
  });

  it('D-159: a refusal ends the reservation', () => {
    const state = given([
      ...inSignOff,
      reserved,
      {
        type: 'SignOffRefused',
        data: {
          officeId: ASKED_A,
          round: 1,
          reason: 'Nein',
          signer,
          inVertretungFor: null,
          fassung: F0,
        },
      },
    ]).state;
    expect(reservationOf(state) ?? null).toBeNull();
  });
});
