'use client';
// Zustimmung unter Vorbehalt (D-158, D-159): the lead office (or SPK) reports an open condition as
// fulfilled, with an optional note; the reserving office's signer then confirms it or objects with
// a reason. The domain decides who may; this panel only offers the step to those it concerns.
import { useId, useState } from 'react';
import { CommandOutcome } from '../../_components/field-error';
import type { LiveDetail } from '../vorlage/use-live-detail';
import type { ApprovalEntry } from '../vorlage/types';
import { RESERVATION_LABELS, RESERVATION_STATE_LABELS } from '../../../wording/labels';
import './sign-off-plan.css';

interface Props {
  readonly approvals: readonly ApprovalEntry[];
  /** Lead office or SPK: may report a condition as fulfilled. */
  readonly canMark: boolean;
  /** The offices the user signs for (own office, or in Vertretung). */
  readonly signableOfficeIds: readonly string[];
  /** inSignOff or deferred. */
  readonly open: boolean;
  readonly runCommand: LiveDetail['runCommand'];
}

export function ReservationPanel(props: Props) {
  const actionable = props.approvals.filter((entry) => {
    const state = entry.reservation?.state;
    if (!state) return false;
    const markable = props.canMark && (state === 'open' || state === 'objected');
    const answerable = state === 'fulfilled' && props.signableOfficeIds.includes(entry.officeId);
    return markable || answerable;
  });
  if (!props.open || actionable.length === 0) return null;
  return (
    <section className="panel reservation-panel" aria-labelledby="vorbehalte-titel">
      <h2 id="vorbehalte-titel" className="panel__title">
        Mitzeichnungsvorbehalte
      </h2>
      <ul className="reservation-panel__list">
        {actionable.map((entry) => (
          <ReservationItem key={entry.officeId} {...props} entry={entry} />
        ))}
      </ul>
    </section>
  );
}

function ReservationItem(props: Props & { entry: ApprovalEntry }) {
  const id = useId();
  const reservation = props.entry.reservation!;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const officeId = props.entry.officeId;
  const run = async (
    command: 'mark-reservation-fulfilled' | 'confirm-reservation' | 'object-to-reservation',
    body: Record<string, unknown>,
    success: string,
  ) => {
    const result = await props.runCommand(command, { officeId, ...body });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setText('');
    setNotice(success);
  };
  const marking = reservation.state !== 'fulfilled';
  return (
    <li className="reservation-panel__item" aria-labelledby={`${id}-office`}>
      <p className="small">
        <strong id={`${id}-office`}>{props.entry.officeName}</strong>:{' '}
        {RESERVATION_LABELS.condition} „{reservation.condition}“ –{' '}
        {RESERVATION_STATE_LABELS[reservation.state]}
        {reservation.objection ? ` („${reservation.objection}“)` : ''}
      </p>
      <div className="field">
        <label htmlFor={`${id}-text`}>
          {marking ? RESERVATION_LABELS.note : RESERVATION_LABELS.objection}
        </label>
        <textarea
          id={`${id}-text`}
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="form-actions">
        {marking ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              run(
                'mark-reservation-fulfilled',
                text.trim() ? { note: text.trim() } : {},
                RESERVATION_LABELS.marked,
              )
            }
          >
            {RESERVATION_LABELS.markFulfilled}
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => run('confirm-reservation', {}, RESERVATION_LABELS.confirmed)}
            >
              {RESERVATION_LABELS.confirm}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() =>
                text.trim()
                  ? run(
                      'object-to-reservation',
                      { reason: text.trim() },
                      RESERVATION_LABELS.objected,
                    )
                  : setError('Bitte begründen Sie den Widerspruch.')
              }
            >
              {RESERVATION_LABELS.object}
            </button>
          </>
        )}
      </div>
      <CommandOutcome errorId={`${id}-error`} error={error} notice={notice} />
    </li>
  );
}
