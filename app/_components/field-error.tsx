// Error text shown right under the control (or form) that caused it; linked by id for screen readers.
export function FieldError({ id, message }: { id: string; message: string | undefined | null }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}
