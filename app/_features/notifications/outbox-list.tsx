// The mails the mailer queued, newest first, with their delivery state: "gesendet" with the time,
// or "wartet" with the attempts and the last SMTP error (retried automatically).
import { formatDateTime, officeName } from '../../../wording/format';
import type { DeliveryRecord } from '../../../mailer/delivery-store';
import { MAIL_KIND_LABELS } from './delivery-service';
import './notifications.css';

export function OutboxList({
  mails,
  showText,
}: {
  mails: readonly DeliveryRecord[];
  showText: boolean;
}) {
  if (mails.length === 0) return <p className="muted">Noch keine Benachrichtigungen.</p>;
  return (
    <ul className="outbox" aria-label="Benachrichtigungen">
      {mails.map((mail) => (
        <li key={mail.key} className="outbox__mail">
          <p>
            <strong>{MAIL_KIND_LABELS[mail.kind] ?? mail.kind}</strong> an{' '}
            {officeName(mail.officeId)} <span className="muted">({mail.recipient})</span>
            {' – '}
            {mail.status === 'sent' ? (
              <span>benachrichtigt {formatDateTime(mail.sentAt)}</span>
            ) : (
              <span className="outbox__status--pending">
                wartet auf Versand ({mail.attempts} Versuche
                {mail.lastError ? `, zuletzt: ${mail.lastError}` : ''})
              </span>
            )}
          </p>
          {showText ? (
            <details>
              <summary>{mail.subject}</summary>
              <pre className="outbox__text">{mail.text}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
