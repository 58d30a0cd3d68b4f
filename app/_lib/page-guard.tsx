// The guard of the audit pages and the print view: signed in (else to the sign-in page), the
// Vorlage exists (else 404) and the domain lets this user read it — and, for the history, audit it.
import 'server-only';
import { headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { ReactElement } from 'react';
import { canManageDirectory, canReadAudit } from '../../domain/vorlage/authorization';
import type { ExistingVorlage } from '../../domain/vorlage/state';
import { currentUser, type CurrentUser } from './auth';
import { isHttpError } from './http';
import { signInPath } from './return-path';
import { loadReadableVorlage } from './vorlage-access';

/**
 * The signed-in user of a page; without one, the sign-in page, which returns here afterwards
 * (the path and query come from proxy.ts).
 */
export async function signedInUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (user) return user;
  const request = await headers();
  redirect(signInPath(`${request.get('x-pathname') ?? '/'}${request.get('x-search') ?? ''}`));
}

/** `ok: false` is no longer produced (a refusal is forbidden(), HTTP 403); callers still check it. */
export type Guarded =
  | { readonly ok: true; readonly user: CurrentUser; readonly state: ExistingVorlage }
  | { readonly ok: false; readonly element: ReactElement };

export async function guardVorlagePage(
  vorlageId: string,
  need: 'read' | 'audit',
): Promise<Guarded> {
  const user = await signedInUser();
  let state;
  try {
    state = await loadReadableVorlage(user, vorlageId);
  } catch (error) {
    if (isHttpError(error) && error.code === 'vorlage_not_found') notFound();
    // HTTP 403 with app/forbidden.tsx, which words the notice for the page asked for.
    if (isHttpError(error) && error.code === 'forbidden') forbidden();
    throw error;
  }
  if (need === 'audit' && !canReadAudit(user)) forbidden();
  return { ok: true, user, state };
}

/** The admin pages (Verwaltung): signed in, and the domain's directory right (D-57), else 403. */
export async function guardAdminPage(): Promise<CurrentUser> {
  const user = await signedInUser();
  if (!canManageDirectory(user)) forbidden();
  return user;
}
