import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Anmelden' };

export default function SignInPage() {
  return (
    <section className="card narrow" aria-labelledby="anmelden-titel">
      <h1 id="anmelden-titel">Anmelden</h1>
      <p>Melden Sie sich mit Ihrem Dienstkonto an, um Vorlagen zu bearbeiten und mitzuzeichnen.</p>
      <form method="post" action="/api/session" className="form">
        <label htmlFor="login">Benutzername</label>
        <input id="login" name="login" autoComplete="username" required />
        <label htmlFor="password">Passwort</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <button type="submit">Anmelden</button>
      </form>
    </section>
  );
}
