// The main navigation as data: each entry names the roles that see it. Pages added later
// (Übersicht, Eingang, Historie — issue 8) only need their entry here.
export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly roles: readonly string[];
  /** Shows the number of sign-offs waiting for the user's office. */
  readonly showsInboxCount?: boolean;
}

const ALL_READERS = ['member', 'signer', 'coordination', 'rapporteur', 'auditor'];

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/uebersicht', label: 'Übersicht', roles: ['coordination'] },
  { href: '/vorlagen', label: 'Vorlagen', roles: ALL_READERS },
  { href: '/eingang', label: 'Eingang', roles: ['member', 'signer'], showsInboxCount: true },
  { href: '/historie', label: 'Historie', roles: ['coordination', 'rapporteur', 'auditor'] },
  { href: '/postausgang', label: 'Postausgang', roles: ['coordination', 'auditor', 'admin'] },
  {
    href: '/benachrichtigungen',
    label: 'Benachrichtigungen',
    roles: ['member', 'signer', 'coordination'],
  },
  { href: '/verwaltung/benutzer', label: 'Benutzer', roles: ['admin'] },
  { href: '/verwaltung/aemter', label: 'Ämter', roles: ['admin'] },
];

/**
 * Where a signed-in user starts (after sign-in, on "/", from the product name): admins cannot read
 * Vorlagen (D-50), so they start in the Verwaltung, everyone else in the list of Vorlagen.
 */
export function homePathFor(role: string): string {
  return role === 'admin' ? '/verwaltung/benutzer' : '/vorlagen';
}

export function navigationFor(role: string): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
