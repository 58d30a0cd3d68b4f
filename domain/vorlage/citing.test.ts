// D-135 / D-181: "Zustimmung mit Anmerkungen" and "Ablehnung" cite discussion threads and change
// proposals of the signing office.
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  F0,
  LEAD,
  VORLAGE_ID,
  command,
  created,
  given,
  requested,
  testUuid,
  textHead,
} from '../testing/fixtures';
import { givenVorlage } from '../testing/vorlage-spec';
import { encodeProposalId } from '../text/proposals';
import { parseVorlageEvent, type VorlageEvent } from './events';

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

describe('sign-offs citing change proposals (D-181)', () => {
  const own = (nonce: string) =>
    encodeProposalId({ userId: 'jana', officeId: ASKED_A, displayName: 'Jana' }, nonce);
  const PENDING = own('pending');
  const DECIDED = own('decided');
  const OTHER_OFFICE = encodeProposalId({ userId: 'lena', officeId: LEAD }, 'lead');
  const withOpen = { text: { ...textHead(F0), openProposals: [PENDING, OTHER_OFFICE] } };
  const decided: VorlageEvent = {
    type: 'ProposalDecided',
    data: {
      proposalId: DECIDED,
      decision: 'rejected',
      author: { userId: 'jana', officeId: ASKED_A },
      decidedBy: { userId: 'lena', displayName: 'Lena', officeId: LEAD },
      inserted: 'neue ',
      deleted: '',
    },
  };
  const give = (citedProposalIds?: string[]) =>
    command(
      'GiveSignOff',
      {
        vorlageId: VORLAGE_ID,
        officeId: ASKED_A,
        kind: 'approveWithRemarks',
        remarks: 'Siehe unseren Vorschlag.',
        fassungHash: F0.textHash,
        ...(citedProposalIds ? { citedProposalIds } : {}),
      },
      ACTORS.askedSigner,
    );
  const refuseCiting = (citedProposalIds: string[]) =>
    command(
      'RefuseSignOff',
      {
        vorlageId: VORLAGE_ID,
        officeId: ASKED_A,
        reason: 'Unser Vorschlag wurde abgelehnt.',
        fassungHash: F0.textHash,
        citedProposalIds,
      },
      ACTORS.askedSigner,
    );

  it('D-181: an approval with remarks cites a pending proposal of its office', () => {
    const [event] = givenVorlage([created, requested()])
      .when(give([PENDING]), withOpen)
      .events();
    expect(event).toMatchObject({ type: 'SignOffGiven', data: { citedProposalIds: [PENDING] } });
  });

  it('D-181: a refusal cites a decided proposal (no longer in the text); the state keeps it', () => {
    const events = givenVorlage([created, requested(), decided])
      .when(refuseCiting([DECIDED, DECIDED]), { text: textHead(F0) })
      .events();
    const state = givenVorlage([created, requested(), decided, ...events]).state;
    expect(state.status !== 'none' && state.signOffs[ASKED_A]?.citedProposalIds).toEqual([DECIDED]);
  });

  it("D-181: another office's proposal, an unknown id or a malformed id cannot be cited", () => {
    givenVorlage([created, requested()])
      .when(give([PENDING, OTHER_OFFICE]), withOpen)
      .thenFails('proposal_not_citable', { proposalIds: [OTHER_OFFICE] });
    givenVorlage([created, requested()])
      .when(give([own('never-proposed')]), withOpen)
      .thenFails('proposal_not_citable');
    givenVorlage([created, requested()])
      .when(refuseCiting(['not-a-proposal']), {
        text: { ...textHead(F0), openProposals: ['not-a-proposal'] },
      })
      .thenFails('proposal_not_citable');
  });

  it('D-181: without proposals cited the event has no field; citing one more is a new answer', () => {
    const first = givenVorlage([created, requested()]).when(give(), withOpen).events();
    expect(first[0]?.data).not.toHaveProperty('citedProposalIds');
    givenVorlage([created, requested(), ...first])
      .when(give([PENDING]), withOpen)
      .events();
    givenVorlage([created, requested(), ...first])
      .when(give(), withOpen)
      .thenFails('sign_off_unchanged');
  });
});
