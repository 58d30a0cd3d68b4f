// Issue 19, dissent after a refusal (D-160…D-163): Einigungsversuch, „Dem Bezirksamt zur
// Entscheidung vorlegen“, the block "Verbliebene Meinungsverschiedenheiten" and the board's decision.
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
  LOCK_ID,
  locked,
  lockedHead,
  requested,
  textHead,
  VORLAGE_ID,
} from '../testing/fixtures';
import { givenVorlage as given } from '../testing/vorlage-spec';
import type { VorlageEvent } from './events';
import { remainingDisagreements } from './disagreements';

const signerB = {
  userId: ACTORS.askedBSigner.userId,
  displayName: ACTORS.askedBSigner.displayName,
};
const lead = { userId: ACTORS.leadMember.userId, displayName: ACTORS.leadMember.displayName };
const REASON = 'Flächenbedarf ungeklärt';

const refusedB: VorlageEvent = {
  type: 'SignOffRefused',
  data: {
    officeId: ASKED_B,
    round: 1,
    reason: REASON,
    signer: signerB,
    inVertretungFor: null,
    fassung: F0,
  },
};
const attempt = (result: 'agreed' | 'failed'): VorlageEvent => ({
  type: 'AgreementAttemptRecorded',
  data: {
    officeId: ASKED_B,
    date: '2026-05-05',
    participants: 'Stapl, UmNat',
    result,
    note: null,
    recordedBy: lead,
  },
});
const toBoard: VorlageEvent = {
  type: 'DissentSubmittedToBoard',
  data: { officeId: ASKED_B, reason: REASON, submittedBy: lead },
};
const inSignOff = [created, requested(), frozen(F0, 'signOffsRequested')];
const refused = [...inSignOff, signOffGiven(ASKED_A, ACTORS.askedSigner), refusedB];

const recordAttempt = (result: 'agreed' | 'failed', by = ACTORS.leadMember) =>
  command(
    'RecordAgreementAttempt',
    {
      vorlageId: VORLAGE_ID,
      officeId: ASKED_B,
      date: '2026-05-05',
      participants: 'Stapl, UmNat',
      result,
    },
    by,
  );
const submitToBoard = (by = ACTORS.leadMember) =>
  command('SubmitDissentToBoard', { vorlageId: VORLAGE_ID, officeId: ASKED_B }, by);

describe('Einigungsversuch (D-160)', () => {
  it('D-160: a refusal opens a dissent; the lead office records an attempt', () => {
    const state = given(refused)
      .when(recordAttempt('failed'))
      .then([attempt('failed')]);
    expect(remainingDisagreements(state)).toMatchObject([
      { officeId: ASKED_B, reason: REASON, state: 'open', attempts: [{ result: 'failed' }] },
    ]);
  });

  it('D-160: only the lead office or SPK; only for a standing refusal', () => {
    given(refused).when(recordAttempt('failed', ACTORS.askedSigner)).thenFails('forbidden');
    given(inSignOff).when(recordAttempt('failed')).thenFails('no_dissent');
  });
});

describe('Dem Bezirksamt zur Entscheidung vorlegen (D-161)', () => {
  it('D-161: after a failed attempt the dissent goes to the board and lists as such', () => {
    const state = given([...refused, attempt('failed')])
      .when(submitToBoard(), { text: textHead(F0) })
      .then([toBoard]);
    expect(remainingDisagreements(state)[0]?.state).toBe('forBoard');
  });

  it('D-161: not without a failed latest attempt; not twice', () => {
    given(refused)
      .when(submitToBoard(), { text: textHead(F0) })
      .thenFails('no_failed_attempt');
    given([...refused, attempt('failed'), attempt('agreed')])
      .when(submitToBoard(), { text: textHead(F0) })
      .thenFails('no_failed_attempt');
    given([...refused, attempt('failed'), toBoard])
      .when(submitToBoard(), { text: textHead(F0) })
      .thenFails('dissent_before_board');
  });

  it('D-161: a dissent before the board needs no override at submission', () => {
    const events = given([
      ...refused,
      attempt('failed'),
      toBoard,
      locked(),
      frozen(F0, 'editingLocked'),
    ])
      .when(
        command(
          'SubmitToSession',
          { vorlageId: VORLAGE_ID, sessionDate: '2026-05-19' },
          ACTORS.spk,
        ),
        {
          text: lockedHead(F0, LOCK_ID),
        },
      )
      .events();
    expect(events[0]).toMatchObject({ type: 'SubmittedToSession', data: { override: null } });
  });

  it('D-154, D-155: a dissent before the board completes the stage', () => {
    const plan: VorlageEvent = {
      type: 'SignOffPlanSet',
      data: {
        stages: [
          { stage: 1, name: 'Fachämter', officeIds: [ASKED_A, ASKED_B] },
          { stage: 2, name: 'Querschnitt', officeIds: ['soziales'] },
        ],
        period: { unit: 'weeks', amount: 2 },
        deemedGivenPolicy: 'explicitOnly',
      },
    };
    const events = given([
      ...inSignOff.slice(0, 2),
      plan,
      inSignOff[2]!,
      signOffGiven(ASKED_A, ACTORS.askedSigner),
      refusedB,
      attempt('failed'),
    ])
      .when(submitToBoard(), { text: textHead(F0) })
      .events();
    expect(events.map((e) => e.type)).toEqual([
      'DissentSubmittedToBoard',
      'SignOffsRequested',
      'TextVersionFrozen',
    ]);
  });
});

