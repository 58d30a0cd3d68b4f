// "Fassung n" means the same in the history and in the approval view: both count the distinct
// Fassungen the lifecycle names, in stream order (fassungNamedBy).
import { describe, expect, it } from 'vitest';
import {
  ACTORS,
  ASKED_A,
  ASKED_B,
  created,
  F0,
  frozen,
  given,
  hash,
  requested,
  sectionHashesOf,
} from '../domain/testing/fixtures';
import { fassungNamedBy, type VorlageEvent } from '../domain/vorlage/events';
import { fassungenOf, type LifecycleRecord } from './fassungen';

const F1 = { textHash: hash('1'), sectionHashes: sectionHashesOf('0', { justification: '1' }) };

describe('Fassungen of a Vorlage', () => {
  it('are numbered alike in the history and by fassungNamedBy: distinct, in stream order', () => {
    const events: VorlageEvent[] = [
      created,
      requested(),
      frozen(F0, 'signOffsRequested'),
      given(ASKED_A, ACTORS.askedSigner),
      given(ASKED_B, ACTORS.askedBSigner, F1),
      frozen(F1, 'signOffsRequested'),
    ];
    const records: LifecycleRecord[] = events.map((event, index) => ({
      revision: String(index),
      time: `2026-05-02T10:0${index}:00.000Z`,
      actor: null,
      event,
    }));
    const named = [...new Set(events.map(fassungNamedBy).filter((h): h is string => h !== null))];
    expect(fassungenOf(records).map((fassung) => fassung.hash)).toEqual(named);
    expect(named).toEqual([F0.textHash, F1.textHash]);
    expect(fassungenOf(records)[1]?.firstSeen).toBe('2026-05-02T10:04:00.000Z');
  });
});
