'use client';
// Beteiligung der Beschäftigtenvertretungen (D-164, D-165): the lead office or SPK involves the
// Personalrat, the Frauenvertretung, the Schwerbehindertenvertretung or the JAV — a participation
// of its own kind, not a Mitzeichnung; a member of an involved representation gives its
// Stellungnahme. The block lists each with its statement (also in the print view).
import { useId, useState, type FormEvent } from 'react';
import { REPRESENTATION_IDS } from '../../../domain/offices/catalogue';
import { CommandOutcome } from '../../_components/field-error';
import type { LiveDetail } from '../vorlage/use-live-detail';
import { officeName } from '../../../wording/format';
import { PARTICIPATION_LABELS } from '../../../wording/labels';
import { GeneratedBlock } from './generated-block';
import './sign-off-plan.css';

export interface ParticipationLike {
  readonly representationId: string;
  readonly statement: string | null;
  readonly by: string | null;
}

export function ParticipationBlock({
  entries,
  headingLevel = 2,
}: {
  entries: readonly ParticipationLike[];
  headingLevel?: 2 | 3;
}) {
  return (
    <GeneratedBlock
      id="beteiligung-titel"
      title={PARTICIPATION_LABELS.blockTitle}
      headingLevel={headingLevel}
      items={entries.map((entry) => ({
        key: entry.representationId,
        content: (
          <>
            <strong>{officeName(entry.representationId)}</strong>:{' '}
            {entry.statement ? `„${entry.statement}“` : PARTICIPATION_LABELS.pending}
            {entry.statement && entry.by ? ` (${entry.by})` : ''}
          </>
        ),
      }))}
    />
  );
}

interface PanelProps {
  readonly entries: readonly ParticipationLike[];
  readonly canManage: boolean;
  /** The user's office when it is an involved representation that may state. */
  readonly ownOfficeId: string;
  readonly open: boolean;
  readonly runCommand: LiveDetail['runCommand'];
}

export function ParticipationPanel(props: PanelProps) {
  const involved = props.entries.map((entry) => entry.representationId);
  const candidates = REPRESENTATION_IDS.filter((id) => !involved.includes(id));
  const own = involved.includes(props.ownOfficeId);
  if (!props.open || (!own && !(props.canManage && candidates.length > 0))) return null;
  return (
    <section className="panel" aria-labelledby="beteiligung-aktion-titel">
      <h2 id="beteiligung-aktion-titel" className="panel__title">
        {PARTICIPATION_LABELS.blockTitle}
      </h2>
      {own ? <StatementForm {...props} /> : null}
      {props.canManage && candidates.length > 0 ? (
        <RequestForm {...props} candidates={candidates} />
      ) : null}
    </section>
  );
}

function RequestForm(props: PanelProps & { candidates: readonly string[] }) {
  const id = useId();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.size === 0) return setError('Bitte wählen Sie mindestens eine Vertretung.');
    const answer = await props.runCommand('request-participation', {
      representationIds: [...chosen],
    });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setChosen(new Set());
    setNotice(PARTICIPATION_LABELS.requested);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={PARTICIPATION_LABELS.request}>
      <fieldset className="choice-group">
        <legend>{PARTICIPATION_LABELS.request}</legend>
        {props.candidates.map((representationId) => (
          <div className="choice" key={representationId}>
            <input
              type="checkbox"
              id={`${id}-${representationId}`}
              checked={chosen.has(representationId)}
              onChange={() => {
                const next = new Set(chosen);
                if (next.has(representationId)) next.delete(representationId);
                else next.add(representationId);
                setChosen(next);
              }}
            />
            <label htmlFor={`${id}-${representationId}`}>{officeName(representationId)}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" className="button button--secondary">
        {PARTICIPATION_LABELS.request}
      </button>
      <CommandOutcome errorId={`${id}-error`} error={error} notice={notice} />
    </form>
  );
}

function StatementForm(props: PanelProps) {
  const id = useId();
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (statement.trim() === '') return setError('Bitte geben Sie Ihre Stellungnahme ein.');
    const answer = await props.runCommand('submit-statement', {
      representationId: props.ownOfficeId,
      statement: statement.trim(),
    });
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setStatement('');
    setNotice(PARTICIPATION_LABELS.submitted);
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={PARTICIPATION_LABELS.submit}>
      <div className="field">
        <label htmlFor={`${id}-statement`}>
          {PARTICIPATION_LABELS.statement} ({officeName(props.ownOfficeId)})
        </label>
        <textarea
          id={`${id}-statement`}
          rows={4}
          value={statement}
          onChange={(event) => setStatement(event.target.value)}
        />
      </div>
      <button type="submit" className="button button--secondary">
        {PARTICIPATION_LABELS.submit}
      </button>
      <CommandOutcome errorId={`${id}-error`} error={error} notice={notice} />
    </form>
  );
}
