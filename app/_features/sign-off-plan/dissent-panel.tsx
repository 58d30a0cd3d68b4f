'use client';
// Dissent after a refusal (D-160, D-161), for the lead office and SPK: record an Einigungsversuch
// (date, participants, result, note) and, once the latest attempt failed, „Dem Bezirksamt zur
// Entscheidung vorlegen“. The domain decides who may; the panel shows only to those who manage.
import { useId, useState, type FormEvent } from 'react';
import type { RefusalDisagreementEntry } from '../../../domain/vorlage/disagreements';
import { CommandOutcome } from '../../_components/field-error';
import type { LiveDetail } from '../vorlage/use-live-detail';
import { officeName } from '../../../wording/format';
import { ATTEMPT_RESULT_LABELS, DISSENT_LABELS } from '../../../wording/labels';
import './sign-off-plan.css';

interface Props {
  readonly disagreements: readonly RefusalDisagreementEntry[];
  readonly canManage: boolean;
  /** inSignOff or deferred. */
  readonly open: boolean;
  readonly runCommand: LiveDetail['runCommand'];
}

export function DissentPanel(props: Props) {
  const open = props.disagreements.filter((entry) => entry.state === 'open');
  if (!props.open || !props.canManage || open.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="einigung-titel">
      <h2 id="einigung-titel" className="panel__title">
        Ablehnungen klären
      </h2>
      {open.map((entry) => (
        <DissentItem key={entry.officeId} {...props} entry={entry} />
      ))}
    </section>
  );
}

function today(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

function DissentItem(props: Props & { entry: RefusalDisagreementEntry }) {
  const id = useId();
  const [date, setDate] = useState(today);
  const [participants, setParticipants] = useState('');
  const [result, setResult] = useState<'agreed' | 'failed'>('failed');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const name = officeName(props.entry.officeId);
  const officeId = props.entry.officeId;
  const lastFailed = props.entry.attempts.at(-1)?.result === 'failed';

  const record = async (event: FormEvent) => {
    event.preventDefault();
    if (participants.trim() === '') {
      setError('Bitte nennen Sie die Teilnehmenden.');
      return;
    }
    const answer = await props.runCommand('record-agreement-attempt', {
      officeId,
      date,
      participants: participants.trim(),
      result,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setParticipants('');
    setNote('');
    setNotice(DISSENT_LABELS.attemptRecorded);
  };
  const toBoard = async () => {
    const answer = await props.runCommand('submit-dissent-to-board', { officeId });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setNotice(DISSENT_LABELS.submitted);
  };

  return (
    <div className="dissent">
      <p className="small">
        <strong>{name}</strong> {DISSENT_LABELS.refuses}: „{props.entry.reason}“
      </p>
      <form
        className="form"
        onSubmit={record}
        noValidate
        aria-label={`${DISSENT_LABELS.attemptRecord}: ${name}`}
      >
        <div className="field">
          <label htmlFor={`${id}-date`}>{DISSENT_LABELS.date}</label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-participants`}>{DISSENT_LABELS.participants}</label>
          <input
            id={`${id}-participants`}
            value={participants}
            onChange={(event) => setParticipants(event.target.value)}
          />
        </div>
        <fieldset className="choice-group">
          <legend>{DISSENT_LABELS.result}</legend>
          {(['failed', 'agreed'] as const).map((value) => (
            <div className="choice" key={value}>
              <input
                type="radio"
                id={`${id}-${value}`}
                name={`${id}-result`}
                checked={result === value}
                onChange={() => setResult(value)}
              />
              <label htmlFor={`${id}-${value}`}>{ATTEMPT_RESULT_LABELS[value]}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-note`}>{DISSENT_LABELS.note}</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--secondary">
            {DISSENT_LABELS.attemptRecord}
          </button>
          {lastFailed ? (
            <button type="button" className="button button--secondary" onClick={toBoard}>
              {DISSENT_LABELS.toBoard}
            </button>
          ) : null}
        </div>
        <CommandOutcome errorId={`${id}-error`} error={error} notice={notice} />
      </form>
    </div>
  );
}
