import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  command,
  created,
  F0,
  F1,
  frozen,
  given as signOffGiven,
  hash,
  LEAD,
  LOCK_ID,
  locked,
  lockedHead,
  OUTSIDER,
  requested,
  sectionHashesOf,
  testUuid,
  textHead,
  VORLAGE_ID,
} from '../testing/fixtures';
import { givenVorlage } from '../testing/vorlage-spec';
import type { DeputyArrangementView } from '../directory/deputy';
import { evolve, initialState } from './decider';
import type { VorlageEvent } from './events';

const given = givenVorlage;
const id = VORLAGE_ID;
const head0 = { text: textHead(F0) };

const submitted: VorlageEvent = {
  type: 'SubmittedToSession',
  data: {
    sessionDate: '2026-05-19',
    lockId: LOCK_ID,
    fassung: F0,
    signOffs: [
      { officeId: ASKED_A, status: 'valid' },
      { officeId: ASKED_B, status: 'valid' },
    ],
    override: null,
  },
};
const decided = (
  outcome: 'adopted' | 'adoptedWithChanges' | 'deferred' | 'rejected',
): VorlageEvent => ({
  type: 'DecisionRecorded',
  data: {
    sessionDate: '2026-05-19',
    outcome,
    changes: outcome === 'adoptedWithChanges' ? 'Satz 2 gestrichen' : null,
    note: null,
  },
});
const inSignOff = [created, requested(), frozen(F0, 'signOffsRequested')];
const fullySigned = [
  ...inSignOff,
  signOffGiven(ASKED_A, ACTORS.askedSigner),
  signOffGiven(ASKED_B, ACTORS.askedBSigner),
];
const readyToSubmit = [...fullySigned, locked(), frozen(F0, 'editingLocked')];
const afterSubmission = [...readyToSubmit, submitted];

describe('CreateVorlage (D-1, D-52)', () => {
  const create = (by = ACTORS.leadMember, leadOfficeId = LEAD) =>
    command(
      'CreateVorlage',
      {
        vorlageId: id,
        title: 'Einsetzung der AG Planung',
        leadOfficeId,
        rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: 'carolina' },
        targetSessionDate: '2026-05-19',
        initialText: {},
      },
      by,
    );

  it('D-1: a lead-office member creates a Vorlage with its initial Fassung', () => {
    const state = given([]).when(create(), { initialFassung: F0 }).then([created]);
    expect(state.status).toBe('drafting');
  });

  it('D-1: SPK may create for any lead office', () => {
    given([]).when(create(ACTORS.spk), { initialFassung: F0 }).then([created]);
  });

  it('D-1: a second create fails with vorlage_already_exists', () => {
    given([created]).when(create(), { initialFassung: F0 }).thenFails('vorlage_already_exists');
  });

  it('D-52: another office may not create a Vorlage led by the lead office', () => {
    given([]).when(create(ACTORS.askedSigner), { initialFassung: F0 }).thenFails('forbidden');
  });

  it('D-52: rapporteurs, auditors and admins may not create', () => {
    for (const by of [ACTORS.rapporteur, ACTORS.auditor, ACTORS.admin]) {
      given([]).when(create(by, by.officeId), { initialFassung: F0 }).thenFails('forbidden');
    }
  });

  it('D-1: the handler must supply the initial Fassung', () => {
    given([]).when(create()).thenFails('context_missing');
  });
});

describe('commands on a missing Vorlage (D-2)', () => {
  it('D-2: fail with vorlage_not_found', () => {
    given([])
      .when(command('WithdrawVorlage', { vorlageId: id, reason: 'x' }, ACTORS.spk))
      .thenFails('vorlage_not_found');
    given([])
      .when(
        command(
          'GiveSignOff',
          { vorlageId: id, officeId: ASKED_A, kind: 'approve', fassungHash: F0.textHash },
          ACTORS.askedSigner,
        ),
        head0,
      )
      .thenFails('vorlage_not_found');
  });
});

