import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  command,
  created,
  F0,
  frozen,
  lockedHead,
  requested,
  testUuid,
  textHead,
  VORLAGE_ID,
} from '../testing/fixtures';
import { givenVorlage as given } from '../testing/vorlage-spec';
import { encodeProposalId, proposalDigest } from '../text/proposals';
import type { TextHead } from '../text/text-events';
import type { VorlageEvent } from './events';
import { proposalOverview } from './proposal-decisions';

const id = VORLAGE_ID;
const signer = ACTORS.askedSigner;
const ins = encodeProposalId({ userId: signer.userId, officeId: signer.officeId }, 'n1');
const del = encodeProposalId({ userId: signer.userId, officeId: signer.officeId }, 'n2');
const withOpen = (open: string[], base: TextHead = textHead(F0)): { text: TextHead } => ({
  text: { ...base, openProposals: open },
});
const inSignOff = [created, requested(), frozen(F0, 'signOffsRequested')];

const decide = (
  by = ACTORS.leadMember,
  decisions: { proposalId: string; decision: 'accepted' | 'rejected' }[] = [
    { proposalId: ins, decision: 'accepted' },
  ],
) =>
  command(
    'DecideProposals',
    {
      vorlageId: id,
      decisions: decisions.map((d) => ({
        ...d,
        inserted: d.proposalId === ins ? 'neue ' : '',
        deleted: d.proposalId === del ? 'wird ' : '',
      })),
    },
    by,
  );

const decidedEvent = (
  proposalId: string,
  decision: 'accepted' | 'rejected',
  by = ACTORS.leadMember,
): VorlageEvent => ({
  type: 'ProposalDecided',
  data: {
    proposalId,
    decision,
    author: { userId: signer.userId, officeId: signer.officeId },
    decidedBy: { userId: by.userId, displayName: by.displayName, officeId: by.officeId },
    inserted: proposalId === ins ? 'neue ' : '',
    deleted: proposalId === del ? 'wird ' : '',
  },
});

describe('DecideProposals (D-144, D-145, D-147)', () => {
  it('D-144/D-147: the lead office accepts one and rejects another; each decision names author and decider; the overview lists both by office', () => {
    const state = given(inSignOff)
      .when(
        decide(ACTORS.leadMember, [
          { proposalId: ins, decision: 'accepted' },
          { proposalId: del, decision: 'rejected' },
        ]),
        withOpen([ins, del]),
      )
      .then([decidedEvent(ins, 'accepted'), decidedEvent(del, 'rejected')]);
    expect(proposalOverview(state)).toEqual([
      {
        officeId: signer.officeId,
        accepted: [decidedEvent(ins, 'accepted').data],
        rejected: [decidedEvent(del, 'rejected').data],
      },
    ]);
  });

  it('D-144: SPK decides too', () => {
    given(inSignOff)
      .when(decide(ACTORS.spk), withOpen([ins]))
      .then([decidedEvent(ins, 'accepted', ACTORS.spk)]);
  });

  it('D-144: signers (even of the lead office), other offices, rapporteur and auditor may not decide', () => {
    for (const by of [
      ACTORS.leadSigner,
      ACTORS.askedSigner,
      ACTORS.askedMember,
      ACTORS.rapporteur,
      ACTORS.auditor,
    ]) {
      given(inSignOff)
        .when(decide(by), withOpen([ins]))
        .thenFails('forbidden');
    }
  });

  it('D-145: only a proposal pending in the stored text can be decided', () => {
    given(inSignOff)
      .when(decide(), withOpen([del]))
      .thenFails('proposal_not_open');
    const foreign = 'not-a-proposal-id';
    given(inSignOff)
      .when(
        decide(ACTORS.leadMember, [{ proposalId: foreign, decision: 'accepted' }]),
        withOpen([foreign]),
      )
      .thenFails('proposal_not_open');
  });

  it('D-195: the texts a decision names must be the proposal’s texts in the stored text', async () => {
    const stored = await proposalDigest({ inserted: 'neue ', deleted: '' });
    const context = (named: string) => ({
      text: { ...textHead(F0), openProposals: [ins], openProposalDigests: { [ins]: stored } },
      decisionDigests: { [ins]: named },
    });
    given(inSignOff)
      .when(decide(), context(await proposalDigest({ inserted: 'harmlos ', deleted: '' })))
      .thenFails('proposal_text_mismatch');
    given(inSignOff)
      .when(decide(), context(stored))
      .then([decidedEvent(ins, 'accepted')]);
    // A head stored before D-195 carries no digests: the excerpt cannot be checked.
    given(inSignOff)
      .when(decide(), { ...withOpen([ins]), decisionDigests: { [ins]: 'x' } })
      .then([decidedEvent(ins, 'accepted')]);
  });

  it('D-145: a proposal is decided once', () => {
    given([...inSignOff, decidedEvent(ins, 'accepted')])
      .when(decide(ACTORS.leadMember, [{ proposalId: ins, decision: 'rejected' }]), withOpen([ins]))
      .thenFails('proposal_already_decided');
  });

  it('D-144: not while editing is locked', () => {
    const lockId = testUuid(901);
    given([
      ...inSignOff,
      {
        type: 'EditingLocked',
        data: { lockId, fassung: F0, textRevision: '3', markerRevision: '4' },
      },
    ])
      .when(decide(), withOpen([ins], lockedHead(F0, lockId)))
      .thenFails('invalid_transition');
  });
});

describe('LockEditing with open proposals (D-146)', () => {
  it('D-146: locking while proposals are pending asks to decide them first', () => {
    const lockId = testUuid(902);
    given(inSignOff)
      .when(
        command('LockEditing', { vorlageId: id }, ACTORS.leadMember, { commandId: lockId }),
        withOpen([ins], lockedHead(F0, lockId)),
      )
      .thenFails('proposals_open');
  });
});
