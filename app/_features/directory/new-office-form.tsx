'use client';
// "Amt anlegen": RegisterOffice through POST /api/admin/offices, for an office beyond the seeded
// catalogue (the domain checks the id, the kind and the admin right).
import { useId, useRef } from 'react';
import { SelectField, type Choice } from './select-field';
import { AdminFormCard } from './admin-form-card';
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
    <AdminFormCard
      id={id}
      title="Amt anlegen"
      submitLabel="Amt anlegen"
      busyLabel="Wird angelegt …"
      status={status}
      command={command}
      formRef={formRef}
      onSubmit={submit}
    >
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
    </AdminFormCard>
  );
}
