'use client';
// One account's administration: role, office (D-170), password, (de)activation and — for signers — dated deputy
// arrangements (Vertretung, D-63). Every form runs one existing directory command through the API;
// one live region reports success and takes focus, each form shows its own German error.
import { useId } from 'react';
import { FieldError } from '../../_components/field-error';
import { describedBy, SelectField, type Choice } from './select-field';
import { StatusMessage } from './status-message';
import {
  useAdminCommand,
  useAdminStatus,
  userCommandPath,
  type AdminCommand,
  type AdminStatus,
} from './use-admin-command';

export interface AdministeredUser {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly officeId: string;
  readonly active: boolean;
}

export interface ArrangementRow {
  readonly arrangementId: string;
  readonly deputyName: string;
  readonly validFrom: string;
  readonly validUntil: string;
  /** "gilt", "geplant", … (wording/labels). */
  readonly statusLabel: string;
  /** The dates as people read them ("01.06.2026 bis 30.06.2026"). */
  readonly periodLabel: string;
  readonly revocable: boolean;
}

export function UserAdministration({
  user,
  roles,
  offices,
  deputyCandidates,
  arrangements,
}: {
  user: AdministeredUser;
  roles: readonly Choice[];
  offices: readonly Choice[];
  /** Null when the account cannot be represented (not an active signer). */
  deputyCandidates: readonly Choice[] | null;
  arrangements: readonly ArrangementRow[];
}) {
  const status = useAdminStatus();
  return (
    <>
      <StatusMessage message={status.message} statusRef={status.ref} />
      <div className="admin-grid">
        <ChoiceForm
          user={user}
          status={status}
          title="Rolle"
          label="Neue Rolle"
          name="role"
          choices={roles}
          current={user.role}
          command="change-role"
          submitLabel="Rolle ändern"
          success={(role) => `${user.displayName} hat jetzt die Rolle „${role}“.`}
        />
        <ChoiceForm
          user={user}
          status={status}
          title="Amt"
          label="Neues Amt"
          name="officeId"
          choices={offices}
          current={user.officeId}
          hint="Laufende Vertretungen der Person enden mit dem Wechsel; sie wird abgemeldet."
          command="change-office"
          submitLabel="Amt wechseln"
          success={(office) => `${user.displayName} gehört jetzt zum Amt „${office}“.`}
        />
        <PasswordForm user={user} status={status} />
        {user.active ? (
          <DeactivateForm user={user} status={status} />
        ) : (
          <ReactivateForm user={user} status={status} />
        )}
      </div>
      <Deputies
        user={user}
        candidates={deputyCandidates}
        arrangements={arrangements}
        status={status}
      />
    </>
  );
}

interface FormProps {
  readonly user: AdministeredUser;
  readonly status: AdminStatus;
}

function Card({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="card__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Submit({
  command,
  label,
  busyLabel,
  danger = false,
}: {
  command: AdminCommand;
  label: string;
  busyLabel: string;
  danger?: boolean;
}) {
  return (
    <button
      type="submit"
      className={danger ? 'button button--danger' : 'button button--primary'}
      aria-disabled={command.busy}
    >
      {command.busy ? busyLabel : label}
    </button>
  );
}

/** One choice (role, office) changed by one command on the account. */
function ChoiceForm({
  user,
  status,
  title,
  label,
  name,
  choices,
  current,
  hint,
  command: commandName,
  submitLabel,
  success,
}: FormProps & {
  title: string;
  label: string;
  name: string;
  choices: readonly Choice[];
  current: string;
  hint?: string;
  command: string;
  submitLabel: string;
  success: (choice: string) => string;
}) {
  const id = useId();
  const command = useAdminCommand(status);
  const error = command.fieldError(name);
  return (
    <Card id={`${id}-title`} title={title}>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const value = String(new FormData(event.currentTarget).get(name) ?? '');
          const chosen = choices.find((choice) => choice.value === value)?.label ?? value;
          void command.run(userCommandPath(user.userId, commandName), { [name]: value }, () => ({
            text: success(chosen),
          }));
        }}
      >
        <SelectField
          id={`${id}-${name}`}
          name={name}
          label={label}
          choices={choices}
          defaultValue={current}
          hint={hint}
          error={error}
        />
        <div className="form-actions">
          <Submit command={command} label={submitLabel} busyLabel="Wird geändert …" />
          <FieldError id={`${id}-error`} message={error ? null : command.error?.message} />
        </div>
      </form>
    </Card>
  );
}

