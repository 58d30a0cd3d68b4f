// The SPK's overview: every Vorlage with its state, sign-offs done / asked, overdue offices (marked
// with text and symbol, not only colour) and target session; filters as a plain GET form; a matrix
// Vorlagen × offices that shows at a glance who has not signed what. Live via /api/changes.
import type { Metadata } from 'next';
import Link from 'next/link';
import { closedSignOffSummary, signOffPhaseRunning } from '../_features/vorlage/sign-off-phase';
import { forbidden } from 'next/navigation';
import { OFFICE_CATALOGUE } from '../../domain/offices/catalogue';
import { canCoordinate } from '../../domain/vorlage/authorization';
import {
  getApprovalViews,
  type ApprovalEntry,
  type DashboardEntry,
} from '../../projections/queries';
import { readablePage } from '../_lib/read-models';
import { LIST_PAGE_SIZE, PageNav, readPageParams } from '../_components/page-nav';
import { signedInUser } from '../_lib/page-guard';
import { services } from '../_lib/services';
import { formatDate, officeName, officeShortName } from '../../wording/format';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUS_SYMBOLS,
  VORLAGE_STATUS_LABELS,
} from '../../wording/labels';
import { StatusBadge } from '../_components/status-badge';
import {
  filterQuery,
  firstParam,
  isFiltered,
  readVorlagenFilter,
  toDashboardFilter,
  VorlagenFilterFields,
  type SearchParams,
  type VorlagenFilter,
} from '../_components/vorlagen-filter';
import { LiveRefresh } from '../_features/live-updates/live-refresh';
import './overview.css';
import { planStatusText } from '../_features/sign-off-plan/plan-view';
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

/** The filter and view as query parameters (paging starts over). */
function overviewQuery(filter: Filter, view: Filter['view']): URLSearchParams {
  const params = filterQuery(filter);
  if (filter.query) params.set('suche', filter.query);
  if (view === 'matrix') params.set('ansicht', 'matrix');
  return params;
}