describe('RequestSignOffs (D-3)', () => {
  const request = (
    overrides: Partial<{
      officeIds: string[];
      deadline: string;
      fassungHash: string;
      deemed: boolean;
    }> = {},
    by = ACTORS.leadSigner,
  ) =>
    command(
      'RequestSignOffs',
      {
        vorlageId: id,
        officeIds: overrides.officeIds ?? [ASKED_B, ASKED_A],
        deadline: overrides.deadline ?? '2026-05-08T16:00:00Z',
        deemedGivenPolicy: overrides.deemed ? 'deemedGivenAfterDeadline' : 'explicitOnly',
        fassungHash: overrides.fassungHash ?? F0.textHash,
      },
      by,
    );

  it('D-3: opens round 1 with the current Fassung and freezes it', () => {
    const state = given([created])
      .when(request(), head0)
      .then([requested(), frozen(F0, 'signOffsRequested')]);
    expect(state.status).toBe('inSignOff');
  });

  it('D-3: a second request opens round 2 and keeps earlier answers', () => {
    const state = given(fullySigned)
      .when(request({ officeIds: [OUTSIDER], fassungHash: F1.textHash, deemed: true }), {
        text: textHead(F1),
      })
      .then([
        requested({ round: 2, officeIds: [OUTSIDER], f: F1, deemed: true }),
        frozen(F1, 'signOffsRequested'),
      ]);
    if (state.status !== 'inSignOff') throw new Error('expected inSignOff');
    expect(state.signOffs[ASKED_A]?.status).toBe('approved');
    expect(state.signOffs[OUTSIDER]?.status).toBe('pending');
  });

  it('D-3: refuses a Fassung that is not the current text', () => {
    given([created])
      .when(request({ fassungHash: hash('9') }), head0)
      .thenFails('fassung_not_current');
  });

  it('D-3: refuses to ask the lead office', () => {
    given([created])
      .when(request({ officeIds: [LEAD] }), head0)
      .thenFails('lead_office_not_askable');
  });

  it('D-3: refuses a deadline that is not in the future', () => {
    given([created])
      .when(request({ deadline: '2026-05-01T08:00:00Z' }), head0)
      .thenFails('deadline_not_in_future');
  });

  it('D-52: only the lead office or SPK requests sign-offs', () => {
    given([created])
      .when(request({}, ACTORS.spk), head0)
      .then([requested(), frozen(F0, 'signOffsRequested')]);
    for (const by of [
      ACTORS.askedSigner,
      ACTORS.outsiderMember,
      ACTORS.rapporteur,
      ACTORS.auditor,
      ACTORS.admin,
    ]) {
      given([created]).when(request({}, by), head0).thenFails('forbidden');
    }
  });

  it('D-13: not after submission', () => {
    given(afterSubmission).when(request(), head0).thenFails('invalid_transition');
  });

  it('D-3: needs the text head', () => {
    given([created]).when(request()).thenFails('context_missing');
  });
});

