// One account in the Verwaltung: its facts, and the forms for role, office, password, (de)activation and
// deputy arrangements. Admins only (D-57); an unknown account is 404.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '../../../../wording/format';
import {
  ARRANGEMENT_STATUS_LABELS,
  labelOf,
  ROLE_LABELS,
  USER_STATUS_LABELS,
} from '../../../../wording/labels';
import { allUsers, existingUser } from '../../../_lib/directory-reads';
import { guardAdminPage } from '../../../_lib/page-guard';
import {
  UserAdministration,
  type ArrangementRow,
} from '../../../_features/directory/user-administration';
import {
  arrangementStatus,
  berlinToday,
  officeChoices,
  officeEntries,
  roleChoices,
} from '../../../_features/directory/directory-view';
import '../../../_features/directory/directory.css';

export const metadata: Metadata = { title: 'Benutzerkonto · Verwaltung' };
export const dynamic = 'force-dynamic';

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  await guardAdminPage();
  const user = await existingUser((await params).userId);
  if (!user) notFound();
  const [offices, everyone] = await Promise.all([officeEntries(), allUsers()]);
  const officeName = offices.find((office) => office.id === user.officeId)?.name ?? user.officeId;
  const names = new Map(everyone.map((other) => [other.userId, other.displayName]));
  const today = berlinToday();
  const representable = user.status === 'active' && user.role === 'signer';
  const candidates = representable
    ? everyone
        .filter(
          (other) =>
            other.userId !== user.userId &&
            other.status === 'active' &&
            other.role === 'signer' &&
            other.officeId === user.officeId,
        )
        .map((other) => ({ value: other.userId, label: `${other.displayName} (${other.login})` }))
    : null;
  const arrangements: ArrangementRow[] = user.arrangements.map((arrangement) => {
    const status = arrangementStatus(arrangement, today);
    return {
      arrangementId: arrangement.arrangementId,
      deputyName: names.get(arrangement.deputyUserId) ?? 'unbekanntes Konto',
      validFrom: arrangement.validFrom,
      validUntil: arrangement.validUntil,
      periodLabel: `${formatDate(arrangement.validFrom)} bis ${formatDate(arrangement.validUntil)}`,
      statusLabel: labelOf(ARRANGEMENT_STATUS_LABELS, status),
      revocable: status === 'inForce' || status === 'upcoming',
    };
  });

  return (
    <div className="stack">
      <nav aria-label="Brotkrumen" className="breadcrumb">
        <Link href="/verwaltung/benutzer">Benutzer</Link>
      </nav>
      <div className="page-head">
        <h1>{user.displayName}</h1>
        <dl className="admin-facts">
          <div>
            <dt>Anmeldename</dt>
            <dd className="admin-facts__login">{user.login}</dd>
          </div>
          <div>
            <dt>Amt</dt>
            <dd>{officeName}</dd>
          </div>
          <div>
            <dt>Rolle</dt>
            <dd>{labelOf(ROLE_LABELS, user.role)}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              {labelOf(USER_STATUS_LABELS, user.status)}
              {user.status === 'inactive' ? ` – ${user.reason}` : ''}
            </dd>
          </div>
        </dl>
      </div>
      <UserAdministration
        user={{
          userId: user.userId,
          displayName: user.displayName,
          role: user.role,
          officeId: user.officeId,
          active: user.status === 'active',
        }}
        roles={roleChoices()}
        offices={officeChoices(offices)}
        deputyCandidates={candidates}
        arrangements={arrangements}
      />
    </div>
  );
}