describe('resolved and decided dissent (D-162, D-163)', () => {
  it('D-162: a refusal withdrawn or changed to an approval shows as resolved', () => {
    const withdrawn: VorlageEvent = {
      type: 'SignOffWithdrawn',
      data: {
        officeId: ASKED_B,
        round: 1,
        signer: signerB,
        inVertretungFor: null,
        reason: null,
        withdrawnStatus: 'refused',
      },
    };
    expect(remainingDisagreements(given([...refused, withdrawn]).state)).toMatchObject([
      { state: 'resolved', resolution: 'withdrawn' },
    ]);
    expect(
      remainingDisagreements(
        given([...refused, attempt('agreed'), signOffGiven(ASKED_B, ACTORS.askedBSigner)]).state,
      ),
    ).toMatchObject([
      { state: 'resolved', resolution: 'approved', attempts: [{ result: 'agreed' }] },
    ]);
  });

  const submitted: VorlageEvent = {
    type: 'SubmittedToSession',
    data: {
      sessionDate: '2026-05-19',
      lockId: LOCK_ID,
      fassung: F0,
      signOffs: [
        { officeId: ASKED_A, status: 'valid' },
        { officeId: ASKED_B, status: 'refused' },
      ],
      override: null,
    },
  };
  const beforeBoard = [...refused, attempt('failed'), toBoard, locked(), submitted];
  const decide = (dissentDecisions?: { officeId: string; decision: string }[]) =>
    command(
      'RecordDecision',
      {
        vorlageId: VORLAGE_ID,
        outcome: 'adopted',
        ...(dissentDecisions ? { dissentDecisions } : {}),
      },
      ACTORS.spk,
      { time: '2026-05-19T14:00:00Z' }, // on the session day (D-180)
    );

  it('D-163: the decision records how the board decided each dissent', () => {
    const decision = [{ officeId: ASKED_B, decision: 'Das Bezirksamt folgt der Federführung.' }];
    const state = given(beforeBoard)
      .when(decide(decision))
      .then([
        {
          type: 'DecisionRecorded',
          data: {
            sessionDate: '2026-05-19',
            outcome: 'adopted',
            changes: null,
            note: null,
            dissentDecisions: decision,
          },
        },
      ]);
    expect(remainingDisagreements(state)).toMatchObject([
      {
        state: 'decided',
        boardDecision: { outcome: 'adopted', note: 'Das Bezirksamt folgt der Federführung.' },
      },
    ]);
  });

  it('D-163: a dissent before the board must be decided; none other may', () => {
    given(beforeBoard).when(decide()).thenFails('dissent_decision_missing');
    given(beforeBoard)
      .when(
        decide([
          { officeId: ASKED_B, decision: 'x' },
          { officeId: ASKED_A, decision: 'y' },
        ]),
      )
      .thenFails('no_dissent');
  });
});

describe('comment threads in the block (D-182)', () => {
  const thread = (
    threadId: string,
    dissent: { by: string } | null,
    resolved = false,
    body = 'Die Kosten sind nicht gedeckt.',
  ) => ({
    threadId,
    sectionKey: 'justification',
    quote: 'Die Kosten trägt das Jugendamt.',
    body,
    author: { officeId: ASKED_A },
    resolved,
    dissent,
  });

  it('D-182: after the refusals, the threads marked as dissent with office, passage and comment', () => {
    const state = given(refused).state;
    const entries = remainingDisagreements(state, [
      thread('t1', { by: 'Anna' }),
      thread('t2', null),
      thread('t3', { by: 'Jana' }, true, 'x'.repeat(400)),
    ]);
    expect(entries.map((entry) => entry.kind)).toEqual(['refusal', 'thread', 'thread']);
    expect(entries[1]).toEqual({
      kind: 'thread',
      threadId: 't1',
      officeId: ASKED_A,
      sectionKey: 'justification',
      quote: 'Die Kosten trägt das Jugendamt.',
      comment: 'Die Kosten sind nicht gedeckt.',
      state: 'open',
      markedBy: 'Anna',
    });
    // A resolved thread stays, shown as resolved; its comment is an excerpt.
    expect(entries[2]).toMatchObject({ state: 'resolved', markedBy: 'Jana' });
    expect(entries[2]?.kind === 'thread' && entries[2].comment).toHaveLength(300);
  });

  it('D-182: without threads the block is the refusals alone; no Vorlage, no block', () => {
    expect(remainingDisagreements(given(refused).state)).toHaveLength(1);
    expect(remainingDisagreements(given([]).state, [thread('t1', { by: 'Anna' })])).toEqual([]);
  });
});