describe('GiveSignOff / RefuseSignOff / WithdrawSignOff (D-4…D-7, D-30, D-53)', () => {
  const give = (
    by = ACTORS.askedSigner,
    overrides: Partial<{
      officeId: string;
      kind: 'approve' | 'approveWithRemarks';
      remarks: string;
      fassungHash: string;
      onBehalfOf: string;
    }> = {},
    time?: string,
  ) =>
    command(
      'GiveSignOff',
      {
        vorlageId: id,
        officeId: overrides.officeId ?? by.officeId,
        kind: overrides.kind ?? 'approve',
        ...(overrides.remarks ? { remarks: overrides.remarks } : {}),
        fassungHash: overrides.fassungHash ?? F0.textHash,
        ...(overrides.onBehalfOf ? { onBehalfOf: overrides.onBehalfOf } : {}),
      },
      by,
      time ? { time } : {},
    );
  const refuse = (
    by = ACTORS.askedSigner,
    reason = 'Finanzierung ungeklärt',
    fassungHash = F0.textHash,
  ) => command('RefuseSignOff', { vorlageId: id, officeId: by.officeId, reason, fassungHash }, by);
  const withdraw = (by = ACTORS.askedSigner) =>
    command('WithdrawSignOff', { vorlageId: id, officeId: by.officeId }, by);

  it('D-4, D-30: an asked office’s signer approves the current Fassung', () => {
    const state = given(inSignOff)
      .when(give(), head0)
      .then([signOffGiven(ASKED_A, ACTORS.askedSigner)]);
    if (state.status !== 'inSignOff') throw new Error('expected inSignOff');
    expect(state.signOffs[ASKED_A]?.status).toBe('approved');
  });

  it('D-4: approve with remarks (Mitzeichnungsvorbehalt) records the remarks', () => {
    const [event] = given(inSignOff)
      .when(
        give(ACTORS.askedSigner, {
          kind: 'approveWithRemarks',
          remarks: 'Vorbehalt: Haushaltsmittel',
        }),
        head0,
      )
      .events();
    expect(event).toMatchObject({
      type: 'SignOffGiven',
      data: { kind: 'approveWithRemarks', remarks: 'Vorbehalt: Haushaltsmittel' },
    });
  });

  it('D-30: refuses a sign-off on a Fassung that is not the current text', () => {
    given(inSignOff)
      .when(give(), { text: textHead(F1) })
      .thenFails('fassung_not_current', { named: F0.textHash, current: F1.textHash });
  });

  it('D-53: a signer signs for their own office only', () => {
    given(inSignOff)
      .when(give(ACTORS.askedSigner, { officeId: ASKED_B }), head0)
      .thenFails('not_own_office');
  });

  it('D-53: only when that office was asked', () => {
    given(inSignOff).when(give(ACTORS.outsiderSigner), head0).thenFails('office_not_asked');
    given(inSignOff).when(give(ACTORS.leadSigner), head0).thenFails('office_not_asked');
  });

  it('D-53: members, SPK, rapporteurs, auditors and admins never sign', () => {
    for (const by of [
      ACTORS.askedMember,
      ACTORS.spk,
      ACTORS.rapporteur,
      ACTORS.auditor,
      ACTORS.admin,
      ACTORS.system,
    ]) {
      given(inSignOff)
        .when(give(by, { officeId: ASKED_A }), head0)
        .thenFails('forbidden');
      given(inSignOff)
        .when(
          command(
            'RefuseSignOff',
            { vorlageId: id, officeId: ASKED_A, reason: 'x', fassungHash: F0.textHash },
            by,
          ),
          head0,
        )
        .thenFails('forbidden');
      given(fullySigned)
        .when(command('WithdrawSignOff', { vorlageId: id, officeId: ASKED_A }, by), head0)
        .thenFails('forbidden');
    }
  });

  it('D-7: the same answer twice fails with sign_off_unchanged; a new Fassung may be approved again', () => {
    given(fullySigned).when(give(), head0).thenFails('sign_off_unchanged');
    given(fullySigned)
      .when(give(ACTORS.askedSigner, { fassungHash: F1.textHash }), { text: textHead(F1) })
      .then([signOffGiven(ASKED_A, ACTORS.askedSigner, F1)]);
  });

  it('D-5: a refusal carries its reason and replaces an approval', () => {
    const state = given(fullySigned)
      .when(refuse(), head0)
      .then([
        {
          type: 'SignOffRefused',
          data: {
            officeId: ASKED_A,
            round: 1,
            reason: 'Finanzierung ungeklärt',
            signer: { userId: 'jana', displayName: 'Jana' },
            inVertretungFor: null,
            fassung: F0,
          },
        },
      ]);
    if (state.status !== 'inSignOff') throw new Error('expected inSignOff');
    expect(state.signOffs[ASKED_A]).toMatchObject({
      status: 'refused',
      reason: 'Finanzierung ungeklärt',
    });
  });

  it('D-5, D-7: refusing twice with the same reason fails; refusing a stale Fassung fails', () => {
    const refusedOnce = [...inSignOff, ...given(inSignOff).when(refuse(), head0).events()];
    given(refusedOnce).when(refuse(), head0).thenFails('sign_off_unchanged');
    given(inSignOff)
      .when(refuse(ACTORS.askedSigner, 'x', hash('7')), head0)
      .thenFails('fassung_not_current');
    given(inSignOff).when(refuse(ACTORS.outsiderSigner), head0).thenFails('office_not_asked');
  });

  it('D-6: withdrawing returns the office to pending and says what was withdrawn', () => {
    const state = given(fullySigned)
      .when(withdraw(), head0)
      .then([
        {
          type: 'SignOffWithdrawn',
          data: {
            officeId: ASKED_A,
            round: 1,
            signer: { userId: 'jana', displayName: 'Jana' },
            inVertretungFor: null,
            reason: null,
            withdrawnStatus: 'approved',
          },
        },
      ]);
    if (state.status !== 'inSignOff') throw new Error('expected inSignOff');
    expect(state.signOffs[ASKED_A]?.status).toBe('pending');
  });

  it('D-6: nothing to withdraw while pending', () => {
    given(inSignOff).when(withdraw(), head0).thenFails('no_sign_off_to_withdraw');
  });

  it('D-4: no sign-off before a request or after submission', () => {
    given([created]).when(give(), head0).thenFails('invalid_transition');
    given(afterSubmission).when(give(), head0).thenFails('invalid_transition');
    given(afterSubmission).when(withdraw(), head0).thenFails('invalid_transition');
  });

  describe('in Vertretung (D-34)', () => {
    const arrangement = (
      overrides: Partial<DeputyArrangementView> = {},
    ): DeputyArrangementView => ({
      arrangementId: 'arr-1',
      officeId: ASKED_A,
      principal: { userId: 'jana', displayName: 'Jana', role: 'signer', active: true },
      deputyUserId: 'jakob',
      validFrom: '2026-04-27',
      validUntil: '2026-05-03',
      revoked: false,
      ...overrides,
    });
    const giveIv = (time?: string) => give(ACTORS.askedSignerDeputy, { onBehalfOf: 'jana' }, time);

    it('D-34: the event names the acting and the represented signer and the arrangement', () => {
      const [event] = given(inSignOff)
        .when(giveIv(), { ...head0, deputy: arrangement() })
        .events();
      expect(event).toEqual({
        type: 'SignOffGiven',
        data: {
          officeId: ASKED_A,
          round: 1,
          kind: 'approve',
          remarks: null,
          signer: { userId: 'jakob', displayName: 'Jakob' },
          inVertretungFor: {
            principal: { userId: 'jana', displayName: 'Jana' },
            arrangementId: 'arr-1',
            validFrom: '2026-04-27',
            validUntil: '2026-05-03',
          },
          fassung: F0,
        },
      });
    });

    it('D-34: the arrangement must exist, be in force (Berlin days, inclusive) and fit', () => {
      const cases: Array<[DeputyArrangementView | null, string, string?]> = [
        [null, 'missing'],
        [arrangement({ revoked: true }), 'revoked'],
        [arrangement({ deputyUserId: 'someone' }), 'other_deputy'],
        [arrangement({ officeId: ASKED_B }), 'other_office'],
        [
          arrangement({
            principal: { userId: 'jana', displayName: 'Jana', role: 'member', active: true },
          }),
          'principal_not_signer',
        ],
        [
          arrangement({
            principal: { userId: 'jana', displayName: 'Jana', role: 'signer', active: false },
          }),
          'principal_inactive',
        ],
        [arrangement(), 'not_in_force', '2026-05-03T22:00:00Z'], // 04 May in Berlin
        [
          arrangement({
            principal: { userId: 'jens', displayName: 'Jens', role: 'signer', active: true },
          }),
          'missing',
        ],
      ];
      for (const [deputy, problem, time] of cases) {
        given(inSignOff)
          .when(giveIv(time), { ...head0, deputy })
          .thenFails('deputy_arrangement_invalid', { problem });
      }
      given(inSignOff)
        .when(giveIv('2026-05-03T21:59:00Z'), { ...head0, deputy: arrangement() })
        .events(); // still 03 May in Berlin
    });

    it('D-34: nobody acts in Vertretung for themselves', () => {
      given(inSignOff)
        .when(give(ACTORS.askedSigner, { onBehalfOf: 'jana' }), {
          ...head0,
          deputy: arrangement({ deputyUserId: 'jana' }),
        })
        .thenFails('deputy_arrangement_invalid');
    });
  });
});

