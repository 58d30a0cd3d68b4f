// Decides the page's HTTP status before its loading.tsx starts streaming (a forbidden() inside the
// page would answer 200): the inbox is an office's (members and signers), everyone else gets 403 and the notice of app/forbidden.tsx.
// Signing in stays the page's (it redirects).
import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { hasInbox } from '../_lib/page-access';
import { currentUser } from '../_lib/auth';

export default async function Layout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user && !hasInbox(user)) forbidden();
  return children;
}
