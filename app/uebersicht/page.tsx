// The SPK's overview: every Vorlage with its state, sign-offs done / asked, overdue offices (marked
// with text and symbol, not only colour) and target session; filters as a plain GET form; a matrix
// Vorlagen × offices that shows at a glance who has not signed what. Live via /api/changes.
import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden, redirect } from 'next/navigation';
import { OFFICE_CATALOGUE } from '../../domain/offices/catalogue';
import { canCoordinate } from '../../domain/vorlage/authorization';
import {
  getApprovalViews,
  listDashboard,
  type ApprovalEntry,
  type DashboardEntry,
} from '../../projections/queries';
import { currentUser } from '../_lib/auth';
import { services } from '../_lib/services';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUS_SYMBOLS,
  VORLAGE_STATUS_LABELS,
  formatDate,
  officeName,
  officeShortName,
} from '../_components/labels';
import { StatusBadge } from '../_components/status-badge';
import {
  firstParam,
  isFiltered,
  readVorlagenFilter,
  toDashboardFilter,
  VorlagenFilterFields,
  type SearchParams,
  type VorlagenFilter,
} from '../_components/vorlagen-filter';
import { LiveRefresh } from '../_features/live-updates/live-refresh';
import { SessionFlagNote } from '../_features/deadlines/session-flags';
import { sessionCalendar } from '../_features/deadlines/session-calendar';
import { berlinDateOf } from '../../domain/shared/actor';
import type { Session } from '../../domain/sessions/calendar';
import { formatDeadline } from '../_features/deadlines/deadline-labels';

export const metadata: Metadata = { title: 'Übersicht (SPK)' };
export const dynamic = 'force-dynamic';

interface Filter extends VorlagenFilter {
  readonly query: string;
  readonly view: 'liste' | 'matrix';
}

function readFilter(params: SearchParams): Filter {
  return {
    ...readVorlagenFilter(params),
    query: firstParam(params.suche).trim().slice(0, 200),
    view: firstParam(params.ansicht) === 'matrix' ? 'matrix' : 'liste',
  };
}

