// A labelled <select> of the admin forms with its hint and its German error, linked for screen
// readers (aria-describedby, aria-invalid).
import { FieldError } from '../../_components/field-error';

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** The ids of the texts that describe a control, or undefined when there are none. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

export function SelectField({
  id,
  name,
  label,
  choices,
  defaultValue = '',
  hint,
  error,
  wide = false,
}: {
  id: string;
  name: string;
  label: string;
  choices: readonly Choice[];
  /** Empty: the first option is "bitte wählen". */
  defaultValue?: string;
  hint?: string;
  error: string | undefined;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'field form__wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        required
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      >
        {defaultValue === '' ? <option value="">bitte wählen</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
