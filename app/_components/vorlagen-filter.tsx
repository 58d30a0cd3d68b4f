// The filter shared by the Vorlagen list and the SPK overview: read from the query string of a
// plain GET form (so filtering works without JavaScript) and turned into a read-model filter.
import { OFFICE_CATALOGUE } from '../../domain/offices/catalogue';
import type { DashboardFilter } from '../../projections/queries';
import { VORLAGE_STATUS_LABELS } from '../../wording/labels';

import { firstParam, type SearchParams } from './page-params';

export { firstParam, type SearchParams } from './page-params';

export interface VorlagenFilter {
  readonly status: string;
  readonly leadOffice: string;
  readonly sessionUntil: string;
  readonly overdue: boolean;
}

/** Unknown values are dropped, never passed on to a query. */
export function readVorlagenFilter(params: SearchParams): VorlagenFilter {
  const status = firstParam(params.status);
  const leadOffice = firstParam(params.amt);
  const sessionUntil = firstParam(params.sitzungBis);
  return {
    status: status in VORLAGE_STATUS_LABELS ? status : '',
    leadOffice: OFFICE_CATALOGUE.some((office) => office.id === leadOffice) ? leadOffice : '',
    sessionUntil: /^\d{4}-\d{2}-\d{2}$/.test(sessionUntil) ? sessionUntil : '',
    overdue: firstParam(params.ueberfaellig) === '1',
  };
}

export function isFiltered(filter: VorlagenFilter): boolean {
  return (
    filter.status !== '' || filter.leadOffice !== '' || filter.sessionUntil !== '' || filter.overdue
  );
}

/** The filter as query parameters (the names the form uses), e.g. to keep it across pages. */
export function filterQuery(filter: VorlagenFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.leadOffice) params.set('amt', filter.leadOffice);
  if (filter.sessionUntil) params.set('sitzungBis', filter.sessionUntil);
  if (filter.overdue) params.set('ueberfaellig', '1');
  return params;
}

export function toDashboardFilter(filter: VorlagenFilter): DashboardFilter {
  return {
    ...(filter.status
      ? { status: [filter.status as NonNullable<DashboardFilter['status']>[number]] }
      : {}),
    ...(filter.leadOffice ? { leadOfficeId: filter.leadOffice } : {}),
    ...(filter.sessionUntil ? { targetSessionUntil: filter.sessionUntil } : {}),
    overdueOnly: filter.overdue,
  };
}

/** The form fields for a VorlagenFilter; the page supplies the form, its other fields and actions. */
export function VorlagenFilterFields({
  filter,
  sessionLabel,
}: {
  filter: VorlagenFilter;
  sessionLabel: string;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor="filter-status">Stand</label>
        <select id="filter-status" name="status" defaultValue={filter.status}>
          <option value="">alle</option>
          {Object.entries(VORLAGE_STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-amt">Federführendes Amt</label>
        <select id="filter-amt" name="amt" defaultValue={filter.leadOffice}>
          <option value="">alle</option>
          {OFFICE_CATALOGUE.filter((office) => office.signsOff).map((office) => (
            <option key={office.id} value={office.id}>
              {office.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-sitzung">{sessionLabel}</label>
        <input
          id="filter-sitzung"
          name="sitzungBis"
          type="date"
          defaultValue={filter.sessionUntil}
        />
      </div>
      <div className="field field--checkbox">
        <input
          id="filter-ueberfaellig"
          name="ueberfaellig"
          type="checkbox"
          value="1"
          defaultChecked={filter.overdue}
        />
        <label htmlFor="filter-ueberfaellig">nur mit überfälligen Mitzeichnungen</label>
      </div>
    </>
  );
}
