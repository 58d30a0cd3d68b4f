// Issue 19, Beteiligung der Beschäftigtenvertretungen (D-164, D-165): employee representations
// take part by Beteiligung (not Mitzeichnung) and give a Stellungnahme.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import { ACTORS, command, created, F0, frozen, requested, VORLAGE_ID } from '../testing/fixtures';
import { givenVorlage as given } from '../testing/vorlage-spec';
import { canRead, canEditText } from './authorization';
import type { VorlageEvent } from './events';

const personalrat: Actor = {
  userId: 'pr',
  displayName: 'Vertretung PR',
  officeId: 'personalrat',
  role: 'member',
};
const involved: VorlageEvent = {
  type: 'ParticipationRequested',
  data: { representationIds: ['personalrat'] },
};
const inSignOff = [created, requested(), frozen(F0, 'signOffsRequested')];
const involve = (ids: string[], by = ACTORS.leadMember) =>
  command('RequestParticipation', { vorlageId: VORLAGE_ID, representationIds: ids }, by);
const state = (by: Actor, statement = 'Keine Einwände.') =>
  command(
    'SubmitStatement',
    { vorlageId: VORLAGE_ID, representationId: 'personalrat', statement },
    by,
  );

describe('Beteiligung (D-164)', () => {
  it('D-164: the lead office involves the Personalrat; it may read, not edit', () => {
    const after = given(inSignOff)
      .when(involve(['personalrat']))
      .then([involved]);
    expect(canRead(personalrat, after)).toBe(true);
    expect(canEditText(personalrat, after)).toBe(false);
  });

  it('D-164: only representations; only the lead office or SPK', () => {
    given(inSignOff)
      .when(involve(['jugendamt']))
      .thenFails('not_a_representation');
    given(inSignOff)
      .when(involve(['personalrat'], ACTORS.askedSigner))
      .thenFails('forbidden');
  });
});

describe('Stellungnahme (D-165)', () => {
  it('D-165: a member of the involved representation states its view', () => {
    const after = given([...inSignOff, involved])
      .when(state(personalrat))
      .then([
        {
          type: 'StatementSubmitted',
          data: {
            representationId: 'personalrat',
            statement: 'Keine Einwände.',
            by: { userId: 'pr', displayName: 'Vertretung PR' },
          },
        },
      ]);
    expect(after.status !== 'none' && after.participation?.['personalrat']?.statement).toBe(
      'Keine Einwände.',
    );
  });

  it('D-165: not before being involved; not for another body', () => {
    given(inSignOff).when(state(personalrat)).thenFails('participation_not_requested');
    given([...inSignOff, involved])
      .when(state(ACTORS.askedMember))
      .thenFails('not_own_office');
  });
});
