'use client';
// "Benutzerkonto anlegen": RegisterUser through POST /api/admin/users (the API hashes the initial
// password; the domain checks login, office and the admin right).
import { useId, useRef } from 'react';
import { FieldError } from '../../_components/field-error';
import { SelectField, type Choice } from './select-field';
import { TextField } from './text-field';
import { StatusMessage } from './status-message';
import { useAdminCommand, useAdminStatus } from './use-admin-command';

export function NewUserForm({
  offices,
  roles,
}: {
  offices: readonly Choice[];
  roles: readonly Choice[];
}) {
  const id = useId();
  const status = useAdminStatus();
  const command = useAdminCommand(status);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    const displayName = field('displayName').trim();
    const created = await command.run<{ userId: string }>(
      '/api/admin/users',
      {
        displayName,
        login: field('login').trim(),
        officeId: field('officeId'),
        role: field('role'),
        password: field('password'),
      },
      (data) => ({
        text: `Das Benutzerkonto für ${displayName} ist angelegt.`,
        link: { href: `/verwaltung/benutzer/${data.userId}`, label: 'Benutzerkonto öffnen' },
      }),
    );
    if (created) formRef.current?.reset();
  }

  const input = (
    name: string,
    label: string,
    props: React.ComponentProps<'input'>,
    hint?: string,
  ) => (
    <TextField
      id={`${id}-${name}`}
      name={name}
      label={label}
      hint={hint}
      error={command.fieldError(name)}
      inputProps={props}
    />
  );
  const select = (name: string, label: string, choices: readonly Choice[]) => (
    <SelectField
      id={`${id}-${name}`}
      name={name}
      label={label}
      choices={choices}
      error={command.fieldError(name) ? `Bitte wählen: ${label}.` : undefined}
    />
  );

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        Benutzerkonto anlegen
      </h2>
      <StatusMessage message={status.message} statusRef={status.ref} />
      <form ref={formRef} onSubmit={submit} className="form form--grid" noValidate>
        {input('displayName', 'Name', { maxLength: 200, autoComplete: 'off' })}
        {input(
          'login',
          'Anmeldename',
          { maxLength: 100, autoComplete: 'off', spellCheck: false },
          'Kleinbuchstaben, Ziffern und die Zeichen . _ @ - (z. B. vorname.nachname).',
        )}
        {select('officeId', 'Amt', offices)}
        {select('role', 'Rolle', roles)}
        {input(
          'password',
          'Erstes Passwort',
          { type: 'password', minLength: 12, autoComplete: 'new-password' },
          'Mindestens 12 Zeichen. Teilen Sie es der Person auf sicherem Weg mit.',
        )}
        <div className="form__wide form-actions">
          <button type="submit" className="button button--primary" aria-disabled={command.busy}>
            {command.busy ? 'Wird angelegt …' : 'Benutzerkonto anlegen'}
          </button>
          <FieldError id={`${id}-error`} message={command.error?.message} />
        </div>
      </form>
    </section>
  );
}
