'use client';
// The deadline part of "Um Mitzeichnung bitten": the standard period (D-100) with its computed
// end, or a free end date, checked (D-103): not in the past (error), not after the session's
// submission deadline (warning the requester may accept).
import { useId, useMemo } from 'react';
import {
  checkFreeDeadline,
  computeDeadline,
  endOfBerlinDay,
  type DeadlinePeriod,
} from '../../../domain/deadlines/deadline';
import { FieldError } from '../../_components/field-error';
import { formatDate } from '../../../wording/format';
import { computedEndLabel, periodLabel } from './deadline-labels';
import './deadlines.css';

export type DeadlineChoiceValue =
  { readonly mode: 'period' } | { readonly mode: 'date'; readonly date: string };

export interface DeadlineChoiceProps {
  readonly period: DeadlinePeriod;
  readonly value: DeadlineChoiceValue;
  readonly onChange: (value: DeadlineChoiceValue) => void;
  /** The last day on which sign-offs can still make the session (its submission deadline). */
  readonly submissionDeadline: string | null;
  readonly error: string | undefined;
}

/** The command fields for a choice: `{ period }` or `{ deadline }` (end of the chosen Berlin day). */
export function deadlineFields(
  value: DeadlineChoiceValue,
  period: DeadlinePeriod,
): { period: DeadlinePeriod } | { deadline: string } {
  return value.mode === 'period' ? { period } : { deadline: endOfBerlinDay(value.date) };
}

/** The German error for a free end date, or undefined when it may be sent. */
export function freeDeadlineError(value: DeadlineChoiceValue, now: Date): string | undefined {
  if (value.mode !== 'date') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.date)) return 'Bitte geben Sie ein Fristende an.';
  const { error } = checkFreeDeadline(endOfBerlinDay(value.date), now.toISOString(), null);
  return error ? 'Das Fristende darf nicht in der Vergangenheit liegen.' : undefined;
}

export function DeadlineChoice({
  period,
  value,
  onChange,
  submissionDeadline,
  error,
}: DeadlineChoiceProps) {
  const id = useId();
  // The form shows the end as it would be computed if sent now; the server computes it again.
  const computed = useMemo(() => computeDeadline(new Date().toISOString(), period), [period]);
  const freeDate = value.mode === 'date' ? value.date : '';
  const warning =
    value.mode === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value.date)
      ? checkFreeDeadline(endOfBerlinDay(value.date), new Date().toISOString(), submissionDeadline)
          .warning
      : null;
  return (
    <fieldset className="choice-group deadline-choice">
      <legend>Frist</legend>
      <div className="choice">
        <input
          type="radio"
          id={`${id}-period`}
          name={`${id}-deadline`}
          checked={value.mode === 'period'}
          onChange={() => onChange({ mode: 'period' })}
        />
        <label htmlFor={`${id}-period`}>Standardfrist: {periodLabel(period)}</label>
      </div>
      <p className="deadline-choice__end muted" id={`${id}-period-end`}>
        Fristende: {computedEndLabel(computed)}
      </p>
      <div className="choice">
        <input
          type="radio"
          id={`${id}-date-mode`}
          name={`${id}-deadline`}
          checked={value.mode === 'date'}
          onChange={() => onChange({ mode: 'date', date: freeDate || computed.lastDay })}
        />
        <label htmlFor={`${id}-date-mode`}>Eigenes Fristende</label>
      </div>
      {value.mode === 'date' ? (
        <div className="field deadline-choice__date">
          <label htmlFor={`${id}-date`}>Fristende (24:00 Uhr)</label>
          <input
            id={`${id}-date`}
            type="date"
            value={value.date}
            onChange={(event) => onChange({ mode: 'date', date: event.target.value })}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={
              [error ? `${id}-date-error` : '', warning ? `${id}-date-warning` : '']
                .filter(Boolean)
                .join(' ') || undefined
            }
          />
          <FieldError id={`${id}-date-error`} message={error} />
          {warning && warning.kind === 'afterSubmissionDeadline' ? (
            <p className="message message--warning small" id={`${id}-date-warning`}>
              Achtung: Das Fristende liegt nach dem Einreichungsschluss der Sitzung (
              {formatDate(warning.submissionDeadline)}). Die Mitzeichnung kann dann nicht
              rechtzeitig abgeschlossen sein.
            </p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
