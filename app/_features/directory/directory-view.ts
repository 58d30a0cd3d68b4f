// The admin pages' view of the directory: the user list (search, keyset paging by login), the
// offices to choose from, and deputy arrangements as of a Berlin date.
import 'server-only';
import { berlinDateOf, ROLES } from '../../../domain/shared/actor';
import type { DeputyArrangement } from '../../../domain/directory/decider';
import { OFFICE_CATALOGUE } from '../../../domain/offices/catalogue';
import { labelOf, ROLE_LABELS } from '../../../wording/labels';
import { allUsers, registeredOffices, type ExistingUser } from '../../_lib/directory-reads';
import { LIST_PAGE_SIZE, type PageParams } from '../../_components/page-params';
import type { Choice } from './select-field';

export interface OfficeEntry {
  readonly id: string;
  readonly name: string;
  readonly shortName: string;
  readonly kind: string;
  /** From the catalogue; null for an office registered later (the catalogue does not know it). */
  readonly signsOff: boolean | null;
  /** The catalogue's cross-cutting flag, once the catalogue has one (issue #19); else null. */
  readonly crossCutting: boolean | null;
}

/** The catalogue first (its order), then offices registered beyond it. */
export async function officeEntries(): Promise<OfficeEntry[]> {
  const registered = await registeredOffices();
  const catalogue: OfficeEntry[] = OFFICE_CATALOGUE.map((office) => ({
    id: office.id,
    name: office.name,
    shortName: office.shortName,
    kind: office.kind,
    signsOff: office.signsOff,
    crossCutting: crossCuttingFlag(office),
  }));
  const known = new Set(catalogue.map((office) => office.id));
  const added = registered
    .filter((office) => !known.has(office.officeId))
    .map((office) => ({
      id: office.officeId,
      name: office.name,
      shortName: office.shortName,
      kind: office.kind,
      signsOff: null,
      crossCutting: null,
    }));
  return [...catalogue, ...added];
}

function crossCuttingFlag(office: object): boolean | null {
  const flag = (office as { crossCutting?: unknown }).crossCutting;
  return typeof flag === 'boolean' ? flag : null;
}

export function officeChoices(offices: readonly OfficeEntry[]): Choice[] {
  return offices.map((office) => ({ value: office.id, label: office.name }));
}

export function roleChoices(): Choice[] {
  return ROLES.map((role) => ({ value: role, label: labelOf(ROLE_LABELS, role) }));
}

export interface UsersPage {
  readonly users: readonly ExistingUser[];
  readonly total: number;
  readonly nextCursor: string | null;
}

const encodeCursor = (login: string) => Buffer.from(login, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** Users whose name, login or office name contains `search` (any case), a page after `cursor`. */
export async function usersPage(
  search: string,
  paging: PageParams,
  officeNameOf: (officeId: string) => string,
): Promise<UsersPage> {
  const needle = search.trim().toLocaleLowerCase('de-DE');
  const matching = (await allUsers()).filter(
    (user) =>
      !needle ||
      [user.displayName, user.login, officeNameOf(user.officeId)].some((text) =>
        text.toLocaleLowerCase('de-DE').includes(needle),
      ),
  );
  const after = paging.cursor ? decodeCursor(paging.cursor) : null;
  const rest = after === null ? matching : matching.filter((user) => user.login > after);
  const users = rest.slice(0, LIST_PAGE_SIZE);
  const last = users[users.length - 1];
  return {
    users,
    total: matching.length,
    nextCursor: rest.length > LIST_PAGE_SIZE && last ? encodeCursor(last.login) : null,
  };
}

export type ArrangementStatus = 'upcoming' | 'inForce' | 'expired' | 'revoked';

export function arrangementStatus(
  arrangement: DeputyArrangement,
  today: string,
): ArrangementStatus {
  if (arrangement.revoked) return 'revoked';
  if (today < arrangement.validFrom) return 'upcoming';
  if (today > arrangement.validUntil) return 'expired';
  return 'inForce';
}

/** Today's calendar date in Berlin (the arrangements' dates are Berlin dates, D-63). */
export function berlinToday(): string {
  return berlinDateOf(new Date().toISOString());
}
