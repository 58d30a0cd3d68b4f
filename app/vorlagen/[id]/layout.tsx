// Decides the HTTP status of every page of one Vorlage before anything streams: the segment's
// loading.tsx starts the response early, so a notFound() or forbidden() inside a page would answer
// 200. Here, outside that boundary, an unknown Vorlage answers 404 and one the user's office does
// not take part in 403. (Pages repeat the check for their own data; signing in is theirs too.)
import { forbidden, notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { currentUser } from '../../_lib/auth';
import { isHttpError } from '../../_lib/http';
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
    } catch (error) {
      if (isHttpError(error) && error.code === 'vorlage_not_found') notFound();
      if (isHttpError(error) && error.code === 'forbidden') forbidden();
      throw error;
    }
  }
  return children;
}
