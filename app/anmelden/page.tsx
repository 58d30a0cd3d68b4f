import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { homePathFor } from '../_components/navigation';
import { currentUser } from '../_lib/auth';
import { oidcSettings } from '../_lib/oidc';
import { safeReturnPath } from '../_lib/return-path';
import { services } from '../_lib/services';

export const metadata: Metadata = { title: 'Anmelden' };
export const dynamic = 'force-dynamic';

/** What went wrong, by the `fehler` parameter the sign-in routes redirect with. */
const SIGN_IN_ERRORS: Record<string, string> = {
  '1': 'Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.',
  gesperrt:
    'Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  oidc: 'Die Anmeldung über das Dienstkonto (SSO) ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
  unbekannt:
    'Ihr Dienstkonto ist in Vorlagen nicht eingerichtet. Bitte wenden Sie sich an die Administration.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fehler, weiter } = await searchParams;
  // The page that sent the person here (a deep link), to return to after signing in.
  const returnTo = safeReturnPath(weiter);
  const user = await currentUser();
  if (user) redirect(returnTo ?? homePathFor(user.role));
  const errorMessage =
    typeof fehler === 'string' ? (SIGN_IN_ERRORS[fehler] ?? SIGN_IN_ERRORS['1']) : undefined;
  const failed = errorMessage !== undefined;
  const ssoAvailable = oidcSettings(services().env) !== undefined;
  return (
    <section className="card narrow" aria-labelledby="anmelden-titel">
      <h1 id="anmelden-titel">Anmelden</h1>
      <p>Melden Sie sich mit Ihrem Dienstkonto an, um Vorlagen zu bearbeiten und mitzuzeichnen.</p>
      <form method="post" action="/api/session" className="form">
        {returnTo ? <input type="hidden" name="weiter" value={returnTo} /> : null}
        {failed ? (
          <p className="message message--error" role="alert" id="anmelden-fehler">
            {errorMessage}
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
      {ssoAvailable ? (
        <p>
          <a
            className="button"
            href={`/api/auth/oidc/start${returnTo ? `?weiter=${encodeURIComponent(returnTo)}` : ''}`}
          >
            Mit Dienstkonto (SSO) anmelden
          </a>
        </p>
      ) : null}
    </section>
  );
}
