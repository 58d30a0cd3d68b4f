// A labelled text input of the admin forms with its hint and its German error, linked for screen
// readers (aria-describedby, aria-invalid).
import type { ComponentProps } from 'react';
import { FieldError } from '../../_components/field-error';
import { describedBy } from './select-field';

export function TextField({
  id,
  name,
  label,
  hint,
  error,
  inputProps,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  error: string | undefined;
  inputProps: ComponentProps<'input'>;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        {...inputProps}
      />
      {hint ? (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