describe('RecordDeemedSignOffs (D-33, D-55)', () => {
  const deemedRound = [created, requested({ deemed: true }), frozen(F0, 'signOffsRequested')];
  const record = (by = ACTORS.spk, time = '2026-05-09T08:00:00Z') =>
    command('RecordDeemedSignOffs', { vorlageId: id }, by, { time });
  const deemed = (officeId: string): VorlageEvent => ({
    type: 'SignOffDeemedGiven',
    data: {
      officeId,
      round: 1,
      deadline: '2026-05-08T16:00:00Z',
      policy: 'deemedGivenAfterDeadline',
      fassung: F0,
    },
  });

  it('D-33: after the deadline every silent office is deemed to have signed, as its own event', () => {
    const state = given([...deemedRound, signOffGiven(ASKED_A, ACTORS.askedSigner)])
      .when(record())
      .then([deemed(ASKED_B)]);
    if (state.status !== 'inSignOff') throw new Error('expected inSignOff');
    expect(state.signOffs[ASKED_B]?.status).toBe('deemedGiven');
  });

  it('D-55: the system scheduler may record them too; others may not', () => {
    given(deemedRound)
      .when(record(ACTORS.system))
      .then([deemed(ASKED_A), deemed(ASKED_B)]);
    for (const by of [
      ACTORS.leadSigner,
      ACTORS.askedSigner,
      ACTORS.auditor,
      ACTORS.admin,
      ACTORS.rapporteur,
    ]) {
      given(deemedRound).when(record(by)).thenFails('forbidden');
    }
  });

  it('D-33: nothing before the deadline, nothing under the explicit-only policy', () => {
    given(deemedRound)
      .when(record(ACTORS.spk, '2026-05-08T16:00:00Z'))
      .thenFails('no_deemed_sign_offs_due');
    given(inSignOff).when(record()).thenFails('no_deemed_sign_offs_due');
  });

  it('D-33: an office that answered an earlier round but is silent on the new round is deemed for the new Fassung', () => {
    const history = [
      ...fullySigned,
      requested({
        round: 2,
        officeIds: [ASKED_A],
        f: F1,
        deemed: true,
        deadline: '2026-05-10T10:00:00Z',
      }),
    ];
    given(history)
      .when(record(ACTORS.spk, '2026-05-11T00:00:00Z'))
      .then([
        {
          type: 'SignOffDeemedGiven',
          data: {
            officeId: ASKED_A,
            round: 2,
            deadline: '2026-05-10T10:00:00Z',
            policy: 'deemedGivenAfterDeadline',
            fassung: F1,
          },
        },
      ]);
  });

  it('D-13: not after submission', () => {
    given([...afterSubmission])
      .when(record())
      .thenFails('invalid_transition');
  });
});

