// Decides the page's HTTP status before its loading.tsx starts streaming (a forbidden() inside the
// page would answer 200): the history is for the SPK, rapporteurs and auditors, everyone else gets 403 and the notice of app/forbidden.tsx.
// Signing in stays the page's (it redirects).
import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { canReadAudit } from '../../domain/vorlage/authorization';
import { currentUser } from '../_lib/auth';

export default async function Layout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user && !canReadAudit(user)) forbidden();
  return children;
}
