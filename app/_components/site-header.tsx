// The page header: product name, the navigation for the signed-in user (a list other pages add
// their entries to in navigation.ts) and who is signed in, with office, role and sign-out.
import Link from 'next/link';
import { currentUser } from '../_lib/auth';
import { inboxCountFor } from '../_lib/read-models';
import { officeName, officeShortName } from '../../wording/format';
import { ROLE_LABELS } from '../../wording/labels';
import { InboxBadge } from './inbox-badge';
import { homePathFor, navigationFor } from './navigation';

export async function SiteHeader() {
  const user = await currentUser();
  const inboxCount = user ? safeInboxCount(user) : 0;
  return (
    <header className="site-header">
      <div className="site-header__brand">
        <Link href={user ? homePathFor(user.role) : '/anmelden'} className="site-title">
          Vorlagen
        </Link>
        <span className="site-subtitle">Bezirksamt · Vorlagen zur Beschlussfassung</span>
      </div>
      {user ? (
        <>
          <nav aria-label="Hauptnavigation" className="site-nav">
            <ul>
              {navigationFor(user.role).map((item) => (
                <li key={item.href}>
                  <Link href={item.href}>
                    {item.label}
                    {item.showsInboxCount ? <InboxBadge initial={inboxCount} /> : null}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="site-user">
            <p className="site-user__who">
              <span className="site-user__name">{user.displayName}</span>
              <span className="site-user__meta">
                <span title={officeName(user.officeId)}>{headerOfficeName(user.officeId)}</span>
                {/* The SPK's office and role read alike; say it once. */}
                {ROLE_LABELS[user.role] === headerOfficeName(user.officeId)
                  ? null
                  : ` · ${ROLE_LABELS[user.role] ?? user.role}`}
              </span>
            </p>
            <form method="post" action="/api/session/abmelden">
              <button type="submit" className="button button--quiet">
                Abmelden
              </button>
            </form>
          </div>
        </>
      ) : null}
    </header>
  );
}

function safeInboxCount(user: Parameters<typeof inboxCountFor>[0]): number {
  try {
    return inboxCountFor(user);
  } catch (error) {
    // The read models may not exist yet right after a fresh start; the header still renders.
    console.warn('inbox count unavailable', error);
    return 0;
  }
}

/** Long office names (e.g. the SPK's) are shown by their short name; the full name is the tooltip. */
function headerOfficeName(officeId: string): string {
  const name = officeName(officeId);
  return name.length > 40 ? officeShortName(officeId) : name;
}