function queryString(filter: Filter, view: Filter['view']): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.leadOffice) params.set('amt', filter.leadOffice);
  if (filter.sessionUntil) params.set('sitzungBis', filter.sessionUntil);
  if (filter.overdue) params.set('ueberfaellig', '1');
  if (filter.query) params.set('suche', filter.query);
  if (view === 'matrix') params.set('ansicht', 'matrix');
  const text = params.toString();
  return text ? `?${text}` : '';
}

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await currentUser();
  if (!user) redirect('/anmelden');
  // The layout answered 403 already; this keeps the page safe on its own.
  if (!canCoordinate(user)) forbidden();

  const filter = readFilter(await searchParams);
  const filtered = isFiltered(filter) || filter.query !== '';
  const now = new Date();
  let entries: DashboardEntry[] | null;
  try {
    entries = listDashboard(services().readModels(), now, {
      ...toDashboardFilter(filter),
      query: filter.query,
    });
  } catch (error) {
    services().log.warn({ err: error }, 'dashboard unavailable');
    entries = null;
  }
  const totals = entries ? summarize(entries) : null;

  return (
    <div className="stack">
      <div className="page-head rv-head">
        <div>
          <h1>Übersicht</h1>
          <p className="lead">
            Alle Vorlagen mit Stand der Mitzeichnungen, Fristen und Zielsitzung.
          </p>
        </div>
        <LiveRefresh readModels={['spk_dashboard', 'approval_view']} />
      </div>

      {totals ? (
        <ul className="rv-kpis" aria-label="Kennzahlen">
          <li>
            <span className="rv-kpis__value">{totals.count}</span>
            <span className="rv-kpis__label">Vorlagen</span>
          </li>
          <li>
            <span className="rv-kpis__value">{totals.inSignOff}</span>
            <span className="rv-kpis__label">in Mitzeichnung</span>
          </li>
          <li className={totals.overdue > 0 ? 'rv-kpis--alert' : undefined}>
            <span className="rv-kpis__value">
              {totals.overdue > 0 ? <span aria-hidden="true">⚠ </span> : null}
              {totals.overdue}
            </span>
            <span className="rv-kpis__label">mit überfälliger Mitzeichnung</span>
          </li>
          <li>
            <span className="rv-kpis__value">{totals.refused}</span>
            <span className="rv-kpis__label">mit Ablehnung</span>
          </li>
        </ul>
      ) : null}

      <section aria-labelledby="filter-titel" className="card">
        <h2 id="filter-titel" className="card__title">
          Filtern
        </h2>
        <form method="get" action="/uebersicht" className="filter-form">
          {filter.view === 'matrix' ? <input type="hidden" name="ansicht" value="matrix" /> : null}
          <div className="field">
            <label htmlFor="filter-suche">Suche im Gegenstand</label>
            <input id="filter-suche" name="suche" type="search" defaultValue={filter.query} />
          </div>
          <VorlagenFilterFields filter={filter} sessionLabel="Zielsitzung bis" />
          <div className="filter-form__actions rv-filter-actions">
            <button type="submit" className="button button--secondary">
              Filter anwenden
            </button>
            {filtered ? (
              <Link href={`/uebersicht${filter.view === 'matrix' ? '?ansicht=matrix' : ''}`}>
                Filter zurücksetzen
              </Link>
            ) : null}
          </div>
        </form>
      </section>

      <nav aria-label="Ansicht" className="rv-tabs">
        <ul>
          <li>
            <Link
              href={`/uebersicht${queryString(filter, 'liste')}`}
              aria-current={filter.view === 'liste' ? 'page' : undefined}
            >
              Liste
            </Link>
          </li>
          <li>
            <Link
              href={`/uebersicht${queryString(filter, 'matrix')}`}
              aria-current={filter.view === 'matrix' ? 'page' : undefined}
            >
              Matrix: Vorlagen × Ämter
            </Link>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="ergebnis-titel">
        <h2 id="ergebnis-titel" className="section-title">
          {entries
            ? `${entries.length} ${entries.length === 1 ? 'Vorlage' : 'Vorlagen'}${filtered ? ' (gefiltert)' : ''}`
            : 'Vorlagen'}
        </h2>
        {entries === null ? (
          <p className="message message--warning" role="status">
            Die Übersicht ist gerade nicht verfügbar. Bitte laden Sie die Seite in einigen Sekunden
            neu.
          </p>
        ) : entries.length === 0 ? (
          <div className="empty-state" role="status">
            <p className="empty-state__title">Keine Vorlagen gefunden.</p>
            <p>
              {filtered
                ? 'Zu diesem Filter gibt es keine Vorlagen. Ändern oder setzen Sie den Filter zurück.'
                : 'Sobald ein Amt oder die SPK eine Vorlage anlegt, erscheint sie hier.'}
            </p>
          </div>
        ) : filter.view === 'matrix' ? (
          <SignOffMatrix entries={entries} now={now} />
        ) : (
          <OverviewTable
            entries={entries}
            calendar={await sessionCalendar()}
            today={berlinDateOf(now.toISOString())}
          />
        )}
      </section>
    </div>
  );
}

function summarize(entries: readonly DashboardEntry[]) {
  return {
    count: entries.length,
    inSignOff: entries.filter((entry) => entry.status === 'inSignOff').length,
    overdue: entries.filter((entry) => entry.overdueOfficeIds.length > 0).length,
    refused: entries.filter((entry) => entry.signOffs.refused > 0).length,
  };
}

