// The Bezirksamtssitzungen as <option>s: date and submission deadline (D-112).
import { formatDate } from '../../wording/format';

export function SessionOptions({
  sessions,
}: {
  sessions: readonly { readonly date: string; readonly submissionDeadline: string }[];
}) {
  return sessions.map((session) => (
    <option key={session.date} value={session.date}>
      {formatDate(session.date)} (Einreichungsschluss {formatDate(session.submissionDeadline)})
    </option>
  ));
}
