// The office inbox: what waits for the user's office (open requests, withdrawn answers, approvals
// made stale by later edits), earliest deadline first, overdue ones marked in text. Live.
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { hasInbox } from '../_lib/page-access';
import { listOfficeInbox, type InboxEntry } from '../../projections/queries';
import { signedInUser } from '../_lib/page-guard';
import { services } from '../_lib/services';
import { formatDate, formatDateTime, officeName, shortHash } from '../../wording/format';
import { INBOX_TASK_REQUESTS, isInboxTask } from '../../wording/labels';
import { StatusBadge } from '../_components/status-badge';
import { LiveRefresh } from '../_features/live-updates/live-refresh';
import './inbox.css';
import { formatDeadline } from '../_features/deadlines/deadline-labels';

export const metadata: Metadata = { title: 'Eingang' };
export const dynamic = 'force-dynamic';

const WHY: Record<string, string> = {
  open: 'Ihre Mitzeichnung wird erbeten.',
  withdrawn: 'Die Mitzeichnung Ihres Amtes wurde zurückgezogen; es wird erneut erbeten.',
  stale:
    'Der Text hat sich seit Ihrer Mitzeichnung geändert. Bitte prüfen Sie die neue Fassung und zeichnen Sie erneut.',
};

/** Nobody of the office signed: its consent was deemed given after the deadline. */
const STALE_AFTER_DEEMED =
  'Der Text hat sich geändert, seit Ihre Mitzeichnung nach Fristablauf als erteilt gilt. Bitte prüfen Sie die neue Fassung und zeichnen Sie.';

export default async function InboxPage() {
  const user = await signedInUser();
  // The layout answered 403 already; this keeps the page safe on its own.
  if (!hasInbox(user)) forbidden();

  let entries: InboxEntry[] | null;
  try {
    entries = listOfficeInbox(services().readModels(), user.officeId, new Date());
  } catch (error) {
    services().log.warn({ err: error }, 'inbox unavailable');
    entries = null;
  }
  const overdue = entries?.filter((entry) => entry.overdue).length ?? 0;

  return (
    <div className="stack">
      <div className="page-head page-head--split">
        <div>
          <h1>Eingang</h1>
          <p className="lead">
            Was auf die Mitzeichnung wartet: <strong>{officeName(user.officeId)}</strong> – nach
            Frist geordnet.
          </p>
        </div>
        <LiveRefresh readModels={['office_inbox']} />
      </div>

      {entries === null ? (
        <p className="message message--warning" role="status">
          Der Eingang ist gerade nicht verfügbar. Bitte laden Sie die Seite in einigen Sekunden neu.
        </p>
      ) : entries.length === 0 ? (
        <div className="empty-state" role="status">
          <p className="empty-state__title">Nichts zu tun.</p>
          <p>
            Zurzeit wartet keine Vorlage auf die Mitzeichnung Ihres Amtes. Neue Anfragen erscheinen
            hier von selbst.
          </p>
        </div>
      ) : (
        <section aria-labelledby="eingang-liste">
          <h2 id="eingang-liste" className="section-title">
            {entries.length} {entries.length === 1 ? 'Vorlage wartet' : 'Vorlagen warten'}
            {overdue > 0 ? `, davon ${overdue} überfällig` : ''}
          </h2>
          <ol className="inbox">
            {entries.map((entry) => (
              <li
                key={entry.vorlageId}
                className={`inbox__item${entry.overdue ? ' inbox__item--overdue' : ''}`}
              >
                <div className="inbox__main">
                  <h3 className="inbox__title">
                    <Link href={`/vorlagen/${encodeURIComponent(entry.vorlageId)}`}>
                      {entry.title}
                    </Link>
                  </h3>
                  <p className="inbox__why">
                    {isInboxTask(entry.status) ? (
                      <>
                        <StatusBadge kind="task" status={entry.status} />{' '}
                        {INBOX_TASK_REQUESTS[entry.status]}
                      </>
                    ) : (
                      <>
                        <StatusBadge kind="approval" status={entry.status} />{' '}
                        {entry.status === 'stale' && entry.answer === 'deemedGiven'
                          ? STALE_AFTER_DEEMED
                          : (WHY[entry.status] ?? '')}
                      </>
                    )}
                  </p>
                  {entry.status === 'stale' ? (
                    <p>
                      <Link
                        href={`/vorlagen/${encodeURIComponent(entry.vorlageId)}/aenderungen/${encodeURIComponent(user.officeId)}`}
                      >
                        {entry.answer === 'deemedGiven'
                          ? 'Änderungen seit der als erteilt geltenden Fassung ansehen'
                          : 'Änderungen seit Ihrer Mitzeichnung ansehen'}
                        <span className="visually-hidden"> ({entry.title})</span>
                      </Link>
                    </p>
                  ) : null}
                  <p className="muted small">
                    Federführung: {officeName(entry.leadOfficeId)}
                    {entry.round > 0 ? ` · Runde ${entry.round}` : ''}
                    {entry.askedAt ? ` · angefragt am ${formatDateTime(entry.askedAt)}` : ''}
                    {entry.currentTextHash ? (
                      <>
                        {' '}
                        · Prüfsumme des aktuellen Texts{' '}
                        <code>{shortHash(entry.currentTextHash)}</code>
                      </>
                    ) : null}
                  </p>
                </div>
                <dl className="inbox__facts">
                  <div>
                    <dt>Frist</dt>
                    <dd>
                      {entry.deadline ? formatDeadline(entry.deadline) : 'keine'}
                      {entry.overdue ? (
                        <span className="tag tag--danger">
                          <span aria-hidden="true">⚠ </span>überfällig
                        </span>
                      ) : null}
                    </dd>
                  </div>
                  <div>
                    <dt>Sitzung</dt>
                    <dd>{formatDate(entry.targetSessionDate)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