function queryString(filter: Filter, view: Filter['view']): string {
  const text = overviewQuery(filter, view).toString();
  return text ? `?${text}` : '';
}

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await signedInUser();
  // The layout answered 403 already; this keeps the page safe on its own.
  if (!canCoordinate(user)) forbidden();

  const params = await searchParams;
  const filter = readFilter(params);
  const filtered = isFiltered(filter) || filter.query !== '';
  const paging = readPageParams(params);
  const now = new Date();
  const result = readablePage(
    user,
    { ...toDashboardFilter(filter), query: filter.query },
    { limit: LIST_PAGE_SIZE, ...(paging.cursor ? { cursor: paging.cursor } : {}) },
    now,
  );
  const list = result.state === 'ok' ? result.page : null;
  const badCursor = result.state === 'badCursor';
  const entries = list?.entries ?? null;
  const totals = list?.totals ?? null;

  return (
    <div className="stack">
      <div className="page-head page-head--split">
        <div>
          <h1>Übersicht</h1>
          <p className="lead">
            Alle Vorlagen mit Stand der Mitzeichnungen, Fristen und Zielsitzung.
          </p>
        </div>
        <LiveRefresh readModels={['spk_dashboard', 'approval_view']} />
      </div>

      {totals ? (
        <ul className="kpis" aria-label="Kennzahlen">
          <li>
            <span className="kpis__value">{totals.count}</span>
            <span className="kpis__label">Vorlagen</span>
          </li>
          <li>
            <span className="kpis__value">{totals.inSignOff}</span>
            <span className="kpis__label">in Mitzeichnung</span>
          </li>
          <li className={totals.overdue > 0 ? 'kpis--alert' : undefined}>
            <span className="kpis__value">
              {totals.overdue > 0 ? <span aria-hidden="true">⚠ </span> : null}
              {totals.overdue}
            </span>
            <span className="kpis__label">mit überfälliger Mitzeichnung</span>
          </li>
          <li>
            <span className="kpis__value">{totals.refused}</span>
            <span className="kpis__label">mit Ablehnung</span>
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
          <div className="filter-form__actions filter-form__actions--full-row">
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

      <nav aria-label="Ansicht" className="view-tabs">
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
          {totals
            ? `${totals.count} ${totals.count === 1 ? 'Vorlage' : 'Vorlagen'}${filtered ? ' (gefiltert)' : ''}`
            : 'Vorlagen'}
        </h2>
        {badCursor ? (
          <p className="message message--warning" role="status">
            Diese Seite der Übersicht gibt es nicht mehr.{' '}
            <Link href={`/uebersicht${queryString(filter, filter.view)}`}>Zur ersten Seite</Link>
          </p>
        ) : entries === null || totals === null ? (
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
        ) : (
          <>
            {filter.view === 'matrix' ? (
              <SignOffMatrix entries={entries} missingTotal={totals.missingSignOffs} now={now} />
            ) : (
              <OverviewTable
                entries={entries}
                calendar={await sessionCalendar()}
                today={berlinDateOf(now.toISOString())}
              />
            )}
            <PageNav
              path="/uebersicht"
              query={overviewQuery(filter, filter.view)}
              page={paging}
              shown={entries.length}
              total={totals.count}
              nextCursor={list?.nextCursor ?? null}
              label="Seiten der Übersicht"
            />
          </>
        )}
      </section>
    </div>
  );
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
      <table className="table overview-table">
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
            // Past its sign-off phase nothing is due any more (the final count stays).
            const running = signOffPhaseRunning(entry.status);
            const overdue = running ? entry.waitingOffices.filter((office) => office.overdue) : [];
            const nextDeadline = running ? entry.nextDeadline : null;
            return (
              <tr
                key={entry.vorlageId}
                className={overdue.length > 0 ? 'overview-row--overdue' : undefined}
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
                  {planStatusText(entry.plan) ? (
                    <span className="muted small">{planStatusText(entry.plan)}</span>
                  ) : null}
                  {entry.openDissent > 0 ? (
                    <span className="small">
                      {entry.openDissent === 1
                        ? '1 offene Meinungsverschiedenheit'
                        : `${entry.openDissent} offene Meinungsverschiedenheiten`}
                    </span>
                  ) : null}
                </td>
                <td>
                  {overdue.length === 0 ? (
                    nextDeadline ? (
                      <span className="small">
                        keine · nächste Frist {formatDeadline(nextDeadline)}
                      </span>
                    ) : (
                      <span className="muted">keine</span>
                    )
                  ) : (
                    <ul
                      className="overdue-list"
                      aria-label={`Überfällige Ämter bei ${entry.title}`}
                    >
                      {overdue.map((office) => (
                        <li key={office.officeId}>
                          <span className="tag tag--danger">
                            <span aria-hidden="true">⚠ </span>überfällig
                          </span>{' '}
                          {officeName(office.officeId)}{' '}
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
                  <ul className="link-list">
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
  if (!signOffPhaseRunning(entry.status)) {
    return <span className="progress__text">{closedSignOffSummary(entry)}</span>;
  }
  return (
    <div className="progress">
      <span className="progress__text">
        <strong>{done}</strong> von {asked} gültig
      </span>
      <span className="progress__bar" aria-hidden="true">
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

function SignOffMatrix({
  entries,
  missingTotal,
  now,
}: {
  entries: readonly DashboardEntry[];
  /** Over every matching Vorlage (all pages). */
  missingTotal: number;
  now: Date;
}) {
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
  return (
    <>
      <p className="matrix-summary">
        {missingTotal === 0
          ? 'Alle angefragten Ämter haben gültig mitgezeichnet.'
          : missingTotal === 1
            ? '1 angefragte Mitzeichnung fehlt noch (offen, abgelehnt, veraltet oder zurückgezogen).'
            : `${missingTotal} angefragte Mitzeichnungen fehlen noch (offen, abgelehnt, veraltet oder zurückgezogen).`}
      </p>
      <div
        className="table-wrap matrix-wrap"
        tabIndex={0}
        role="region"
        aria-label="Matrix Vorlagen × Ämter"
      >
        <table className="matrix">
          <caption className="visually-hidden">
            Stand der Mitzeichnung je Vorlage (Zeilen) und Amt (Spalten)
          </caption>
          <thead>
            <tr>
              <th scope="col" className="matrix__corner">
                Vorlage
              </th>
              {askedOffices.map((office) => (
                <th scope="col" key={office.id} className="matrix__office">
                  <abbr title={office.name}>{officeShortName(office.id)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ entry, approvals }) => (
              <tr key={entry.vorlageId}>
                <th scope="row" className="matrix__vorlage">
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
                      <td key={office.id} className="matrix-cell matrix-cell--none">
                        <span aria-hidden="true">·</span>
                        <span className="visually-hidden">nicht angefragt</span>
                      </td>
                    );
                  }
                  const label = APPROVAL_STATUS_LABELS[approval.status] ?? approval.status;
                  return (
                    <td
                      key={office.id}
                      className={`matrix-cell matrix-cell--${approval.status}${approval.overdue ? ' matrix-cell--overdue' : ''}`}
                      title={`${office.name}: ${label}${approval.overdue ? ', überfällig' : ''}`}
                    >
                      <span aria-hidden="true" className="matrix-cell__symbol">
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
      <dl className="matrix-legend" aria-label="Legende der Matrix">
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
            <dt className={`matrix-cell matrix-cell--${status}`}>
              {APPROVAL_STATUS_SYMBOLS[status]}
            </dt>
            <dd>{APPROVAL_STATUS_LABELS[status]}</dd>
          </div>
        ))}
        <div>
          <dt className="matrix-cell matrix-cell--open matrix-cell--overdue">○⚠</dt>
          <dd>Frist überschritten</dd>
        </div>
        <div>
          <dt className="matrix-cell matrix-cell--none">·</dt>
          <dd>nicht angefragt</dd>
        </div>
      </dl>
    </>
  );
}
