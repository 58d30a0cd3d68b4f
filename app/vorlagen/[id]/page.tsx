// The Vorlage page: authorizes on the lifecycle state from the event store, renders the read-model
// snapshot for the first paint, and hands over to the live client workspace.
import type { Metadata } from 'next';
import { forbidden, notFound } from 'next/navigation';
import { signedInUser } from '../../_lib/page-guard';
import { isHttpError } from '../../_lib/http';
import { services } from '../../_lib/services';
import { awaitPosition, loadReadableVorlage, permissionsOf } from '../../_lib/vorlage-access';
import { officeName, officeShortName } from '../../../wording/format';
import type { VorlageDetail } from '../../_features/vorlage/types';
import { readVorlageDetail } from '../../_lib/vorlage-detail';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import { VorlageWorkspace } from '../../_features/vorlage/workspace';
import { upcomingSessionsToday } from '../../_features/deadlines/session-calendar';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Vorlage' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function VorlagePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const user = await signedInUser();
  const nach = (await searchParams).nach;
  const after = typeof nach === 'string' && /^\d+$/.test(nach) ? nach : null;

  let state;
  try {
    state = await loadReadableVorlage(user, id);
  } catch (error) {
    if (isHttpError(error) && error.code === 'vorlage_not_found') notFound();
    if (isHttpError(error) && error.code === 'forbidden') forbidden();
    throw error;
  }

  const initial = await readInitialDetail(state, after, permissionsOf(user, state));
  return (
    <VorlageWorkspace
      vorlageId={id}
      after={initial ? null : after}
      initial={initial}
      signOffPeriod={services().env.SIGN_OFF_PERIOD}
      sessions={await upcomingSessionsToday()}
      renderedAt={new Date().toISOString()}
      user={{
        userId: user.userId,
        displayName: user.displayName,
        officeId: user.officeId,
        officeName: officeName(user.officeId),
        officeShortName: officeShortName(user.officeId),
        role: user.role,
      }}
      header={{
        title: state.title,
        targetSessionDate: state.targetSessionDate,
        leadOfficeName: officeName(state.leadOfficeId),
        rapporteurName: state.rapporteur.name,
        status: state.status,
      }}
    />
  );
}

/** The read models' view for the first paint; null when they are not there yet (the client fetches). */
async function readInitialDetail(
  state: ExistingVorlage,
  after: string | null,
  permissions: VorlageDetail['permissions'],
): Promise<VorlageDetail | null> {
  try {
    await awaitPosition(after);
    return readVorlageDetail(services().readModels(), state, permissions, new Date());
  } catch (error) {
    services().log.warn({ err: error }, 'read models unavailable for the first paint');
    return null;
  }
}
