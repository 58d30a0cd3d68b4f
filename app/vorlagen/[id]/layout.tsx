// Decides the HTTP status of every page of one Vorlage before anything streams: the segment's
// loading.tsx starts the response early, so a notFound() or forbidden() inside a page would answer
// 200. Here, outside that boundary, an unknown Vorlage answers 404 and one the user's office does
// not take part in 403, and so does the history for someone without audit rights, and another
// office's "Änderungen seit der Mitzeichnung" (D-59) (the nested
// segments sit inside this segment's loading boundary, so their own layouts would be too late; the
// path comes from proxy.ts). Pages repeat the checks for their own data; signing in is theirs.
import { forbidden, notFound } from 'next/navigation';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { canReadAudit, canViewChangesSinceSignOff } from '../../../domain/vorlage/authorization';
import { currentUser } from '../../_lib/auth';
import { decodePathSegment, isHttpError } from '../../_lib/http';
import { loadReadableVorlage } from '../../_lib/vorlage-access';

export default async function VorlageLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const user = await currentUser();
  if (user) {
    try {
      await loadReadableVorlage(user, id);
      const path = (await headers()).get('x-pathname') ?? '';
      if (/^\/vorlagen\/[^/]+\/historie(?:\/|$)/.test(path) && !canReadAudit(user)) forbidden();
      const changesOf = /^\/vorlagen\/[^/]+\/aenderungen\/([^/]+)$/.exec(path)?.[1];
      if (changesOf && !canViewChangesSinceSignOff(user, decodePathSegment(changesOf))) forbidden();
    } catch (error) {
      if (isHttpError(error) && error.code === 'vorlage_not_found') notFound();
      if (isHttpError(error) && error.code === 'forbidden') forbidden();
      throw error;
    }
  }
  return children;
}
