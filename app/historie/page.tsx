// Entry to the audit review for SPK, rapporteurs and auditors: every Vorlage with links to its
// history (timeline, Fassungen, chain check) and print view.
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { canReadAudit } from '../../domain/vorlage/authorization';
import { signedInUser } from '../_lib/page-guard';
import { readablePage } from '../_lib/read-models';
import { LIST_PAGE_SIZE, PageNav, readPageParams } from '../_components/page-nav';
import type { SearchParams } from '../_components/vorlagen-filter';
import { formatDate, formatDateTime } from '../../wording/format';
import { StatusBadge } from '../_components/status-badge';

export const metadata: Metadata = { title: 'Historie' };
export const dynamic = 'force-dynamic';

export default async function HistoryIndexPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await signedInUser();
  // The layout answered 403 already; this keeps the page safe on its own.
  if (!canReadAudit(user)) forbidden();
  const paging = readPageParams(await searchParams);
  const result = readablePage(
    user,
    {},
    { limit: LIST_PAGE_SIZE, ...(paging.cursor ? { cursor: paging.cursor } : {}) },
  );
  const list = result.state === 'ok' ? result.page : null;
  const badCursor = result.state === 'badCursor';
  const entries = list?.entries ?? null;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Historie</h1>
        <p className="lead">
          Wählen Sie eine Vorlage, um ihren Verlauf, die mitgezeichneten Fassungen und die Prüfung
          der Hash-Kette zu sehen.
        </p>
      </div>
      {badCursor ? (
        <p className="message message--warning" role="status">
          Diese Seite der Liste gibt es nicht mehr. <Link href="/historie">Zur ersten Seite</Link>
        </p>
      ) : entries === null ? (
        <p className="message message--warning" role="status">
          Die Liste ist gerade nicht verfügbar. Bitte laden Sie die Seite in einigen Sekunden neu.
        </p>
      ) : entries.length === 0 ? (
        <div className="empty-state" role="status">
          <p className="empty-state__title">Noch keine Vorlagen.</p>
          <p>Sobald eine Vorlage angelegt ist, kann ihr Verlauf hier geprüft werden.</p>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Vorlagen mit Stand und letzter Änderung</caption>
              <thead>
                <tr>
                  <th scope="col">Vorlage</th>
                  <th scope="col">Stand</th>
                  <th scope="col">Sitzung</th>
                  <th scope="col">Zuletzt geändert</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.vorlageId}>
                    <td>
                      <Link
                        className="table__title"
                        href={`/vorlagen/${encodeURIComponent(entry.vorlageId)}/historie`}
                      >
                        {entry.title}
                      </Link>
                      <span className="muted small">Federführung: {entry.leadOfficeName}</span>
                    </td>
                    <td>
                      <StatusBadge kind="vorlage" status={entry.status} />
                    </td>
                    <td>{formatDate(entry.sessionDate ?? entry.targetSessionDate)}</td>
                    <td>{formatDateTime(entry.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <PageNav
            path="/historie"
            query={new URLSearchParams()}
            page={paging}
            shown={entries.length}
            total={list?.totals.count ?? entries.length}
            nextCursor={list?.nextCursor ?? null}
            label="Seiten der Historie"
          />
        </>
      )}
    </div>
  );
}
