import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import { ACTORS, testUuid, T0 } from '../testing/fixtures';
import { specFor } from '../testing/given-when-then';
import type {
  DirectoryCommandOf,
  DirectoryCommandType,
  OfficeCommand,
  UserCommand,
} from './commands';
import { DirectoryCommandSchema } from './commands';
import {
  decideOffice,
  decideUser,
  deputyArrangementFor,
  evolveOffice,
  evolveUser,
  initialOfficeState,
  initialUserState,
  OFFICE_CHANGE_REVOCATION_REASON,
  userIdForLogin,
  type OfficeState,
  type UserDecideContext,
  type UserState,
} from './decider';
import { deputyProblem } from './deputy';
import type { OfficeEvent, UserEvent } from './events';

const givenOffice = specFor<OfficeCommand, OfficeEvent, OfficeState, undefined>({
  initialState: initialOfficeState,
  evolve: evolveOffice,
  decide: (command, state) => decideOffice(command, state),
});
const givenUser = specFor<UserCommand, UserEvent, UserState, UserDecideContext>({
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
});

function cmd<T extends DirectoryCommandType>(
  type: T,
  data: DirectoryCommandOf<T>['data'],
  by: Actor = ACTORS.admin,
  commandId = testUuid(),
) {
  return {
    type,
    data,
    metadata: { commandId, correlationId: 'c', actor: by, time: T0 },
  } as DirectoryCommandOf<T>;
}

const JANA = testUuid(501);
const JAKOB = testUuid(502);
const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const janaRegistered: UserEvent = {
  type: 'UserRegistered',
  data: {
    userId: JANA,
    login: 'jana',
    displayName: 'Jana',
    officeId: 'jugendamt',
    role: 'signer',
    passwordHash: HASH,
  },
};
const jakob: UserState = evolveUser(initialUserState(), {
  type: 'UserRegistered',
  data: {
    userId: JAKOB,
    login: 'jakob',
    displayName: 'Jakob',
    officeId: 'jugendamt',
    role: 'signer',
    passwordHash: HASH,
  },
});

describe('offices (D-60, D-61)', () => {
  const register = (by: Actor = ACTORS.admin) =>
    cmd(
      'RegisterOffice',
      { officeId: 'jugendamt', name: 'Jugendamt', shortName: 'Jug', kind: 'office' },
      by,
    ) as OfficeCommand;
  const registered: OfficeEvent = {
    type: 'OfficeRegistered',
    data: { officeId: 'jugendamt', name: 'Jugendamt', shortName: 'Jug', kind: 'office' },
  };

  it('D-61: an admin (or the system seeding) registers an office once', () => {
    givenOffice([]).when(register()).then([registered]);
    givenOffice([]).when(register(ACTORS.system)).then([registered]);
    givenOffice([registered]).when(register()).thenFails('office_already_exists');
  });

  it('D-61: renaming needs an existing office', () => {
    const rename = cmd('RenameOffice', {
      officeId: 'jugendamt',
      name: 'Jugendamt Friedrichshain-Kreuzberg',
      shortName: 'Jug',
    }) as OfficeCommand;
    givenOffice([registered])
      .when(rename)
      .then([
        {
          type: 'OfficeRenamed',
          data: { name: 'Jugendamt Friedrichshain-Kreuzberg', shortName: 'Jug' },
        },
      ]);
    givenOffice([]).when(rename).thenFails('office_not_found');
  });

  it('D-57: nobody but admins and the system manages offices', () => {
    for (const by of [
      ACTORS.spk,
      ACTORS.leadSigner,
      ACTORS.auditor,
      ACTORS.rapporteur,
      ACTORS.leadMember,
    ]) {
      givenOffice([]).when(register(by)).thenFails('forbidden');
    }
  });
});

