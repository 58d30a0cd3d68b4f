import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '../_lib/auth';

export const metadata: Metadata = { title: 'Anmelden' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await currentUser()) redirect('/vorlagen');
  const failed = (await searchParams).fehler !== undefined;
  return (
    <section className="card narrow" aria-labelledby="anmelden-titel">
      <h1 id="anmelden-titel">Anmelden</h1>
      <p>Melden Sie sich mit Ihrem Dienstkonto an, um Vorlagen zu bearbeiten und mitzuzeichnen.</p>
      <form method="post" action="/api/session" className="form">
        {failed ? (
          <p className="message message--error" role="alert" id="anmelden-fehler">
            Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.
          </p>
        ) : null}
        <label htmlFor="login">Benutzername</label>
        <input
          id="login"
          name="login"
          autoComplete="username"
          required
          aria-describedby={failed ? 'anmelden-fehler' : undefined}
          aria-invalid={failed || undefined}
        />
        <label htmlFor="password">Passwort</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={failed || undefined}
        />
        <button type="submit" className="button button--primary">
          Anmelden
        </button>
      </form>
    </section>
  );
}
