'use client';
// The feedback form of the accessibility statement. Posts JSON to /api/feedback and shows the
// German confirmation (focused, in a status region); without JavaScript the same form posts
// url-encoded and the server answers with a redirect.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { issueAt, postJson, type ApiError } from '../../_components/api-client';
import './feedback.css';

interface Sent {
  readonly id: string;
  readonly message: string;
}

export function FeedbackForm({
  sentWithoutJs,
  failedWithoutJs,
}: {
  sentWithoutJs: boolean;
  failedWithoutJs: boolean;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmation = useRef<HTMLDivElement>(null);
  const errorSummary = useRef<HTMLDivElement>(null);

  // Move focus to the outcome once it is rendered, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (sent) confirmation.current?.focus();
  }, [sent]);
  useEffect(() => {
    if (error) errorSummary.current?.focus();
  }, [error]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setBusy(true);
    const result = await postJson<Sent>('/api/feedback', data);
    setBusy(false);
    if (result.ok) {
      setSent(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
  }

  if (sent || sentWithoutJs) {
    return (
      <div
        ref={confirmation}
        tabIndex={-1}
        role="status"
        className="message message--info feedback-confirmation"
      >
        <p>
          <strong>Ihre Rückmeldung ist angekommen.</strong>
        </p>
        <p>
          {sent?.message ??
            'Vielen Dank für Ihre Rückmeldung. Wir prüfen sie und melden uns innerhalb von sechs Wochen, wenn Sie Kontaktdaten angegeben haben.'}
        </p>
        {sent ? <p className="small muted">Vorgangsnummer: {sent.id}</p> : null}
      </div>
    );
  }

  const messageError = issueAt(error, 'message');
  const emailError = issueAt(error, 'email');
  return (
    <form
      method="post"
      action="/api/feedback"
      className="form feedback"
      onSubmit={submit}
      noValidate
    >
      {error || failedWithoutJs ? (
        <div ref={errorSummary} tabIndex={-1} role="alert" className="message message--error">
          <p>
            <strong>Die Rückmeldung wurde nicht gesendet.</strong>
          </p>
          <p>
            {error?.message ??
              'Bitte prüfen Sie Ihre Angaben: Die Nachricht braucht mindestens 10 Zeichen.'}
          </p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="feedback-message">
          Was ist Ihnen aufgefallen? <span className="required">(Pflichtfeld)</span>
        </label>
        <p id="feedback-message-hint" className="small muted">
          Beschreiben Sie bitte, auf welcher Seite und bei welchem Schritt Sie auf eine Barriere
          gestoßen sind.
        </p>
        <textarea
          id="feedback-message"
          name="message"
          rows={6}
          required
          minLength={10}
          maxLength={5000}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={`feedback-message-hint${messageError ? ' feedback-message-error' : ''}`}
        />
        {messageError ? (
          <p id="feedback-message-error" className="field-error">
            {messageError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="feedback-page">Betroffene Seite oder Adresse (optional)</label>
        <input id="feedback-page" name="page" type="text" maxLength={500} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="feedback-name">Ihr Name (optional)</label>
        <input id="feedback-name" name="name" type="text" maxLength={200} autoComplete="name" />
      </div>
      <div className="field">
        <label htmlFor="feedback-email">E-Mail-Adresse für eine Antwort (optional)</label>
        <input
          id="feedback-email"
          name="email"
          type="email"
          maxLength={320}
          autoComplete="email"
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? 'feedback-email-error' : undefined}
        />
        {emailError ? (
          <p id="feedback-email-error" className="field-error">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Wird gesendet …' : 'Rückmeldung senden'}
        </button>
      </div>
    </form>
  );
}
