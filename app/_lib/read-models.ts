// Read-model queries scoped to what a user may see. Office members and signers see the Vorlagen
// their office takes part in (lead or asked); SPK, rapporteurs and auditors see all. Each list is
// one SQL query: the access rule is a join on the vorlage_access read model.
import 'server-only';
import {
  countOfficeInbox,
  InvalidCursorError,
  listDashboardPage,
  listOfficeInboxPage,
  summarizeDashboard,
  type DashboardFilter,
  type DashboardPage,
  type DashboardTotals,
  type InboxEntry,
  type ListViewer,
} from '../../projections/queries';
import type { CurrentUser } from './auth';
import { HttpError, isHttpError } from './http';
import { services } from './services';

const OFFICE_ROLES = new Set(['member', 'signer']);

/** Whose Vorlagen `user` may list (D-50); null for those who may list none (admins). */
function viewerOf(user: CurrentUser): ListViewer | null {
  if (user.role === 'admin') return null;
  return OFFICE_ROLES.has(user.role)
    ? { scope: 'office', officeId: user.officeId }
    : { scope: 'all' };
}

export function listReadableVorlagen(
  user: CurrentUser,
  filter: DashboardFilter & { cursor?: string },
  now = new Date(),
): DashboardPage {
  const viewer = viewerOf(user);
  if (!viewer) return { entries: [], nextCursor: null };
  return pagedQuery(() => listDashboardPage(services().readModels(), now, { ...filter, viewer }));
}

const NO_TOTALS: DashboardTotals = {
  count: 0,
  inSignOff: 0,
  overdue: 0,
  refused: 0,
  missingSignOffs: 0,
};

/** The totals over every Vorlage `user` may read that match `filter` (all pages), in SQL. */
export function summarizeReadableVorlagen(
  user: CurrentUser,
  filter: DashboardFilter,
  now = new Date(),
): DashboardTotals {
  const viewer = viewerOf(user);
  if (!viewer) return NO_TOTALS;
  const { limit: _limit, ...matching } = filter;
  return summarizeDashboard(services().readModels(), now, { ...matching, viewer });
}

/** One page of a list as the pages show it, with its figures over every matching Vorlage. */
export interface ListPage extends DashboardPage {
  readonly totals: DashboardTotals;
}

export type ListPageResult =
  | { readonly state: 'ok'; readonly page: ListPage }
  /** The cursor is not one the list handed out (stale link, edited URL). */
  | { readonly state: 'badCursor' }
  /** The read models could not answer (logged). */
  | { readonly state: 'unavailable' };

/** The page of the Vorlagen `user` may read that `cursor` names, and the totals of `filter`. */
export function readablePage(
  user: CurrentUser,
  filter: Omit<DashboardFilter, 'limit'>,
  page: { readonly cursor?: string; readonly limit: number },
  now = new Date(),
): ListPageResult {
  try {
    const entries = listReadableVorlagen(user, { ...filter, ...page }, now);
    return {
      state: 'ok',
      page: { ...entries, totals: summarizeReadableVorlagen(user, filter, now) },
    };
  } catch (error) {
    if (isHttpError(error) && error.code === 'invalid_input') return { state: 'badCursor' };
    services().log.warn({ err: error }, 'Vorlagen list unavailable');
    return { state: 'unavailable' };
  }
}

export function listInboxFor(
  user: CurrentUser,
  page: { limit?: number; cursor?: string; overdueOnly?: boolean },
  now = new Date(),
): { entries: InboxEntry[]; nextCursor: string | null } {
  if (!OFFICE_ROLES.has(user.role)) return { entries: [], nextCursor: null };
  return pagedQuery(() => listOfficeInboxPage(services().readModels(), user.officeId, now, page));
}

/** A cursor the list did not hand out is bad input (400), not a server error. */
function pagedQuery<T>(query: () => T): T {
  try {
    return query();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new HttpError('invalid_input', [
        { path: 'cursor', message: 'Diese Seitenmarke ist ungültig; bitte die Liste neu laden.' },
      ]);
    }
    throw error;
  }
}

export function inboxCountFor(user: CurrentUser): number {
  if (!OFFICE_ROLES.has(user.role)) return 0;
  return countOfficeInbox(services().readModels(), user.officeId);
}
