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

/**
 * Where a panel's command answers: a refusal as an alert under the form (`errorId` for
 * aria-describedby), a success as a polite status line that is always rendered, so screen readers
 * announce it when it fills.
 */
export function CommandOutcome({
  errorId,
  error,
  notice,
}: {
  errorId: string;
  error: string | undefined | null;
  notice: string | null;
}) {
  return (
    <>
      <FieldError id={errorId} message={error} />
      <p role="status" className="status-line">
        {notice}
      </p>
    </>
  );
}