describe('users (D-62…D-64)', () => {
  it('D-62: a user id is the name-based UUID of the login (case-insensitive)', async () => {
    expect(await userIdForLogin('Jana')).toBe(await userIdForLogin('jana'));
    expect(await userIdForLogin('jana')).not.toBe(await userIdForLogin('jakob'));
    expect(await userIdForLogin('jana')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('D-62: registering needs the derived id and an existing office; once per login', () => {
    const register = cmd('RegisterUser', { ...janaRegistered.data }) as UserCommand;
    givenUser([])
      .when(register, { expectedUserId: JANA, officeExists: true })
      .then([janaRegistered]);
    givenUser([])
      .when(register, { expectedUserId: testUuid(999), officeExists: true })
      .thenFails('user_id_mismatch');
    givenUser([])
      .when(register, { expectedUserId: JANA, officeExists: false })
      .thenFails('office_not_found');
    givenUser([janaRegistered])
      .when(register, { expectedUserId: JANA, officeExists: true })
      .thenFails('user_already_exists');
    givenUser([])
      .when(cmd('RegisterUser', { ...janaRegistered.data }, ACTORS.spk) as UserCommand, {
        expectedUserId: JANA,
        officeExists: true,
      })
      .thenFails('forbidden');
  });

  it('D-63: role changes, password changes, deactivation and reactivation', () => {
    givenUser([janaRegistered])
      .when(cmd('ChangeUserRole', { userId: JANA, role: 'member' }) as UserCommand)
      .then([{ type: 'UserRoleChanged', data: { role: 'member', previousRole: 'signer' } }]);
    givenUser([janaRegistered])
      .when(cmd('ChangeUserRole', { userId: JANA, role: 'signer' }) as UserCommand)
      .thenFails('role_unchanged');
    givenUser([])
      .when(cmd('ChangeUserRole', { userId: JANA, role: 'member' }) as UserCommand)
      .thenFails('user_not_found');
    givenUser([janaRegistered])
      .when(cmd('ChangeUserPassword', { userId: JANA, passwordHash: `${HASH}x` }) as UserCommand)
      .then([{ type: 'UserPasswordChanged', data: { passwordHash: `${HASH}x` } }]);
    const deactivated: UserEvent = { type: 'UserDeactivated', data: { reason: 'Ruhestand' } };
    expect(
      givenUser([janaRegistered])
        .when(cmd('DeactivateUser', { userId: JANA, reason: 'Ruhestand' }) as UserCommand)
        .then([deactivated]).status,
    ).toBe('inactive');
    givenUser([janaRegistered, deactivated])
      .when(cmd('DeactivateUser', { userId: JANA, reason: 'x' }) as UserCommand)
      .thenFails('user_inactive');
    expect(
      givenUser([janaRegistered, deactivated])
        .when(cmd('ReactivateUser', { userId: JANA }) as UserCommand)
        .then([{ type: 'UserReactivated', data: {} }]).status,
    ).toBe('active');
    givenUser([janaRegistered])
      .when(cmd('ReactivateUser', { userId: JANA }) as UserCommand)
      .thenFails('user_active');
  });

  it('D-64: a deputy arrangement binds two active signers of one office for dated days', () => {
    const arrangeId = testUuid(600);
    const arrange = cmd(
      'ArrangeDeputy',
      { userId: JANA, deputyUserId: JAKOB, validFrom: '2026-05-01', validUntil: '2026-05-14' },
      ACTORS.admin,
      arrangeId,
    ) as UserCommand;
    const arranged: UserEvent = {
      type: 'DeputyArranged',
      data: {
        arrangementId: arrangeId,
        deputyUserId: JAKOB,
        officeId: 'jugendamt',
        validFrom: '2026-05-01',
        validUntil: '2026-05-14',
      },
    };
    const state = givenUser([janaRegistered]).when(arrange, { deputy: jakob }).then([arranged]);
    expect(deputyArrangementFor(state, JAKOB, '2026-05-14T20:00:00Z')).toMatchObject({
      arrangementId: arrangeId,
      principal: { userId: JANA, role: 'signer' },
    });
    expect(
      deputyProblem(
        deputyArrangementFor(state, JAKOB, '2026-05-14T20:00:00Z'),
        JAKOB,
        'jugendamt',
        '2026-05-14T20:00:00Z',
      ),
    ).toBeNull();
    expect(
      deputyProblem(
        deputyArrangementFor(state, JAKOB, '2026-05-14T22:30:00Z'),
        JAKOB,
        'jugendamt',
        '2026-05-14T22:30:00Z',
      ),
    ).toBe('not_in_force');
    expect(deputyArrangementFor(state, testUuid(777), '2026-05-10T10:00:00Z')).toBeNull();

    const otherOffice = { ...jakob, officeId: 'soziales' } as UserState;
    const member = { ...jakob, role: 'member' } as UserState;
    givenUser([janaRegistered])
      .when(arrange, { deputy: otherOffice })
      .thenFails('deputy_invalid', { problem: 'other_office' });
    givenUser([janaRegistered])
      .when(arrange, { deputy: member })
      .thenFails('deputy_invalid', { problem: 'not_signer' });
    givenUser([janaRegistered])
      .when(arrange, { deputy: initialUserState() })
      .thenFails('deputy_invalid', { problem: 'missing' });
    givenUser([janaRegistered])
      .when(arrange, {
        deputy: evolveUser(jakob, { type: 'UserDeactivated', data: { reason: 'x' } }),
      })
      .thenFails('deputy_invalid', { problem: 'inactive' });
    givenUser([janaRegistered])
      .when(
        cmd('ArrangeDeputy', {
          userId: JANA,
          deputyUserId: JANA,
          validFrom: '2026-05-01',
          validUntil: '2026-05-02',
        }) as UserCommand,
        { deputy: evolveUser(initialUserState(), janaRegistered) },
      )
      .thenFails('deputy_invalid', { problem: 'self' });
    givenUser([
      janaRegistered,
      { type: 'UserRoleChanged', data: { role: 'member', previousRole: 'signer' } },
    ])
      .when(arrange, { deputy: jakob })
      .thenFails('principal_not_signer');

    const revoked = givenUser([janaRegistered, arranged])
      .when(
        cmd('RevokeDeputyArrangement', { userId: JANA, arrangementId: arrangeId }) as UserCommand,
      )
      .then([
        { type: 'DeputyArrangementRevoked', data: { arrangementId: arrangeId, reason: null } },
      ]);
    expect(deputyArrangementFor(revoked, JAKOB, '2026-05-10T10:00:00Z')?.revoked).toBe(true);
    givenUser([janaRegistered])
      .when(
        cmd('RevokeDeputyArrangement', { userId: JANA, arrangementId: arrangeId }) as UserCommand,
      )
      .thenFails('arrangement_not_found');
  });

  it('D-170: an account moves to another registered office; its open arrangements end with it', () => {
    const arranged = (arrangementId: string, validUntil: string): UserEvent => ({
      type: 'DeputyArranged',
      data: {
        arrangementId,
        deputyUserId: JAKOB,
        officeId: 'jugendamt',
        validFrom: '2026-04-01',
        validUntil,
      },
    });
    const revokedEarlier: UserEvent = {
      type: 'DeputyArrangementRevoked',
      data: { arrangementId: 'revoked', reason: null },
    };
    const move = cmd('ChangeUserOffice', { userId: JANA, officeId: 'soziales' }) as UserCommand;
    // T0 is 2026-05-01: 'over' ended the day before, 'today' ends today, 'later' is still to come.
    const state = givenUser([
      janaRegistered,
      arranged('over', '2026-04-30'),
      arranged('today', '2026-05-01'),
      arranged('later', '2026-06-30'),
      arranged('revoked', '2026-06-30'),
      revokedEarlier,
    ])
      .when(move, { officeExists: true })
      .then([
        {
          type: 'DeputyArrangementRevoked',
          data: { arrangementId: 'today', reason: OFFICE_CHANGE_REVOCATION_REASON },
        },
        {
          type: 'DeputyArrangementRevoked',
          data: { arrangementId: 'later', reason: OFFICE_CHANGE_REVOCATION_REASON },
        },
        {
          type: 'UserOfficeChanged',
          data: { officeId: 'soziales', previousOfficeId: 'jugendamt' },
        },
      ]);
    expect(state.status !== 'none' && state.officeId).toBe('soziales');
    givenUser([janaRegistered]).when(move, { officeExists: false }).thenFails('office_not_found');
    givenUser([janaRegistered])
      .when(cmd('ChangeUserOffice', { userId: JANA, officeId: 'jugendamt' }) as UserCommand, {
        officeExists: true,
      })
      .thenFails('office_unchanged');
    givenUser([]).when(move, { officeExists: true }).thenFails('user_not_found');
    givenUser([janaRegistered])
      .when(
        cmd('ChangeUserOffice', { userId: JANA, officeId: 'soziales' }, ACTORS.spk) as UserCommand,
        { officeExists: true },
      )
      .thenFails('forbidden');
  });

  it('D-64: the command schema refuses an end before the start', () => {
    const parsed = DirectoryCommandSchema.safeParse({
      ...cmd('ArrangeDeputy', {
        userId: JANA,
        deputyUserId: JAKOB,
        validFrom: '2026-05-10',
        validUntil: '2026-05-01',
      }),
    });
    expect(parsed.success).toBe(false);
  });
});
