// The Vorlagen list: what the user may read, filtered by state, lead office and target session
// (a plain GET form, so filtering works without JavaScript), and the form for a new Vorlage.
import type { Metadata } from 'next';
import Link from 'next/link';
import { closedSignOffSummary, signOffPhaseRunning } from '../_features/vorlage/sign-off-phase';
import { redirect } from 'next/navigation';
import { OFFICE_CATALOGUE } from '../../domain/offices/catalogue';
import type { DashboardEntry } from '../../projections/queries';
import { signedInUser } from '../_lib/page-guard';
import { readablePage } from '../_lib/read-models';
import { formatDate } from '../../wording/format';
import { homePathFor } from '../_components/navigation';
import { NewVorlageForm } from '../_components/new-vorlage-form';
import { StatusBadge } from '../_components/status-badge';
import { LIST_PAGE_SIZE, PageNav, readPageParams } from '../_components/page-nav';
import {
  filterQuery,
  isFiltered,
  readVorlagenFilter,
  toDashboardFilter,
  VorlagenFilterFields,
  type SearchParams,
} from '../_components/vorlagen-filter';
import { upcomingSessionsToday } from '../_features/deadlines/session-calendar';
import { formatDeadline } from '../_features/deadlines/deadline-labels';

export const metadata: Metadata = { title: 'Vorlagen' };
export const dynamic = 'force-dynamic';

export default async function VorlagenPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await signedInUser();
  // Admins read no Vorlage (D-50): an empty list would only puzzle them; they work in the Verwaltung.
  if (user.role === 'admin') redirect(homePathFor(user.role));
  const params = await searchParams;
  const filter = readVorlagenFilter(params);
  const filtered = isFiltered(filter);
  const paging = readPageParams(params);
  const result = readablePage(user, toDashboardFilter(filter), {
    limit: LIST_PAGE_SIZE,
    ...(paging.cursor ? { cursor: paging.cursor } : {}),
  });
  const list = result.state === 'ok' ? result.page : null;
  const badCursor = result.state === 'badCursor';
  const entries = list?.entries ?? null;
  const mayCreate =
    user.role === 'coordination' || user.role === 'member' || user.role === 'signer';
  const leadOffices = OFFICE_CATALOGUE.filter((office) => office.signsOff);

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Vorlagen</h1>
        <p className="lead">
          {user.role === 'member' || user.role === 'signer'
            ? 'Vorlagen zur Beschlussfassung, an denen Ihr Amt federführend oder mitzeichnend beteiligt ist.'
            : 'Alle Vorlagen zur Beschlussfassung des Bezirksamts.'}
        </p>
      </div>

      {mayCreate ? (
        <NewVorlageForm
          offices={leadOffices.map(({ id, name }) => ({ id, name }))}
          sessions={await upcomingSessionsToday()}
          fixedOfficeId={user.role === 'coordination' ? null : user.officeId}
        />
      ) : null}

      <section aria-labelledby="filter-titel" className="card">
        <h2 id="filter-titel" className="card__title">
          Filtern
        </h2>
        <form method="get" action="/vorlagen" className="filter-form">
          <VorlagenFilterFields filter={filter} sessionLabel="Sitzung bis" />
          <div className="filter-form__actions">
            <button type="submit" className="button button--secondary">
              Filter anwenden
            </button>
            {filtered ? (
              <Link href="/vorlagen" className="link-button">
                Filter zurücksetzen
              </Link>
            ) : null}
          </div>
        </form>
      </section>

      <section aria-labelledby="liste-titel">
        <h2 id="liste-titel" className="section-title">
          {list
            ? `${list.totals.count} ${list.totals.count === 1 ? 'Vorlage' : 'Vorlagen'}`
            : 'Vorlagen'}
        </h2>
        {badCursor ? (
          <p className="message message--warning" role="status">
            Diese Seite der Liste gibt es nicht mehr.{' '}
            <Link href={`/vorlagen?${filterQuery(filter).toString()}`}>Zur ersten Seite</Link>
          </p>
        ) : entries === null ? (
          <p className="message message--warning" role="status">
            Die Liste ist gerade nicht verfügbar. Bitte laden Sie die Seite in einigen Sekunden neu.
          </p>
        ) : entries.length === 0 ? (
          <div className="empty-state" role="status">
            <p className="empty-state__title">Keine Vorlagen gefunden.</p>
            <p>
              {filtered
                ? 'Zu diesem Filter gibt es keine Vorlagen. Ändern oder setzen Sie den Filter zurück.'
                : mayCreate
                  ? 'Legen Sie mit „Neue Vorlage“ die erste Vorlage an.'
                  : 'Sobald Ihr Amt an einer Vorlage beteiligt ist, erscheint sie hier.'}
            </p>
          </div>
        ) : (
          <>
            <VorlagenTable entries={entries} />
            <PageNav
              path="/vorlagen"
              query={filterQuery(filter)}
              page={paging}
              shown={entries.length}
              total={list?.totals.count ?? entries.length}
              nextCursor={list?.nextCursor ?? null}
              label="Seiten der Vorlagenliste"
            />
          </>
        )}
      </section>
    </div>
  );
}

function VorlagenTable({ entries }: { entries: readonly DashboardEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">
          Vorlagen mit Stand, Federführung, Sitzung und Mitzeichnungen
        </caption>
        <thead>
          <tr>
            <th scope="col">Gegenstand</th>
            <th scope="col">Federführung</th>
            <th scope="col">Stand</th>
            <th scope="col">Sitzung</th>
            <th scope="col">Mitzeichnungen</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.vorlageId}>
              <td>
                <Link
                  href={`/vorlagen/${encodeURIComponent(entry.vorlageId)}`}
                  className="table__title"
                >
                  {entry.title}
                </Link>
                <span className="muted small">Berichterstattung: {entry.rapporteurName}</span>
              </td>
              <td>{entry.leadOfficeName}</td>
              <td>
                <StatusBadge kind="vorlage" status={entry.status} />
                {entry.editingLocked ? (
                  <span className="muted small">Bearbeitung gesperrt</span>
                ) : null}
              </td>
              <td>{formatDate(entry.sessionDate ?? entry.targetSessionDate)}</td>
              <td>
                {entry.signOffs.asked === 0 ? (
                  <span className="muted">noch nicht angefragt</span>
                ) : !signOffPhaseRunning(entry.status) ? (
                  <span>{closedSignOffSummary(entry)}</span>
                ) : (
                  <>
                    <span>
                      {entry.signOffs.done} von {entry.signOffs.asked} zugestimmt
                    </span>
                    {entry.signOffs.refused > 0 ? (
                      <span className="small"> · {entry.signOffs.refused} abgelehnt</span>
                    ) : null}
                    {entry.signOffs.stale > 0 ? (
                      <span className="small"> · {entry.signOffs.stale} veraltet</span>
                    ) : null}
                    {entry.overdueOfficeIds.length > 0 ? (
                      <span className="tag tag--danger">
                        ⚠ {entry.overdueOfficeIds.length} überfällig
                      </span>
                    ) : entry.nextDeadline ? (
                      <span className="muted small">
                        Frist {formatDeadline(entry.nextDeadline)}
                      </span>
                    ) : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
