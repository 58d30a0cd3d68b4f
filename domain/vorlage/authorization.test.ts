import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import {
  ACTORS,
  ASKED_A,
  created,
  F0,
  LEAD,
  locked,
  OUTSIDER,
  requested,
} from '../testing/fixtures';
import {
  canCoordinate,
  canCreateVorlage,
  canDecideProposals,
  canEditText,
  canEditTextDirectly,
  canProposeChanges,
  canManageDirectory,
  canManageLifecycle,
  canRead,
  canReadAudit,
  canViewChangesSinceSignOff,
  canRecordDeemedSignOffs,
  canSignOffFor,
  canVerifyChain,
} from './authorization';
import { fold } from './decider';
import type { VorlageEvent } from './events';

// DESIGN.md's table, one column per actor variant. "takes part" = lead office or asked office.
const actor = (userId: string, role: Actor['role'], officeId: string): Actor => ({
  userId,
  displayName: userId,
  officeId,
  role,
});
const COLUMNS = {
  'member (lead office)': actor('m-lead', 'member', LEAD),
  'member (asked office)': actor('m-asked', 'member', ASKED_A),
  'member (office not taking part)': actor('m-out', 'member', OUTSIDER),
  'signer (lead office)': actor('s-lead', 'signer', LEAD),
  'signer (asked office)': actor('s-asked', 'signer', ASKED_A),
  'signer (office not taking part)': actor('s-out', 'signer', OUTSIDER),
  SPK: ACTORS.spk,
  rapporteur: ACTORS.rapporteur,
  auditor: ACTORS.auditor,
  admin: ACTORS.admin,
} satisfies Record<string, Actor>;
type Column = keyof typeof COLUMNS;

const open = fold([created, requested({ officeIds: [ASKED_A] })]);
const lockedState = fold([created, requested({ officeIds: [ASKED_A] }), locked(F0)]);
const submittedState = fold([
  created,
  requested({ officeIds: [ASKED_A] }),
  locked(F0),
  {
    type: 'SubmittedToSession',
    data: {
      sessionDate: '2026-05-19',
      lockId: '00000000-0000-4000-8000-000000000384',
      fassung: F0,
      signOffs: [],
      override: null,
    },
  } satisfies VorlageEvent,
]);

type Row = { rule: string; action: string; check: (a: Actor) => boolean; allowed: Column[] };
const OFFICE_TAKING_PART: Column[] = [
  'member (lead office)',
  'member (asked office)',
  'signer (lead office)',
  'signer (asked office)',
];
const LEAD_OFFICE: Column[] = ['member (lead office)', 'signer (lead office)'];

