import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { hash } from '../testing/fixtures';
import { GiveSignOffSchema, VorlageCommandSchema } from './commands';
import {
  BvvNumberSchema,
  CURRENT_SCHEMA_VERSION,
  parseVorlageEvent,
  VORLAGE_EVENT_TYPES,
} from './events';

describe('event versions and upcasting (D-16, D-17)', () => {
  const v1 = {
    officeId: 'jugendamt',
    userId: 'jana',
    displayName: 'Jana',
    kind: 'approveWithRemarks',
    remarks: 'Vorbehalt',
    fassungHash: hash('a'),
  };

  it('D-16: a v1 SignOffGiven is upcast explicitly to the current shape', () => {
    expect(CURRENT_SCHEMA_VERSION.SignOffGiven).toBe(2);
    expect(parseVorlageEvent('SignOffGiven', v1, 1)).toEqual({
      type: 'SignOffGiven',
      data: {
        officeId: 'jugendamt',
        round: 1,
        kind: 'approveWithRemarks',
        remarks: 'Vorbehalt',
        signer: { userId: 'jana', displayName: 'Jana' },
        inVertretungFor: null,
        fassung: { textHash: hash('a'), sectionHashes: null },
      },
    });
  });

  it('D-16: data of the wrong version, unknown types and future versions are refused', () => {
    expect(() => parseVorlageEvent('SignOffGiven', v1, 2)).toThrow(DomainError);
    expect(() => parseVorlageEvent('SignOffGiven', v1, 3)).toThrow(/unsupported schema version/);
    expect(() => parseVorlageEvent('SomethingElse', {}, 1)).toThrow(/Unknown Vorlage event type/);
    expect(VORLAGE_EVENT_TYPES).toHaveLength(27);
  });

  it('D-17: remarks are required for approveWithRemarks; reasons for refusals', () => {
    const base = { vorlageId: 'v1', officeId: 'jugendamt', fassungHash: hash('a') };
    expect(GiveSignOffSchema.safeParse({ ...base, kind: 'approveWithRemarks' }).success).toBe(
      false,
    );
    expect(
      GiveSignOffSchema.safeParse({ ...base, kind: 'approveWithRemarks', remarks: '   ' }).success,
    ).toBe(false);
    expect(GiveSignOffSchema.safeParse({ ...base, kind: 'approve', remarks: 'x' }).success).toBe(
      false,
    );
    expect(GiveSignOffSchema.safeParse({ ...base, kind: 'approve' }).success).toBe(true);
    const metadata = {
      commandId: '00000000-0000-4000-8000-000000000001',
      correlationId: 'c',
      actor: { userId: 'u', displayName: 'U', officeId: 'jugendamt', role: 'signer' },
      time: '2026-05-01T08:00:00Z',
    };
    expect(
      VorlageCommandSchema.safeParse({
        type: 'RefuseSignOff',
        data: { ...base, reason: '' },
        metadata,
      }).success,
    ).toBe(false);
    expect(
      VorlageCommandSchema.safeParse({
        type: 'RefuseSignOff',
        data: { ...base, reason: 'Kosten' },
        metadata,
      }).success,
    ).toBe(true);
    expect(
      VorlageCommandSchema.safeParse({
        type: 'PublishVorlage',
        data: { vorlageId: 'v1', bvvNumber: '471/V' },
        metadata,
      }).success,
    ).toBe(true);
    expect(
      VorlageCommandSchema.safeParse({
        type: 'PublishVorlage',
        data: { vorlageId: 'v1', bvvNumber: '471' },
        metadata,
      }).success,
    ).toBe(false);
    expect(
      VorlageCommandSchema.safeParse({
        type: 'RecordDecision',
        data: { vorlageId: 'v1', outcome: 'adoptedWithChanges' },
        metadata,
      }).success,
    ).toBe(false);
  });
});

describe('BvvNumberSchema', () => {
  it('accepts numbers as in seed 000 and refuses others with a German message', () => {
    expect(BvvNumberSchema.safeParse('471/V').success).toBe(true);
    const refused = BvvNumberSchema.safeParse('471-V');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      'Die BVV-Drucksachennummer hat die Form „471/V“: Nummer, Schrägstrich, Wahlperiode in römischen Ziffern.',
    );
  });
});
