// "Postausgang" (D-124): every e-mail the product queued, with subject, text and delivery state —
// in the embedded default these went to the local catch-all SMTP server. SPK, auditors and admins.
import type { Metadata } from 'next';
import { forbidden, redirect } from 'next/navigation';
import { currentUser } from '../_lib/auth';
import { listDeliveries } from '../_features/notifications/delivery-service';
import { OutboxList } from '../_features/notifications/outbox-list';

export const metadata: Metadata = { title: 'Postausgang' };
export const dynamic = 'force-dynamic';

const MAY_READ = new Set(['coordination', 'auditor', 'admin']);

export default async function OutboxPage() {
  const user = await currentUser();
  if (!user) redirect('/anmelden');
  if (!MAY_READ.has(user.role)) forbidden();
  const mails = listDeliveries({ limit: 200 });
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Postausgang</h1>
        <p className="lead">
          Die E-Mail-Benachrichtigungen der letzten Zeit (höchstens 200), neueste zuerst. Nicht
          zugestellte werden automatisch erneut versucht.
        </p>
      </div>
      <section className="card">
        <OutboxList mails={mails} showText />
      </section>
    </div>
  );
}
