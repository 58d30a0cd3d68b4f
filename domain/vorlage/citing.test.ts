// D-135: "Zustimmung mit Anmerkungen" and "Ablehnung" cite discussion threads of the signing office.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  F0,
  VORLAGE_ID,
  command,
  created,
  given,
  requested,
  testUuid,
  textHead,
} from '../testing/fixtures';
import { givenVorlage } from '../testing/vorlage-spec';
import { parseVorlageEvent } from './events';

const OWN = testUuid(701);
const FOREIGN = testUuid(702);
const head = { text: textHead(F0), citableThreadIds: [OWN] };

const giveWithRemarks = (citedThreadIds?: string[]) =>
  command(
    'GiveSignOff',
    {
      vorlageId: VORLAGE_ID,
      officeId: ASKED_A,
      kind: 'approveWithRemarks',
      remarks: 'Siehe Kommentar zur Begründung.',
      fassungHash: F0.textHash,
      ...(citedThreadIds ? { citedThreadIds } : {}),
    },
    ACTORS.askedSigner,
  );

const refuse = (citedThreadIds: string[]) =>
  command(
    'RefuseSignOff',
    {
      vorlageId: VORLAGE_ID,
      officeId: ASKED_A,
      reason: 'Siehe Kommentar.',
      fassungHash: F0.textHash,
      citedThreadIds,
    },
    ACTORS.askedSigner,
  );

describe('sign-offs citing discussion threads (D-135)', () => {
  it('D-135: an approval with remarks cites a thread its office started', () => {
    const [event] = givenVorlage([created, requested()])
      .when(giveWithRemarks([OWN]), head)
      .events();
    expect(event).toMatchObject({ type: 'SignOffGiven', data: { citedThreadIds: [OWN] } });
  });

  it('D-135: a refusal cites a thread; the state keeps the citation', () => {
    const state = givenVorlage([created, requested()])
      .when(refuse([OWN]), head)
      .then([
        {
          type: 'SignOffRefused',
          data: {
            officeId: ASKED_A,
            round: 1,
            reason: 'Siehe Kommentar.',
            signer: { userId: 'jana', displayName: 'Jana' },
            inVertretungFor: null,
            fassung: F0,
            citedThreadIds: [OWN],
          },
        },
      ]);
    expect(state.status !== 'none' && state.signOffs[ASKED_A]?.citedThreadIds).toEqual([OWN]);
  });

  it('D-135: a thread of another office, or none at all, cannot be cited', () => {
    givenVorlage([created, requested()])
      .when(giveWithRemarks([OWN, FOREIGN]), head)
      .thenFails('thread_not_citable', { threadIds: [FOREIGN] });
    givenVorlage([created, requested()])
      .when(refuse([OWN]), { text: textHead(F0) })
      .thenFails('thread_not_citable');
  });

  it('D-135: without citations the event has no field, and events stored before D-135 fold', () => {
    const [event] = givenVorlage([created, requested()]).when(giveWithRemarks(), head).events();
    expect(event?.data).not.toHaveProperty('citedThreadIds');
    const old = given(ASKED_A, ACTORS.askedSigner);
    expect(parseVorlageEvent(old.type, old.data, 2)).toEqual(old);
    const state = givenVorlage([created, requested(), old]).state;
    expect(state.status !== 'none' && state.signOffs[ASKED_A]?.status).toBe('approved');
  });

  it('D-135: citing another thread is a new answer, not an unchanged one', () => {
    const first = givenVorlage([created, requested()]).when(giveWithRemarks(), head).events();
    givenVorlage([created, requested(), ...first])
      .when(giveWithRemarks([OWN]), head)
      .events();
    givenVorlage([created, requested(), ...first])
      .when(giveWithRemarks(), head)
      .thenFails('sign_off_unchanged');
  });
});
