'use client';
// Fristverlängerung (D-105, D-106): an asked office that has not answered yet asks for up to 7
// more days with a reason; the SPK grants or refuses each open request. The domain decides who
// may; this panel only offers the step to those it concerns.
import { useId, useState, type FormEvent } from 'react';
import { MAX_EXTENSION_DAYS } from '../../../domain/vorlage/commands';
import type { ApiError } from '../../_components/api-client';
import type { LiveDetail } from '../vorlage/use-live-detail';
import { CommandOutcome, FieldError } from '../../_components/field-error';
import { formatDeadline } from './deadline-labels';
import type { ApprovalEntry } from '../vorlage/types';
import './deadlines.css';

interface Props {
  readonly vorlageId: string;
  readonly approvals: readonly ApprovalEntry[];
  /** The office the user works for, when the role may ask (member or signer). */
  readonly askingOfficeId: string | null;
  readonly canDecide: boolean;
  /** inSignOff or deferred: answers, and so extensions, are still possible. */
  readonly open: boolean;
  /** Runs the command as the user's own (the view refetches once). */
  readonly runCommand: LiveDetail['runCommand'];
}

export function ExtensionPanel(props: Props) {
  const own = props.approvals.find((entry) => entry.officeId === props.askingOfficeId);
  const canAsk = props.open && own !== undefined && own.actionable && own.answer === 'pending';
  const waiting = props.canDecide
    ? props.approvals.filter((entry) => entry.extension?.status === 'requested')
    : [];
  if (!props.open || (!canAsk && waiting.length === 0)) return null;
  return (
    <section className="panel extension-panel" aria-labelledby="fristverlaengerung-titel">
      <h2 id="fristverlaengerung-titel" className="panel__title">
        Fristverlängerung
      </h2>
      {canAsk && own ? <AskForExtension {...props} entry={own} /> : null}
      {waiting.length > 0 ? (
        <ul className="extension-panel__list" aria-label="Offene Bitten um Fristverlängerung">
          {waiting.map((entry) => (
            <DecideExtension key={entry.officeId} {...props} entry={entry} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function AskForExtension(props: Props & { entry: ApprovalEntry }) {
  const id = useId();
  const [days, setDays] = useState(MAX_EXTENSION_DAYS);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const extension = props.entry.extension;
  if (extension?.status === 'requested') {
    return (
      <p className="muted small" role="status">
        Ihre Bitte um {extension.days} Tage mehr liegt der SPK vor (neue Frist wäre{' '}
        {formatDeadline(extension.proposedDeadline)}).
      </p>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setLocalError('Bitte begründen Sie die Bitte um Fristverlängerung.');
      return;
    }
    setLocalError(null);
    const result = await props.runCommand('request-deadline-extension', {
      officeId: props.entry.officeId,
      days,
      reason: reason.trim(),
    });
    if (!result.ok) return setError(result.error);
    setError(null);
    setReason('');
    setNotice('Die Bitte um Fristverlängerung wurde an die SPK gesendet.');
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Fristverlängerung beantragen">
      {extension?.status === 'refused' ? (
        <p className="message message--warning small">
          Die SPK hat die letzte Bitte abgelehnt
          {extension.refusalReason ? `: ${extension.refusalReason}` : '.'}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-days`}>Verlängerung um</label>
        <select
          id={`${id}-days`}
          value={days}
          onChange={(event) => setDays(Number(event.target.value))}
        >
          {Array.from({ length: MAX_EXTENSION_DAYS }, (_, index) => index + 1).map((value) => (
            <option key={value} value={value}>
              {value === 1 ? '1 Tag' : `${value} Tage`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Begründung</label>
        <textarea
          id={`${id}-reason`}
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          required
          aria-invalid={localError ? true : undefined}
          aria-describedby={localError ? `${id}-reason-error` : undefined}
        />
        <FieldError id={`${id}-reason-error`} message={localError} />
      </div>
      <button type="submit" className="button button--secondary">
        Fristverlängerung beantragen
      </button>
      <CommandOutcome errorId={`${id}-error`} error={error?.message} notice={notice} />
    </form>
  );
}

function DecideExtension(props: Props & { entry: ApprovalEntry }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const extension = props.entry.extension!;
  const decide = async (grant: boolean) => {
    if (!grant && reason.trim() === '') {
      setError('Bitte begründen Sie die Ablehnung.');
      return;
    }
    const result = grant
      ? await props.runCommand('grant-deadline-extension', {
          officeId: props.entry.officeId,
        })
      : await props.runCommand('refuse-deadline-extension', {
          officeId: props.entry.officeId,
          reason: reason.trim(),
        });
    if (!result.ok) return setError(result.error.message);
    setError(null);
  };
  return (
    <li className="extension-panel__item" aria-labelledby={`${id}-office`}>
      <p className="small">
        <strong id={`${id}-office`}>{props.entry.officeName}</strong> bittet um {extension.days}{' '}
        {extension.days === 1 ? 'Tag' : 'Tage'} mehr ({extension.requestedBy}): „{extension.reason}“
        <br />
        Frist bisher {formatDeadline(props.entry.deadline)}, neu{' '}
        {formatDeadline(extension.proposedDeadline)}.
      </p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Begründung einer Ablehnung</label>
        <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="extension-panel__actions">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void decide(true)}
        >
          Verlängerung gewähren
        </button>
        <button type="button" className="button button--danger" onClick={() => void decide(false)}>
          Ablehnen
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </li>
  );
}
