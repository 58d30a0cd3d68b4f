// Issue 19, scope of a Mitzeichnung (D-150, D-151): a request names per office the sections its
// sign-off covers; an edit outside them leaves the approval valid, an edit inside makes it stale.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED, withSeed } from '../testing/fast-check';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  command,
  created,
  F0,
  fassung,
  frozen,
  given as signOffGiven,
  hash,
  requested,
  textHead,
  VORLAGE_ID,
} from '../testing/fixtures';
import { givenVorlage as given } from '../testing/vorlage-spec';
import { SECTION_KEYS, type SectionKey } from '../text/sections';
import { RequestSignOffsSchema } from './commands';
import type { Fassung } from './events';
import { signOffStanding, type VorlageState } from './state';

const request = (scopes?: Record<string, SectionKey[]>) =>
  command(
    'RequestSignOffs',
    {
      vorlageId: VORLAGE_ID,
      officeIds: [ASKED_B, ASKED_A],
      ...(scopes ? { scopes } : {}),
      deadline: '2026-05-08T16:00:00Z',
      deemedGivenPolicy: 'explicitOnly',
      fassungHash: F0.textHash,
    },
    ACTORS.leadSigner,
  );

function signOffOf(state: VorlageState, officeId: string) {
  if (state.status === 'none') throw new Error('expected a Vorlage');
  const record = state.signOffs[officeId];
  if (!record) throw new Error(`${officeId} not asked`);
  return record;
}

describe('RequestSignOffs with scopes (D-150)', () => {
  it('D-150: records the partial scopes in template order and each office’s scope', () => {
    const state = given([created])
      .when(request({ [ASKED_A]: ['legalBasis', 'subject'] }), { text: textHead(F0) })
      .then([
        requested({ scopes: { [ASKED_A]: ['subject', 'legalBasis'] } }),
        frozen(F0, 'signOffsRequested'),
      ]);
    expect(signOffOf(state, ASKED_A).scope).toEqual(['subject', 'legalBasis']);
    expect(signOffOf(state, ASKED_B).scope).toBeNull();
  });

  it('D-150: a scope naming every section is the whole text and is not recorded', () => {
    given([created])
      .when(request({ [ASKED_A]: [...SECTION_KEYS] }), { text: textHead(F0) })
      .then([requested(), frozen(F0, 'signOffsRequested')]);
  });

  it('D-150: a later request sets the scope anew (not named: whole text)', () => {
    const history = [
      created,
      requested({ scopes: { [ASKED_A]: ['subject'] } }),
      frozen(F0, 'signOffsRequested'),
    ];
    const state = given(history)
      .when(request(), { text: textHead(F0) })
      .then([requested({ round: 2 }), frozen(F0, 'signOffsRequested')]);
    expect(signOffOf(state, ASKED_A).scope).toBeNull();
  });

  it('D-150: rejects a scope for an office not asked, an empty scope and unknown sections', () => {
    const base = {
      vorlageId: VORLAGE_ID,
      officeIds: [ASKED_A],
      deadline: '2026-05-08T16:00:00Z',
      deemedGivenPolicy: 'explicitOnly' as const,
      fassungHash: F0.textHash,
    };
    expect(
      RequestSignOffsSchema.safeParse({ ...base, scopes: { [ASKED_B]: ['subject'] } }).success,
    ).toBe(false);
    expect(RequestSignOffsSchema.safeParse({ ...base, scopes: { [ASKED_A]: [] } }).success).toBe(
      false,
    );
    expect(
      RequestSignOffsSchema.safeParse({ ...base, scopes: { [ASKED_A]: ['coSignedBy'] } }).success,
    ).toBe(false);
    expect(
      RequestSignOffsSchema.safeParse({ ...base, scopes: { [ASKED_A]: ['subject', 'subject'] } })
        .success,
    ).toBe(false);
    expect(
      RequestSignOffsSchema.safeParse({ ...base, scopes: { [ASKED_A]: ['subject'] } }).success,
    ).toBe(true);
  });
});