describe('LockEditing / UnlockEditing (D-41, D-42)', () => {
  const lockId = testUuid(777);
  const lock = (by = ACTORS.leadMember) =>
    command('LockEditing', { vorlageId: id }, by, { commandId: lockId });
  const unlock = (by = ACTORS.leadMember) => command('UnlockEditing', { vorlageId: id }, by);

  it('D-41: records the lock marker’s revision and the locked Fassung, and freezes it', () => {
    const state = given(fullySigned)
      .when(lock(), { text: lockedHead(F0, lockId) })
      .then([locked(F0, lockId), frozen(F0, 'editingLocked')]);
    expect(state.status !== 'none' && state.editing.locked).toBe(true);
  });

  it('D-41: refuses without this command’s marker at the head of the text stream', () => {
    given(fullySigned).when(lock(), head0).thenFails('text_lock_missing');
    given(fullySigned)
      .when(lock(), { text: lockedHead(F0, testUuid(778)) })
      .thenFails('text_lock_missing');
  });

  it('D-41: refuses to lock twice', () => {
    given(readyToSubmit)
      .when(lock(), { text: lockedHead(F0, lockId) })
      .thenFails('editing_already_locked');
  });

  it('D-52: only the lead office or SPK locks and unlocks', () => {
    for (const by of [
      ACTORS.askedSigner,
      ACTORS.askedMember,
      ACTORS.auditor,
      ACTORS.rapporteur,
      ACTORS.admin,
    ]) {
      given(fullySigned)
        .when(lock(by), { text: lockedHead(F0, lockId) })
        .thenFails('forbidden');
      given(readyToSubmit).when(unlock(by)).thenFails('forbidden');
    }
    given(fullySigned)
      .when(lock(ACTORS.spk), { text: lockedHead(F0, lockId) })
      .then([locked(F0, lockId), frozen(F0, 'editingLocked')]);
  });

  it('D-42: unlock releases exactly the recorded lock', () => {
    const state = given(readyToSubmit)
      .when(unlock())
      .then([{ type: 'EditingUnlocked', data: { releasesLock: LOCK_ID, reason: null } }]);
    expect(state.status !== 'none' && state.editing.locked).toBe(false);
  });

  it('D-42: nothing to unlock when open; no unlock after submission', () => {
    given(fullySigned).when(unlock()).thenFails('editing_not_locked');
    given(afterSubmission).when(unlock()).thenFails('invalid_transition');
  });
});

