'use client';
// "Sitzung ändern" (D-113): the lead office or SPK moves a Vorlage that is not yet submitted to
// another Bezirksamtssitzung of the calendar, with an optional reason; a past one is refused by the
// domain. Without a calendar, a date is typed.
import { useId, useState, type FormEvent } from 'react';
import type { Session } from '../../../domain/sessions/calendar';
import { issueAt, type ApiError, type VorlageCommandName } from '../../_components/api-client';
import { FieldError } from '../../_components/field-error';
import { formatDate } from '../../../wording/format';
import { SessionOptions } from '../../_components/session-options';
import type { DashboardEntry } from '../vorlage/types';

export function ChangeSession(props: {
  vorlage: DashboardEntry;
  sessions: readonly Session[];
  error: ApiError | undefined;
  busy: boolean;
  run: (
    command: VorlageCommandName,
    body: Record<string, unknown>,
    success: string,
  ) => Promise<boolean>;
}) {
  const id = useId();
  const choices = props.sessions.filter(
    (session) => session.date !== props.vorlage.targetSessionDate,
  );
  const [date, setDate] = useState(choices[0]?.date ?? '');
  const [reason, setReason] = useState('');
  const dateIssue = issueAt(props.error, 'targetSessionDate');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await props.run(
      'change-target-session',
      { targetSessionDate: date, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      `Die Vorlage ist jetzt für die Sitzung am ${formatDate(date)} vorgesehen.`,
    );
  };
  return (
    <details className="action" open={props.error !== undefined || undefined}>
      <summary className="action__summary">Sitzung ändern</summary>
      <div className="action__body">
        <form onSubmit={submit} className="form" noValidate>
          <p className="muted small">
            Bisher vorgesehen: Sitzung am {formatDate(props.vorlage.targetSessionDate)}.
          </p>
          <div className="field">
            <label htmlFor={`${id}-date`}>Neue Sitzung</label>
            {choices.length > 0 ? (
              <select id={`${id}-date`} value={date} onChange={(e) => setDate(e.target.value)}>
                <SessionOptions sessions={choices} />
              </select>
            ) : (
              <input
                id={`${id}-date`}
                type="date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
              />
            )}
            <FieldError id={`${id}-date-error`} message={dateIssue} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Grund (optional)</label>
            <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="button button--secondary" disabled={props.busy}>
            Neue Sitzung übernehmen
          </button>
          <FieldError id={`${id}-error`} message={dateIssue ? undefined : props.error?.message} />
        </form>
      </div>
    </details>
  );
}