function PasswordForm({ user, status }: FormProps) {
  const id = useId();
  const command = useAdminCommand(status);
  const error = command.fieldError('password');
  return (
    <Card id={`${id}-title`} title="Passwort zurücksetzen">
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const password = String(new FormData(form).get('password') ?? '');
          void command
            .run(userCommandPath(user.userId, 'change-password'), { password }, () => ({
              text: `Das Passwort von ${user.displayName} ist neu gesetzt; bestehende Anmeldungen sind beendet.`,
            }))
            .then((done) => {
              if (done) form.reset();
            });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-password`}>Neues Passwort</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(`${id}-hint`, error && `${id}-password-error`)}
          />
          <p id={`${id}-hint`} className="muted small">
            Mindestens 12 Zeichen. Teilen Sie es der Person auf sicherem Weg mit.
          </p>
          <FieldError id={`${id}-password-error`} message={error} />
        </div>
        <div className="form-actions">
          <Submit command={command} label="Passwort setzen" busyLabel="Wird gesetzt …" />
          <FieldError id={`${id}-error`} message={error ? null : command.error?.message} />
        </div>
      </form>
    </Card>
  );
}

function DeactivateForm({ user, status }: FormProps) {
  const id = useId();
  const command = useAdminCommand(status);
  const error = command.fieldError('reason');
  return (
    <Card id={`${id}-title`} title="Deaktivieren">
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
          void command.run(userCommandPath(user.userId, 'deactivate'), { reason }, () => ({
            text: `${user.displayName} ist deaktiviert und kann sich nicht mehr anmelden.`,
          }));
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reason`}>Grund</label>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={2}
            maxLength={2000}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(`${id}-hint`, error && `${id}-reason-error`)}
          />
          <p id={`${id}-hint`} className="muted small">
            Die Person wird sofort abgemeldet. Ihre Mitzeichnungen und Einträge bleiben erhalten.
          </p>
          <FieldError id={`${id}-reason-error`} message={error} />
        </div>
        <div className="form-actions">
          <Submit command={command} label="Deaktivieren" busyLabel="Wird deaktiviert …" danger />
          <FieldError id={`${id}-error`} message={error ? null : command.error?.message} />
        </div>
      </form>
    </Card>
  );
}

function ReactivateForm({ user, status }: FormProps) {
  const id = useId();
  const command = useAdminCommand(status);
  return (
    <Card id={`${id}-title`} title="Reaktivieren">
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void command.run(userCommandPath(user.userId, 'reactivate'), {}, () => ({
            text: `${user.displayName} ist wieder aktiv und kann sich anmelden.`,
          }));
        }}
      >
        <p className="muted">Das Konto ist deaktiviert. Frühere Anmeldungen bleiben beendet.</p>
        <div className="form-actions">
          <Submit command={command} label="Reaktivieren" busyLabel="Wird reaktiviert …" />
          <FieldError id={`${id}-error`} message={command.error?.message} />
        </div>
      </form>
    </Card>
  );
}

