// German deadline wording (D-101): a day's end reads "24:00 Uhr", § 193 moves are explained.
import { describe, expect, it } from 'vitest';
import { computeDeadline } from '../../../domain/deadlines/deadline';
import { computedEndLabel, formatDeadline, periodLabel } from './deadline-labels';

describe('deadline labels', () => {
  it('D-101: the end of a Berlin day reads 24:00, in winter and summer', () => {
    expect(formatDeadline('2025-03-10T22:59:59.999Z')).toBe('Montag, 10.03.2025, 24:00 Uhr');
    expect(formatDeadline('2025-07-01T21:59:59.999Z')).toBe('Dienstag, 01.07.2025, 24:00 Uhr');
    expect(formatDeadline('2025-07-01T10:00:00Z')).toMatch(/^01\.07\.2025, 12:00 Uhr$/);
  });

  it('D-102: explains a move by § 193 BGB', () => {
    expect(computedEndLabel(computeDeadline('2024-02-23T10:00:00Z', periodOf(2)))).toBe(
      'Montag, 11.03.2024, 24:00 Uhr (verschoben nach § 193 BGB: Freitag, 08.03.2024 ist Weltfrauentag)',
    );
    expect(computedEndLabel(computeDeadline('2025-11-03T09:00:00Z', periodOf(2)))).toBe(
      'Montag, 17.11.2025, 24:00 Uhr',
    );
    expect(periodLabel({ unit: 'days', amount: 1 })).toBe('1 Tag');
    expect(periodLabel({ unit: 'weeks', amount: 2 })).toBe('2 Wochen');
  });
});

function periodOf(weeks: number) {
  return { unit: 'weeks' as const, amount: weeks };
}
