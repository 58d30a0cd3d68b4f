'use client';
// The second step of an irreversible action: it says what will be recorded and asks once more.
// It takes the focus when it appears (a screen reader reads the summary), and "Abbrechen" gives
// the focus back to whatever the caller focuses next.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import './confirm-step.css';

export function ConfirmStep(props: {
  /** What will be recorded, in the user's words. */
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="confirm-step" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="confirm-step__title" tabIndex={-1} ref={heading}>
        Bitte bestätigen
      </h3>
      <div className="confirm-step__summary">{props.children}</div>
      <div className="confirm-step__actions">
        <button
          type="button"
          className={`button ${props.danger ? 'button--danger' : 'button--primary'}`}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={props.busy}
          onClick={props.onCancel}
        >
          Abbrechen
        </button>
      </div>
    </section>
  );
}