function Deputies({
  user,
  candidates,
  arrangements,
  status,
}: FormProps & { candidates: readonly Choice[] | null; arrangements: readonly ArrangementRow[] }) {
  const id = useId();
  const command = useAdminCommand(status);
  const revoke = useAdminCommand(status);
  const field = (name: string) => command.fieldError(name);
  return (
    <Card id={`${id}-title`} title="Vertretungen">
      {arrangements.length > 0 ? (
        <div className="table-wrap">
          <table className="table admin-table">
            <caption className="visually-hidden">Vertretungen von {user.displayName}</caption>
            <thead>
              <tr>
                <th scope="col">Vertreten durch</th>
                <th scope="col">Zeitraum</th>
                <th scope="col">Stand</th>
                <th scope="col">
                  <span className="visually-hidden">Aktion</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {arrangements.map((arrangement) => (
                <tr key={arrangement.arrangementId}>
                  <td>{arrangement.deputyName}</td>
                  <td>{arrangement.periodLabel}</td>
                  <td>{arrangement.statusLabel}</td>
                  <td>
                    {arrangement.revocable ? (
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        aria-disabled={revoke.busy}
                        aria-label={`Vertretung durch ${arrangement.deputyName} (${arrangement.periodLabel}) widerrufen`}
                        onClick={() =>
                          void revoke.run(
                            userCommandPath(user.userId, 'revoke-deputy'),
                            { arrangementId: arrangement.arrangementId },
                            () => ({
                              text: `Die Vertretung durch ${arrangement.deputyName} ist widerrufen.`,
                            }),
                          )
                        }
                      >
                        Widerrufen
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Keine Vertretung eingetragen.</p>
      )}
      <FieldError id={`${id}-revoke-error`} message={revoke.error?.message} />
      {candidates === null ? (
        <p className="muted">
          Vertreten werden kann nur ein aktives Konto mit der Rolle „Zeichnung“.
        </p>
      ) : candidates.length === 0 ? (
        <p className="muted">
          Im selben Amt gibt es kein weiteres aktives Konto mit der Rolle „Zeichnung“, das vertreten
          könnte.
        </p>
      ) : (
        <form
          className="form form--grid"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const data = new FormData(form);
            const deputyUserId = String(data.get('deputyUserId') ?? '');
            const deputy = candidates.find((choice) => choice.value === deputyUserId)?.label;
            void command
              .run(
                userCommandPath(user.userId, 'arrange-deputy'),
                {
                  deputyUserId,
                  validFrom: String(data.get('validFrom') ?? ''),
                  validUntil: String(data.get('validUntil') ?? ''),
                },
                () => ({
                  text: `${deputy ?? 'Die Vertretung'} vertritt ${user.displayName} wie eingetragen.`,
                }),
              )
              .then((done) => {
                if (done) form.reset();
              });
          }}
        >
          <h3 className="form__wide admin-subtitle">Vertretung eintragen</h3>
          <SelectField
            id={`${id}-deputy`}
            name="deputyUserId"
            label="Vertreten durch"
            choices={candidates}
            error={field('deputyUserId') ? 'Bitte wählen Sie die Vertretung.' : undefined}
            wide
          />
          <div className="field">
            <label htmlFor={`${id}-from`}>Von</label>
            <input
              id={`${id}-from`}
              name="validFrom"
              type="date"
              required
              aria-invalid={field('validFrom') ? true : undefined}
              aria-describedby={describedBy(field('validFrom') && `${id}-from-error`)}
            />
            <FieldError
              id={`${id}-from-error`}
              message={field('validFrom') ? 'Bitte geben Sie den ersten Tag an.' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-until`}>Bis einschließlich</label>
            <input
              id={`${id}-until`}
              name="validUntil"
              type="date"
              required
              aria-invalid={field('validUntil') ? true : undefined}
              aria-describedby={describedBy(field('validUntil') && `${id}-until-error`)}
            />
            <FieldError id={`${id}-until-error`} message={untilMessage(field('validUntil'))} />
          </div>
          <div className="form__wide form-actions">
            <Submit command={command} label="Vertretung eintragen" busyLabel="Wird eingetragen …" />
            <FieldError
              id={`${id}-error`}
              message={command.error?.issues?.length ? null : command.error?.message}
            />
          </div>
        </form>
      )}
    </Card>
  );
}

/** The domain's own message when the end lies before the start; a plain hint for a missing date. */
function untilMessage(issue: string | undefined): string | undefined {
  if (!issue) return undefined;
  return issue.includes('Ende') ? issue : 'Bitte geben Sie den letzten Tag an.';
}
