// Whether a Vorlage's Mitzeichnung is still running. Once it is submitted, decided, published or
// withdrawn no answer can change any more, so lists show the final count instead of what is
// "offen", "veraltet" or due — those words would ask for steps nobody can take.
import type { DashboardEntry } from './types';

export { signOffPhaseRunning } from '../../../domain/vorlage/state';

/** "2 von 3 gültig · Mitzeichnung abgeschlossen" for a Vorlage past its sign-off phase. */
export function closedSignOffSummary(entry: Pick<DashboardEntry, 'signOffs'>): string {
  return `${entry.signOffs.done} von ${entry.signOffs.asked} gültig · Mitzeichnung abgeschlossen`;
}
