'use client';
// "Neue Vorlage": creates a Vorlage from the template (title, lead office, rapporteur, target
// session) through the API, then opens it once the read models include it (`nach=`).
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { issueAt, postJson, type ApiError } from './api-client';
import { FieldError } from './field-error';
import { SessionOptions } from './session-options';

interface Props {
  readonly offices: readonly { readonly id: string; readonly name: string }[];
  /** Upcoming Bezirksamtssitzungen (D-112); empty when no calendar is kept (free date then). */
  readonly sessions: readonly { readonly date: string; readonly submissionDeadline: string }[];
  /** Office members create for their own office only; null lets SPK choose. */
  readonly fixedOfficeId: string | null;
}

export function NewVorlageForm({ offices, sessions, fixedOfficeId }: Props) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await postJson<{ vorlageId: string; position: string }>('/api/vorlagen', {
      title: String(form.get('title') ?? ''),
      leadOfficeId: fixedOfficeId ?? String(form.get('leadOfficeId') ?? ''),
      rapporteurName: String(form.get('rapporteurName') ?? ''),
      targetSessionDate: String(form.get('targetSessionDate') ?? ''),
    });
    if (!result.ok) {
      setError(result.error);
      setBusy(false);
      return;
    }
    router.push(
      `/vorlagen/${encodeURIComponent(result.data.vorlageId)}?nach=${result.data.position}`,
    );
  }

  const fieldError = (path: string) => issueAt(error, path);
  const generalError = error?.message ?? null;

  return (
    <details className="card disclosure" open={error !== null || undefined}>
      <summary className="disclosure__summary">
        <span className="button button--primary">Neue Vorlage</span>
      </summary>
      <form
        onSubmit={submit}
        className="form form--grid"
        aria-labelledby={`${id}-title`}
        noValidate
      >
        <h2 id={`${id}-title`} className="card__title form__wide">
          Neue Vorlage anlegen
        </h2>
        <p className="muted form__wide">
          Die Vorlage wird aus der Vorlage zur Beschlussfassung mit den Abschnitten 1 bis 10
          angelegt.
        </p>
        <div className="field form__wide">
          <label htmlFor={`${id}-subject`}>Gegenstand der Vorlage</label>
          <input
            id={`${id}-subject`}
            name="title"
            required
            maxLength={500}
            aria-invalid={fieldError('title') ? true : undefined}
            aria-describedby={fieldError('title') ? `${id}-subject-error` : undefined}
          />
          <FieldError id={`${id}-subject-error`} message={fieldError('title')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-office`}>Federführendes Amt</label>
          <select
            id={`${id}-office`}
            name="leadOfficeId"
            required
            defaultValue={fixedOfficeId ?? ''}
            disabled={fixedOfficeId !== null}
            aria-invalid={fieldError('leadOfficeId') ? true : undefined}
            aria-describedby={fieldError('leadOfficeId') ? `${id}-office-error` : undefined}
          >
            {fixedOfficeId === null ? <option value="">bitte wählen</option> : null}
            {offices.map((office) => (
              <option key={office.id} value={office.id}>
                {office.name}
              </option>
            ))}
          </select>
          <FieldError
            id={`${id}-office-error`}
            message={
              fieldError('leadOfficeId') ? 'Bitte wählen Sie das federführende Amt.' : undefined
            }
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-rapporteur`}>Berichterstatter/in</label>
          <input
            id={`${id}-rapporteur`}
            name="rapporteurName"
            required
            maxLength={200}
            placeholder="z. B. Bezirksstadträtin Carolina Böhm"
            aria-invalid={fieldError('rapporteurName') ? true : undefined}
            aria-describedby={fieldError('rapporteurName') ? `${id}-rapporteur-error` : undefined}
          />
          <FieldError id={`${id}-rapporteur-error`} message={fieldError('rapporteurName')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-session`}>Bezirksamtssitzung am</label>
          {sessions.length > 0 ? (
            <select
              id={`${id}-session`}
              name="targetSessionDate"
              required
              aria-invalid={fieldError('targetSessionDate') ? true : undefined}
              aria-describedby={fieldError('targetSessionDate') ? `${id}-session-error` : undefined}
            >
              <SessionOptions sessions={sessions} />
            </select>
          ) : (
            <input
              id={`${id}-session`}
              name="targetSessionDate"
              type="date"
              required
              aria-invalid={fieldError('targetSessionDate') ? true : undefined}
              aria-describedby={fieldError('targetSessionDate') ? `${id}-session-error` : undefined}
            />
          )}
          <FieldError
            id={`${id}-session-error`}
            message={
              fieldError('targetSessionDate')
                ? 'Bitte geben Sie ein gültiges Sitzungsdatum an.'
                : undefined
            }
          />
        </div>
        <div className="form__wide form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Wird angelegt …' : 'Vorlage anlegen'}
          </button>
          <FieldError id={`${id}-error`} message={generalError} />
        </div>
      </form>
    </details>
  );
}
