'use client';
// "Amt anlegen": RegisterOffice through POST /api/admin/offices, for an office beyond the seeded
// catalogue (the domain checks the id, the kind and the admin right).
import { useId, useRef } from 'react';
import { FieldError } from '../../_components/field-error';
import { SelectField, type Choice } from './select-field';
import { StatusMessage } from './status-message';
import { TextField } from './text-field';
import { useAdminCommand, useAdminStatus } from './use-admin-command';

export function NewOfficeForm({ kinds }: { kinds: readonly Choice[] }) {
  const id = useId();
  const status = useAdminStatus();
  const command = useAdminCommand(status);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const name = field('name');
    const created = await command.run(
      '/api/admin/offices',
      {
        officeId: field('officeId'),
        name,
        shortName: field('shortName'),
        kind: field('kind'),
      },
      () => ({ text: `Das Amt „${name}“ ist angelegt.` }),
    );
    if (created) formRef.current?.reset();
  }

  const text = (name: string, label: string, maxLength: number, hint?: string) => (
    <TextField
      id={`${id}-${name}`}
      name={name}
      label={label}
      hint={hint}
      error={command.fieldError(name)}
      inputProps={{ maxLength, autoComplete: 'off', spellCheck: false }}
    />
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        Amt anlegen
      </h2>
      <StatusMessage message={status.message} statusRef={status.ref} />
      <form ref={formRef} onSubmit={submit} className="form form--grid" noValidate>
        {text(
          'officeId',
          'Kennung',
          60,
          'Kleinbuchstaben, Ziffern und Bindestriche (z. B. bibliotheken).',
        )}
        {text('name', 'Name', 300)}
        {text('shortName', 'Kurzname', 40)}
        <SelectField
          id={`${id}-kind`}
          name="kind"
          label="Art"
          choices={kinds}
          error={command.fieldError('kind') ? 'Bitte wählen: Art.' : undefined}
        />
        <div className="form__wide form-actions">
          <button type="submit" className="button button--primary" aria-disabled={command.busy}>
            {command.busy ? 'Wird angelegt …' : 'Amt anlegen'}
          </button>
          <FieldError id={`${id}-error`} message={command.error?.message} />
        </div>
      </form>
    </section>
  );
}
