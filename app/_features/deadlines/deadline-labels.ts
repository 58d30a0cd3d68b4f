// German wording for deadlines: a period ("2 Wochen"), a last day ("Freitag, 15.05.2026"), and why
// § 193 BGB moved it. Shared by the request form, the extension panel and the overview.
import type { ComputedDeadline, DeadlinePeriod } from '../../../domain/deadlines/deadline';
import { berlinDateOf, instant } from '../../../domain/shared/actor';
import { formatDateTime } from '../../../wording/format';

const WEEKDAY = new Intl.DateTimeFormat('de-DE', { weekday: 'long', timeZone: 'UTC' });

export function periodLabel(period: DeadlinePeriod): string {
  if (period.unit === 'weeks') return period.amount === 1 ? '1 Woche' : `${period.amount} Wochen`;
  return period.amount === 1 ? '1 Tag' : `${period.amount} Tage`;
}

/** `2026-05-15` → `Freitag, 15.05.2026`. */
export function dayLabel(date: string): string {
  const [year, month, day] = date.split('-');
  return `${WEEKDAY.format(new Date(`${date}T00:00:00Z`))}, ${day}.${month}.${year}`;
}

/** "endet am Freitag, 15.05.2026, 24:00 Uhr" plus the § 193 move, when there was one. */
export function computedEndLabel(computed: ComputedDeadline): string {
  const end = `${dayLabel(computed.lastDay)}, 24:00 Uhr`;
  if (computed.lastDay === computed.nominalLastDay) return end;
  return `${end} (verschoben nach § 193 BGB: ${dayLabel(computed.nominalLastDay)} ist ${
    computed.movedBecause ?? 'kein Werktag'
  })`;
}

/**
 * A deadline as people read it: one that ends a Berlin day (D-101) as "Freitag, 15.05.2026,
 * 24:00 Uhr" rather than "23:59"; any other instant as date and time.
 */
export function formatDeadline(iso: string | null | undefined): string {
  if (!iso) return '–';
  const at = instant(iso);
  const day = berlinDateOf(iso);
  if (berlinDateOf(new Date(at + 1).toISOString()) !== day) return `${dayLabel(day)}, 24:00 Uhr`;
  return formatDateTime(iso);
}