describe('SubmitToSession (D-9, D-43, D-54)', () => {
  const submit = (overrideReason?: string, by = ACTORS.spk, sessionDate = '2026-05-19') =>
    command(
      'SubmitToSession',
      { vorlageId: id, sessionDate, ...(overrideReason ? { overrideReason } : {}) },
      by,
    );
  const lockedCtx = { text: lockedHead(F0) };

  it('D-9: with every asked office approving the locked Fassung', () => {
    const state = given(readyToSubmit).when(submit(), lockedCtx).then([submitted]);
    expect(state.status).toBe('submitted');
  });

  it('D-9: requires locked editing', () => {
    given(fullySigned).when(submit(), head0).thenFails('editing_not_locked');
  });

  it('D-43: the text stream must still end in the recorded lock on the same text', () => {
    given(readyToSubmit).when(submit(), head0).thenFails('text_lock_mismatch');
    given(readyToSubmit)
      .when(submit(), { text: lockedHead(F0, testUuid(555)) })
      .thenFails('text_lock_mismatch');
    given(readyToSubmit)
      .when(submit(), { text: lockedHead(F1) })
      .thenFails('text_lock_mismatch');
  });

  it('D-9: missing, refused and stale sign-offs block submission and are listed', () => {
    const F2 = { textHash: hash('2'), sectionHashes: sectionHashesOf('0', { subject: '5' }) };
    const history = [
      ...inSignOff,
      requested({ round: 2, officeIds: [OUTSIDER], f: F0 }),
      signOffGiven(ASKED_A, ACTORS.askedSigner, F2),
      {
        type: 'SignOffRefused',
        data: {
          officeId: ASKED_B,
          round: 1,
          reason: 'nein',
          signer: { userId: 'uwe', displayName: 'Uwe' },
          inVertretungFor: null,
          fassung: F0,
        },
      } satisfies VorlageEvent,
      locked(),
    ];
    given(history)
      .when(submit(), lockedCtx)
      .thenFails('sign_offs_incomplete', {
        missing: [OUTSIDER],
        refused: [ASKED_B],
        stale: [{ officeId: ASKED_A, signedTextHash: F2.textHash, changedSections: ['subject'] }],
      });
    const [event] = given(history)
      .when(submit('Eilbedürftig: Fristablauf Fördermittel'), lockedCtx)
      .events();
    expect(event).toMatchObject({
      type: 'SubmittedToSession',
      data: {
        override: {
          reason: 'Eilbedürftig: Fristablauf Fördermittel',
          missing: [OUTSIDER],
          refused: [ASKED_B],
          stale: [{ officeId: ASKED_A, changedSections: ['subject'] }],
        },
        signOffs: [
          { officeId: ASKED_A, status: 'stale' },
          { officeId: OUTSIDER, status: 'missing' },
          { officeId: ASKED_B, status: 'refused' },
        ],
      },
    });
  });

  it('D-33: a deemed-given sign-off counts as approval of the Fassung sent out', () => {
    const history = [
      ...inSignOff,
      signOffGiven(ASKED_A, ACTORS.askedSigner),
      {
        type: 'SignOffDeemedGiven',
        data: {
          officeId: ASKED_B,
          round: 1,
          deadline: '2026-05-08T16:00:00Z',
          policy: 'deemedGivenAfterDeadline',
          fassung: F0,
        },
      } satisfies VorlageEvent,
      locked(),
    ];
    const [event] = given(history).when(submit(), lockedCtx).events();
    expect(event).toMatchObject({ data: { override: null } });
  });

  it('D-9: an override reason without any problem is not recorded', () => {
    const [event] = given(readyToSubmit).when(submit('unnötig'), lockedCtx).events();
    expect(event).toMatchObject({ data: { override: null } });
  });

  it('D-9: a Vorlage nobody was asked to co-sign may be submitted once locked', () => {
    given([created, locked()])
      .when(submit(), lockedCtx)
      .then([{ ...submitted, data: { ...submitted.data, signOffs: [] } } as VorlageEvent]);
  });

  it('D-9: the session date may not lie in the past (Berlin calendar)', () => {
    given(readyToSubmit)
      .when(submit(undefined, ACTORS.spk, '2026-04-30'), lockedCtx)
      .thenFails('session_date_in_past');
  });

  it('D-54: only SPK submits', () => {
    for (const by of [
      ACTORS.leadSigner,
      ACTORS.leadMember,
      ACTORS.rapporteur,
      ACTORS.auditor,
      ACTORS.admin,
    ]) {
      given(readyToSubmit).when(submit(undefined, by), lockedCtx).thenFails('forbidden');
    }
  });

  it('D-13: not twice', () => {
    given(afterSubmission).when(submit(), lockedCtx).thenFails('invalid_transition');
  });
});

