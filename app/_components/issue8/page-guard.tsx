// The guard of the audit pages and the print view: signed in (else to the sign-in page), the
// Vorlage exists (else 404) and the domain lets this user read it — and, for the history, audit it.
import 'server-only';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import type { ReactElement } from 'react';
import { canReadAudit } from '../../../domain/vorlage/authorization';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import { currentUser, type CurrentUser } from '../../_lib/auth';
import { isHttpError } from '../../_lib/http';
import { loadReadableVorlage } from '../../_lib/vorlage-access';
import { NoAccess } from './no-access';

export type Guarded =
  | { readonly ok: true; readonly user: CurrentUser; readonly state: ExistingVorlage }
  | { readonly ok: false; readonly element: ReactElement };

export async function guardVorlagePage(
  vorlageId: string,
  need: 'read' | 'audit',
): Promise<Guarded> {
  const user = await currentUser();
  if (!user) redirect('/anmelden');
  let state;
  try {
    state = await loadReadableVorlage(user, vorlageId);
  } catch (error) {
    if (isHttpError(error) && error.code === 'vorlage_not_found') notFound();
    if (isHttpError(error) && error.code === 'forbidden') {
      return {
        ok: false,
        element: (
          <NoAccess title="Kein Zugriff">
            <p>
              Ihr Amt ist an dieser Vorlage nicht beteiligt. Bitte wenden Sie sich an die
              federführende Stelle oder die SPK.
            </p>
          </NoAccess>
        ),
      };
    }
    throw error;
  }
  if (need === 'audit' && !canReadAudit(user)) {
    return {
      ok: false,
      element: (
        <NoAccess title="Kein Zugriff auf die Historie">
          <p>
            Die Historie mit Prüfung der Hash-Kette steht der SPK, der Berichterstattung und der
            Prüfung offen. Den aktuellen Stand sehen Sie{' '}
            <Link href={`/vorlagen/${encodeURIComponent(vorlageId)}`}>in der Vorlage</Link>.
          </p>
        </NoAccess>
      ),
    };
  }
  return { ok: true, user, state };
}