function OverviewTable({
  entries,
  calendar,
  today,
}: {
  entries: readonly DashboardEntry[];
  calendar: readonly Session[];
  today: string;
}) {
  return (
    <div className="table-wrap">
      <table className="table rv-overview">
        <caption className="visually-hidden">
          Vorlagen mit Stand, Mitzeichnungen, überfälligen Ämtern, Frist und Zielsitzung
        </caption>
        <thead>
          <tr>
            <th scope="col">Vorlage</th>
            <th scope="col">Stand</th>
            <th scope="col">Mitzeichnungen</th>
            <th scope="col">Überfällig</th>
            <th scope="col">Sitzung</th>
            <th scope="col">
              <span className="visually-hidden">Weitere Ansichten</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const href = `/vorlagen/${encodeURIComponent(entry.vorlageId)}`;
            const overdue = entry.waitingOffices.filter((office) => office.overdue);
            return (
              <tr
                key={entry.vorlageId}
                className={overdue.length > 0 ? 'rv-row--overdue' : undefined}
              >
                <td>
                  <Link href={href} className="table__title">
                    {entry.title}
                  </Link>
                  <span className="muted small">
                    Federführung: {entry.leadOfficeName} · Berichterstattung: {entry.rapporteurName}
                  </span>
                </td>
                <td>
                  <StatusBadge kind="vorlage" status={entry.status} />
                  {entry.editingLocked ? (
                    <span className="muted small">Bearbeitung gesperrt</span>
                  ) : null}
                  {entry.decisionOutcome ? (
                    <span className="muted small">Beschluss liegt vor</span>
                  ) : null}
                </td>
                <td>
                  {entry.signOffs.asked === 0 ? (
                    <span className="muted">noch nicht angefragt</span>
                  ) : (
                    <SignOffProgress entry={entry} />
                  )}
                </td>
                <td>
                  {overdue.length === 0 ? (
                    entry.nextDeadline ? (
                      <span className="small">
                        keine · nächste Frist {formatDeadline(entry.nextDeadline)}
                      </span>
                    ) : (
                      <span className="muted">keine</span>
                    )
                  ) : (
                    <ul
                      className="rv-overdue-list"
                      aria-label={`Überfällige Ämter bei ${entry.title}`}
                    >
                      {overdue.map((office) => (
                        <li key={office.officeId}>
                          <span className="tag tag--danger">
                            <span aria-hidden="true">⚠ </span>überfällig
                          </span>{' '}
                          {officeName(office.officeId)}
                          <span className="muted small">
                            Frist war {formatDeadline(office.deadline)}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {formatDate(entry.sessionDate ?? entry.targetSessionDate)}
                  <span className="muted small">{entry.sessionDate ? 'eingereicht' : 'Ziel'}</span>
                  <SessionFlagNote entry={entry} calendar={calendar} today={today} />
                </td>
                <td>
                  <ul className="rv-links">
                    <li>
                      <Link href={`${href}/historie`}>
                        Historie<span className="visually-hidden"> von {entry.title}</span>
                      </Link>
                    </li>
                    <li>
                      <Link href={`${href}/druck`}>
                        Druckansicht<span className="visually-hidden"> von {entry.title}</span>
                      </Link>
                    </li>
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SignOffProgress({ entry }: { entry: DashboardEntry }) {
  const { asked, done, refused, stale, open } = entry.signOffs;
  return (
    <div className="rv-progress">
      <span className="rv-progress__text">
        <strong>{done}</strong> von {asked} gültig
      </span>
      <span className="rv-progress__bar" aria-hidden="true">
        <span style={{ width: `${asked === 0 ? 0 : Math.round((done / asked) * 100)}%` }} />
      </span>
      <span className="muted small">
        {[
          open > 0 ? `${open} offen` : null,
          refused > 0 ? `${refused} abgelehnt` : null,
          stale > 0 ? `${stale} veraltet` : null,
        ]
          .filter(Boolean)
          .join(' · ') || 'alle liegen vor'}
      </span>
    </div>
  );
}

const NOT_SIGNED = new Set(['open', 'withdrawn', 'stale', 'refused']);

function SignOffMatrix({ entries, now }: { entries: readonly DashboardEntry[]; now: Date }) {
  const views = getApprovalViews(
    services().readModels(),
    entries.map((entry) => entry.vorlageId),
    now,
  );
  const rows = entries.map((entry) => ({
    entry,
    approvals: new Map<string, ApprovalEntry>(
      (views.get(entry.vorlageId) ?? []).map((approval) => [approval.officeId, approval]),
    ),
  }));
  const askedOffices = OFFICE_CATALOGUE.filter((office) =>
    rows.some((row) => row.approvals.has(office.id)),
  );
  if (askedOffices.length === 0) {
    return (
      <div className="empty-state" role="status">
        <p className="empty-state__title">Noch keine Mitzeichnungen angefragt.</p>
        <p>Sobald eine Vorlage zur Mitzeichnung versandt ist, zeigt die Matrix den Stand je Amt.</p>
      </div>
    );
  }
  const missingTotal = rows.reduce(
    (sum, row) =>
      sum +
      [...row.approvals.values()].filter((approval) => NOT_SIGNED.has(approval.status)).length,
    0,
  );
  return (
    <>
      <p className="rv-matrix-summary">
        {missingTotal === 0
          ? 'Alle angefragten Ämter haben gültig mitgezeichnet.'
          : missingTotal === 1
            ? '1 angefragte Mitzeichnung fehlt noch (offen, abgelehnt, veraltet oder zurückgezogen).'
            : `${missingTotal} angefragte Mitzeichnungen fehlen noch (offen, abgelehnt, veraltet oder zurückgezogen).`}
      </p>
      <div
        className="table-wrap rv-matrix-wrap"
        tabIndex={0}
        role="region"
        aria-label="Matrix Vorlagen × Ämter"
      >
        <table className="rv-matrix">
          <caption className="visually-hidden">
            Stand der Mitzeichnung je Vorlage (Zeilen) und Amt (Spalten)
          </caption>
          <thead>
            <tr>
              <th scope="col" className="rv-matrix__corner">
                Vorlage
              </th>
              {askedOffices.map((office) => (
                <th scope="col" key={office.id} className="rv-matrix__office">
                  <abbr title={office.name}>{officeShortName(office.id)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ entry, approvals }) => (
              <tr key={entry.vorlageId}>
                <th scope="row" className="rv-matrix__vorlage">
                  <Link href={`/vorlagen/${encodeURIComponent(entry.vorlageId)}`}>
                    {entry.title}
                  </Link>
                  <span className="muted small">
                    {VORLAGE_STATUS_LABELS[entry.status]} · Sitzung{' '}
                    {formatDate(entry.sessionDate ?? entry.targetSessionDate)}
                  </span>
                </th>
                {askedOffices.map((office) => {
                  const approval = approvals.get(office.id);
                  if (!approval) {
                    return (
                      <td key={office.id} className="rv-cell rv-cell--none">
                        <span aria-hidden="true">·</span>
                        <span className="visually-hidden">nicht angefragt</span>
                      </td>
                    );
                  }
                  const label = APPROVAL_STATUS_LABELS[approval.status] ?? approval.status;
                  return (
                    <td
                      key={office.id}
                      className={`rv-cell rv-cell--${approval.status}${approval.overdue ? ' rv-cell--overdue' : ''}`}
                      title={`${office.name}: ${label}${approval.overdue ? ', überfällig' : ''}`}
                    >
                      <span aria-hidden="true" className="rv-cell__symbol">
                        {APPROVAL_STATUS_SYMBOLS[approval.status] ?? '?'}
                        {approval.overdue ? '⚠' : ''}
                      </span>
                      <span className="visually-hidden">
                        {label}
                        {approval.overdue ? ', überfällig' : ''}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="rv-legend" aria-label="Legende der Matrix">
        {(
          [
            'approved',
            'approvedWithRemarks',
            'deemedGiven',
            'open',
            'stale',
            'refused',
            'withdrawn',
          ] as const
        ).map((status) => (
          <div key={status}>
            <dt className={`rv-cell rv-cell--${status}`}>{APPROVAL_STATUS_SYMBOLS[status]}</dt>
            <dd>{APPROVAL_STATUS_LABELS[status]}</dd>
          </div>
        ))}
        <div>
          <dt className="rv-cell rv-cell--open rv-cell--overdue">○⚠</dt>
          <dd>Frist überschritten</dd>
        </div>
        <div>
          <dt className="rv-cell rv-cell--none">·</dt>
          <dd>nicht angefragt</dd>
        </div>
      </dl>
    </>
  );
}