describe('staleness by scope (D-151)', () => {
  const history = [
    created,
    requested({ scopes: { [ASKED_A]: ['financialImpact'] } }),
    frozen(F0, 'signOffsRequested'),
    signOffGiven(ASKED_A, ACTORS.askedSigner),
    signOffGiven(ASKED_B, ACTORS.askedBSigner),
  ];
  const state = given(history).state;

  it('D-151: an edit outside the scope leaves the approval valid; whole-text offices turn stale', () => {
    const edited: Fassung = {
      textHash: hash('1'),
      sectionHashes: { ...F0.sectionHashes, justification: hash('a') },
    };
    expect(signOffStanding(signOffOf(state, ASKED_A), edited).standing).toBe('valid');
    const b = signOffStanding(signOffOf(state, ASKED_B), edited);
    expect(b).toMatchObject({ standing: 'stale', changedSections: ['justification'] });
  });

  it('D-151: an edit inside the scope makes it stale, naming only the scoped sections changed', () => {
    const against: Fassung = {
      textHash: hash('2'),
      sectionHashes: { ...F0.sectionHashes, justification: hash('a'), financialImpact: hash('b') },
    };
    expect(signOffStanding(signOffOf(state, ASKED_A), against)).toMatchObject({
      standing: 'stale',
      changedSections: ['financialImpact'],
    });
  });

  it('D-151: submission counts an out-of-scope edit as valid', () => {
    const edited: Fassung = {
      textHash: hash('1'),
      sectionHashes: { ...F0.sectionHashes, justification: hash('a') },
    };
    const locked = {
      type: 'EditingLocked' as const,
      data: {
        lockId: '00000000-0000-4000-8000-000000000999',
        fassung: edited,
        textRevision: '4',
        markerRevision: '5',
      },
    };
    const events = given([...history, locked])
      .when(
        command(
          'SubmitToSession',
          { vorlageId: VORLAGE_ID, sessionDate: '2026-05-19', overrideReason: 'B veraltet' },
          ACTORS.spk,
        ),
        { text: textHead(edited, { lock: { commandId: locked.data.lockId, markerRevision: 5n } }) },
      )
      .events();
    const submitted = events[0];
    if (submitted?.type !== 'SubmittedToSession') throw new Error('expected a submission');
    expect(submitted.data.signOffs).toEqual([
      { officeId: ASKED_A, status: 'valid' },
      { officeId: ASKED_B, status: 'stale' },
    ]);
  });
});

describe(`staleness by scope, property (seed ${FC_SEED})`, () => {
  const sectionSet = fc.uniqueArray(fc.constantFrom(...SECTION_KEYS), { minLength: 1 });
  const edit = fc.uniqueArray(fc.constantFrom(...SECTION_KEYS), { minLength: 1 });

  /** The state after A (with `scope`) approved F0, and F0 with `edited` sections changed. */
  function scenario(scope: SectionKey[], edited: SectionKey[]) {
    const state = given([
      created,
      requested({ scopes: { [ASKED_A]: scope } }),
      frozen(F0, 'signOffsRequested'),
      signOffGiven(ASKED_A, ACTORS.askedSigner),
    ]).state;
    const changed = Object.fromEntries(edited.map((key) => [key, 'e'])) as Partial<
      Record<SectionKey, string>
    >;
    const against: Fassung = {
      textHash: hash('e'),
      sectionHashes: fassung('0', changed).sectionHashes,
    };
    return { record: signOffOf(state, ASKED_A), against };
  }

  it('D-151: an edit outside an office’s scope never makes it stale', () => {
    fc.assert(
      fc.property(sectionSet, edit, (scope, edited) => {
        const outside = edited.filter((key) => !scope.includes(key));
        fc.pre(outside.length > 0);
        const { record, against } = scenario(scope, outside);
        expect(signOffStanding(record, against).standing).toBe('valid');
      }),
      withSeed(),
    );
  });

  it('D-151: an edit inside an office’s scope always makes it stale', () => {
    fc.assert(
      fc.property(sectionSet, edit, (scope, edited) => {
        const inside = edited.filter((key) => scope.includes(key));
        fc.pre(inside.length > 0);
        const { record, against } = scenario(scope, edited);
        expect(signOffStanding(record, against)).toMatchObject({
          standing: 'stale',
          changedSections: SECTION_KEYS.filter((key) => inside.includes(key)),
        });
      }),
      withSeed(),
    );
  });
});
