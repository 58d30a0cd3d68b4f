// "Benachrichtigungen" (D-124): what a user's office is notified of by e-mail, at which address,
// and on which days before a deadline it is reminded. Read-only: the operator configures it.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { officeName } from '../../wording/format';
import { currentUser } from '../_lib/auth';
import { services } from '../_lib/services';
import { officeMailbox } from '../../mailer/mailer';
import '../_features/notifications/notifications.css';

export const metadata: Metadata = { title: 'Benachrichtigungen' };
export const dynamic = 'force-dynamic';

export default async function NotificationSettingsPage() {
  const user = await currentUser();
  if (!user) redirect('/anmelden');
  const { env } = services();
  const days = env.REMINDER_WORKING_DAYS;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Benachrichtigungen</h1>
        <p className="lead">
          E-Mails gehen an das Funktionspostfach Ihres Amtes, nicht an persönliche Adressen.
        </p>
      </div>
      <section className="card notification-settings" aria-labelledby="postfach-titel">
        <h2 id="postfach-titel" className="card__title">
          Postfach von {officeName(user.officeId)}
        </h2>
        <p>
          <code>{officeMailbox(user.officeId, env.MAIL_DOMAIN)}</code>
        </p>
        <h3>Ihr Amt wird benachrichtigt, wenn</h3>
        <ul className="notification-settings__list">
          <li>es um Mitzeichnung einer Vorlage gebeten wird (mit Frist und Link),</li>
          <li>
            {days.length === 0
              ? 'keine Erinnerungen vor Fristende eingestellt sind,'
              : `die Frist näher rückt: ${days
                  .map((day) => (day === 1 ? '1 Arbeitstag' : `${day} Arbeitstage`))
                  .join(' und ')} vor Fristende, solange die Mitzeichnung aussteht,`}
          </li>
          <li>eine Mitzeichnung nach Fristablauf als erteilt gilt,</li>
          <li>eine Mitzeichnung durch eine Textänderung veraltet,</li>
          <li>die SPK eine Fristverlängerung gewährt.</li>
        </ul>
        <p className="muted small">
          Die Einstellungen legt der Betrieb fest (REMINDER_WORKING_DAYS, MAIL_DOMAIN, SMTP_URL).
        </p>
      </section>
    </div>
  );
}
