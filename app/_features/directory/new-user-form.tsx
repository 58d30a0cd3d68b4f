'use client';
// "Benutzerkonto anlegen": RegisterUser through POST /api/admin/users (the API hashes the initial
// password; the domain checks login, office and the admin right).
import { useId, useRef } from 'react';
import { SelectField, type Choice } from './select-field';
import { AdminFormCard } from './admin-form-card';
import { TextField } from './text-field';
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
    <AdminFormCard
      id={id}
      title="Benutzerkonto anlegen"
      submitLabel="Benutzerkonto anlegen"
      busyLabel="Wird angelegt …"
      status={status}
      command={command}
      formRef={formRef}
      onSubmit={submit}
    >
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
    </AdminFormCard>
  );
}
