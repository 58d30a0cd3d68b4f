// The overview's warning on a Vorlage not yet submitted (D-114): its session lies in the past, or
// offices still owe a sign-off whose deadline ends after the session's submission deadline.
import { berlinDateOf } from '../../../domain/shared/actor';
import { sessionFlags, sessionOn, type Session } from '../../../domain/sessions/calendar';
import { formatDate, officeName } from '../../../wording/format';
import type { DashboardEntry } from '../vorlage/types';
import './deadlines.css';

const OPEN = new Set(['drafting', 'inSignOff', 'deferred']);

export function SessionFlagNote({
  entry,
  calendar,
  today,
}: {
  entry: DashboardEntry;
  calendar: readonly Session[];
  today: string;
}) {
  if (!OPEN.has(entry.status) || entry.sessionDate !== null) return null;
  const flags = sessionFlags({
    targetSessionDate: entry.targetSessionDate,
    today,
    session: sessionOn(calendar, entry.targetSessionDate),
    openDeadlines: entry.waitingOffices.flatMap((office) =>
      office.deadline
        ? [{ officeId: office.officeId, lastDay: berlinDateOf(office.deadline) }]
        : [],
    ),
  });
  return flags.map((flag) => (
    <p key={flag.kind} className="session-flag small">
      <span aria-hidden="true">⚠ </span>
      {flag.kind === 'sessionPast'
        ? 'Die Sitzung liegt in der Vergangenheit – bitte eine neue Sitzung wählen.'
        : `Mitzeichnung nicht rechtzeitig: Frist endet nach dem Einreichungsschluss (${formatDate(
            flag.submissionDeadline,
          )}) bei ${flag.officeIds.map(officeName).join(', ')}.`}
    </p>
  ));
}
