import { describe, expect, it } from 'vitest';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUS_SYMBOLS,
  APPROVAL_STATUSES,
  EVENT_LABELS,
  labelOf,
  VORLAGE_STATUS_LABELS,
} from './labels';

describe('labelOf', () => {
  it('answers the German label of a known code', () => {
    expect(labelOf(VORLAGE_STATUS_LABELS, 'inSignOff')).toBe('in Mitzeichnung');
    expect(labelOf(APPROVAL_STATUS_LABELS, 'deemedGiven')).toBe('gilt als erteilt');
  });

  it('shows an unknown code as itself, or as the given fallback', () => {
    expect(labelOf(EVENT_LABELS, 'SomethingNewer')).toBe('SomethingNewer');
    expect(labelOf(APPROVAL_STATUS_LABELS, 'unknown', '•')).toBe('•');
  });

  it('does not answer inherited object properties as labels', () => {
    expect(labelOf(VORLAGE_STATUS_LABELS, 'toString')).toBe('toString');
    expect(labelOf(VORLAGE_STATUS_LABELS, 'constructor', '?')).toBe('?');
  });
});

describe('APPROVAL_STATUS_SYMBOLS', () => {
  it('gives every approval state its own symbol', () => {
    const symbols = APPROVAL_STATUSES.map((status) => APPROVAL_STATUS_SYMBOLS[status]);
    expect(new Set(symbols).size).toBe(APPROVAL_STATUSES.length);
  });
});
