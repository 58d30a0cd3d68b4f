// Read-model queries scoped to what a user may see. Office members and signers see the Vorlagen
// their office takes part in (lead or asked); SPK, rapporteurs and auditors see all.
import 'server-only';
import {
  countOfficeInboxes,
  getApprovalView,
  listDashboard,
  type DashboardEntry,
  type DashboardFilter,
} from '../../projections/queries';
import type { CurrentUser } from './auth';
import { services } from './services';

const OFFICE_ROLES = new Set(['member', 'signer']);

export function listReadableVorlagen(
  user: CurrentUser,
  filter: DashboardFilter,
  now = new Date(),
): DashboardEntry[] {
  if (user.role === 'admin') return [];
  const db = services().readModels();
  const entries = listDashboard(db, now, filter);
  if (!OFFICE_ROLES.has(user.role)) return entries;
  return entries.filter(
    (entry) =>
      entry.leadOfficeId === user.officeId ||
      getApprovalView(db, entry.vorlageId, now).some(
        (approval) => approval.officeId === user.officeId,
      ),
  );
}

export function inboxCountFor(user: CurrentUser): number {
  if (!OFFICE_ROLES.has(user.role)) return 0;
  return countOfficeInboxes(services().readModels())[user.officeId] ?? 0;
}