const TABLE: Row[] = [
  {
    rule: 'D-50',
    action: 'read a Vorlage',
    check: (a) => canRead(a, open),
    allowed: [...OFFICE_TAKING_PART, 'SPK', 'rapporteur', 'auditor'],
  },
  {
    rule: 'D-51',
    action: 'edit text while editing is open',
    check: (a) => canEditText(a, open),
    allowed: [...OFFICE_TAKING_PART, 'SPK'],
  },
  {
    rule: 'D-51',
    action: 'edit text while editing is locked',
    check: (a) => canEditText(a, lockedState),
    allowed: [],
  },
  {
    rule: 'D-51',
    action: 'edit text after submission',
    check: (a) => canEditText(a, submittedState),
    allowed: [],
  },
  {
    rule: 'D-143',
    action: 'edit the accepted text directly while editing is open',
    check: (a) => canEditTextDirectly(a, open),
    allowed: ['member (lead office)', 'member (asked office)', 'SPK'],
  },
  {
    rule: 'D-143',
    action: 'propose changes while editing is open',
    check: (a) => canProposeChanges(a, open),
    allowed: [...OFFICE_TAKING_PART, 'SPK'],
  },
  {
    rule: 'D-143',
    action: 'propose changes while editing is locked',
    check: (a) => canProposeChanges(a, lockedState),
    allowed: [],
  },
  {
    rule: 'D-144',
    action: 'accept / reject change proposals',
    check: (a) => canDecideProposals(a, open),
    allowed: ['member (lead office)', 'SPK'],
  },
  {
    rule: 'D-52',
    action: 'create (as lead office)',
    check: (a) => canCreateVorlage(a, LEAD),
    allowed: [...LEAD_OFFICE, 'SPK'],
  },
  {
    rule: 'D-52',
    action: 'request sign-offs, lock/unlock, withdraw',
    check: (a) => canManageLifecycle(a, open),
    allowed: [...LEAD_OFFICE, 'SPK'],
  },
  {
    rule: 'D-53',
    action: 'give/refuse/withdraw a sign-off for its own office',
    check: (a) => canSignOffFor(a, open, a.officeId),
    allowed: ['signer (asked office)'],
  },
  {
    rule: 'D-53',
    action: 'give/refuse/withdraw a sign-off for another (asked) office',
    check: (a) => a.officeId !== ASKED_A && canSignOffFor(a, open, ASKED_A),
    allowed: [],
  },
  {
    rule: 'D-54',
    action: 'submit, record decision, publish',
    check: canCoordinate,
    allowed: ['SPK'],
  },
  {
    rule: 'D-55',
    action: 'record deemed sign-offs',
    check: canRecordDeemedSignOffs,
    allowed: ['SPK'],
  },
  {
    rule: 'D-56',
    action: 'read the audit history',
    check: canReadAudit,
    allowed: ['SPK', 'rapporteur', 'auditor'],
  },
  {
    rule: 'D-56',
    action: 'verify the chain',
    check: canVerifyChain,
    allowed: ['SPK', 'rapporteur', 'auditor'],
  },
  {
    rule: 'D-59',
    action: "see what changed since the asked office's sign-off",
    check: (a) => canViewChangesSinceSignOff(a, ASKED_A),
    allowed: ['member (asked office)', 'signer (asked office)', 'SPK', 'rapporteur', 'auditor'],
  },
  {
    rule: 'D-57',
    action: 'manage users and offices',
    check: canManageDirectory,
    allowed: ['admin'],
  },
];

describe('authorization: every cell of the role table (D-50…D-59)', () => {
  for (const row of TABLE) {
    for (const [column, who] of Object.entries(COLUMNS) as [Column, Actor][]) {
      const expected = row.allowed.includes(column);
      it(`${row.rule}: ${column} ${expected ? 'may' : 'may not'} ${row.action}`, () => {
        expect(row.check(who)).toBe(expected);
      });
    }
  }

  it('D-58: auditors and rapporteurs can change nothing (no mutating permission at all)', () => {
    for (const who of [ACTORS.auditor, ACTORS.rapporteur]) {
      expect([
        canEditText(who, open),
        canCreateVorlage(who, who.officeId),
        canManageLifecycle(who, open),
        canSignOffFor(who, open, who.officeId),
        canCoordinate(who),
        canRecordDeemedSignOffs(who),
        canManageDirectory(who),
      ]).toEqual(Array(7).fill(false));
    }
  });

  it('D-57: the system actor seeds the directory and records deemed sign-offs, but does not sign or coordinate', () => {
    expect(canManageDirectory(ACTORS.system)).toBe(true);
    expect(canRecordDeemedSignOffs(ACTORS.system)).toBe(true);
    expect(canCoordinate(ACTORS.system)).toBe(false);
    expect(canEditText(ACTORS.system, open)).toBe(false);
  });

  it('D-50: nobody but SPK, rapporteurs and auditors reads a Vorlage that does not exist', () => {
    expect(canRead(COLUMNS['member (lead office)'], fold([]))).toBe(false);
    expect(canManageLifecycle(ACTORS.spk, fold([]))).toBe(false);
  });
});