describe('RecordDecision, PublishVorlage, WithdrawVorlage (D-10…D-14)', () => {
  /** On the afternoon of the session day (2026-05-19), unless another time is given. */
  const decide_ = (
    outcome: 'adopted' | 'adoptedWithChanges' | 'deferred' | 'rejected',
    by = ACTORS.spk,
    extra: { time?: string; earlyReason?: string } = {},
  ) =>
    command(
      'RecordDecision',
      {
        vorlageId: id,
        outcome,
        ...(outcome === 'adoptedWithChanges' ? { changes: 'Satz 2 gestrichen' } : {}),
        ...(extra.earlyReason ? { earlyReason: extra.earlyReason } : {}),
      },
      by,
      { time: extra.time ?? '2026-05-19T14:00:00Z' },
    );
  const publish = (by = ACTORS.spk) =>
    command('PublishVorlage', { vorlageId: id, bvvNumber: '471/V' }, by);
  const withdrawV = (by = ACTORS.leadSigner) =>
    command('WithdrawVorlage', { vorlageId: id, reason: 'Erledigt' }, by);
  const published: VorlageEvent = { type: 'Published', data: { bvvNumber: '471/V' } };
  const withdrawn: VorlageEvent = { type: 'VorlageWithdrawn', data: { reason: 'Erledigt' } };

  it('D-10: each outcome leads to its state', () => {
    expect(
      given(afterSubmission)
        .when(decide_('adopted'))
        .then([decided('adopted')]).status,
    ).toBe('adopted');
    expect(
      given(afterSubmission)
        .when(decide_('adoptedWithChanges'))
        .then([decided('adoptedWithChanges')]).status,
    ).toBe('adopted');
    expect(
      given(afterSubmission)
        .when(decide_('deferred'))
        .then([decided('deferred')]).status,
    ).toBe('deferred');
    expect(
      given(afterSubmission)
        .when(decide_('rejected'))
        .then([decided('rejected')]).status,
    ).toBe('rejected');
  });

  it('D-180: before the session date a decision needs a reason, which is recorded', () => {
    const dayBefore = '2026-05-18T21:30:00Z'; // 23:30 in Berlin, still the 18th
    given(afterSubmission)
      .when(decide_('adopted', ACTORS.spk, { time: dayBefore }))
      .thenFails('decision_before_session');
    given(afterSubmission)
      .when(decide_('adopted', ACTORS.spk, { time: dayBefore, earlyReason: 'Sondersitzung' }))
      .then([
        {
          type: 'DecisionRecorded',
          data: { ...decided('adopted').data, earlyReason: 'Sondersitzung' },
        } as VorlageEvent,
      ]);
    // From midnight in Berlin on the session day no reason is needed, and a given one is not kept.
    given(afterSubmission)
      .when(decide_('adopted', ACTORS.spk, { time: '2026-05-18T22:00:00Z', earlyReason: 'x' }))
      .then([decided('adopted')]);
  });

  it('D-10: only once submitted, only by SPK', () => {
    given(readyToSubmit).when(decide_('adopted')).thenFails('invalid_transition');
    for (const by of [ACTORS.leadSigner, ACTORS.rapporteur, ACTORS.auditor, ACTORS.admin]) {
      given(afterSubmission).when(decide_('adopted', by)).thenFails('forbidden');
    }
  });

  it('D-11: publish an adopted Vorlage with its BVV number', () => {
    expect(
      given([...afterSubmission, decided('adopted')])
        .when(publish())
        .then([published]).status,
    ).toBe('published');
    given(afterSubmission).when(publish()).thenFails('invalid_transition');
    given([...afterSubmission, decided('deferred')])
      .when(publish())
      .thenFails('invalid_transition');
    given([...afterSubmission, decided('adopted')])
      .when(publish(ACTORS.leadSigner))
      .thenFails('forbidden');
  });

  it('D-12: the lead office or SPK withdraws before a decision', () => {
    for (const history of [
      [created],
      inSignOff,
      afterSubmission,
      [...afterSubmission, decided('deferred')],
    ]) {
      expect(given(history).when(withdrawV()).then([withdrawn]).status).toBe('withdrawn');
      given(history).when(withdrawV(ACTORS.spk)).then([withdrawn]);
      given(history).when(withdrawV(ACTORS.askedSigner)).thenFails('forbidden');
      given(history).when(withdrawV(ACTORS.auditor)).thenFails('forbidden');
    }
  });

  it('D-13: final states take no command; adopted takes only PublishVorlage', () => {
    const finals = [
      [...afterSubmission, decided('rejected')],
      [...afterSubmission, decided('adopted'), published],
      [...inSignOff, withdrawn],
    ];
    for (const history of finals) {
      given(history).when(withdrawV(ACTORS.spk)).thenFails('invalid_transition');
      given(history)
        .when(command('UnlockEditing', { vorlageId: id }, ACTORS.spk))
        .thenFails('invalid_transition');
      given(history).when(publish()).thenFails('invalid_transition');
    }
    given([...afterSubmission, decided('adopted')])
      .when(withdrawV(ACTORS.spk))
      .thenFails('invalid_transition');
  });

  it('D-14: a deferred Vorlage can be unlocked for rework and later resubmitted', () => {
    const deferred = [...afterSubmission, decided('deferred')];
    const reopened = given(deferred)
      .when(command('UnlockEditing', { vorlageId: id, reason: 'Überarbeitung' }, ACTORS.leadSigner))
      .then([
        { type: 'EditingUnlocked', data: { releasesLock: LOCK_ID, reason: 'Überarbeitung' } },
      ]);
    expect(reopened.status).toBe('inSignOff');
    const resubmitted = given(deferred)
      .when(command('SubmitToSession', { vorlageId: id, sessionDate: '2026-06-02' }, ACTORS.spk), {
        text: lockedHead(F0),
      })
      .events();
    expect(resubmitted[0]).toMatchObject({
      type: 'SubmittedToSession',
      data: { sessionDate: '2026-06-02', override: null },
    });
  });
});

describe('evolve (D-15)', () => {
  it('D-15: events that do not fit the state leave it unchanged', () => {
    const state = initialState();
    expect(evolve(state, signOffGiven(ASKED_A, ACTORS.askedSigner))).toBe(state);
    const drafting = evolve(state, created);
    expect(evolve(drafting, { type: 'Published', data: { bvvNumber: '1/V' } })).toBe(drafting);
  });
});
