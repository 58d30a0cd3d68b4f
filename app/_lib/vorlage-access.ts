// Loading a Vorlage for a request: the lifecycle state from the event store (authoritative for
// authorization) and the read models (for display), after waiting for read-your-writes.
import 'server-only';
import {
  canDecideProposals,
  canEditText,
  canEditTextDirectly,
  canManageLifecycle,
  canCoordinate,
  canRead,
  canReadAudit,
  canSignOffFor,
} from '../../domain/vorlage/authorization';
import { VorlageIdSchema } from '../../domain/vorlage/commands';
import { canComment, dissentRightsOf } from '../../domain/discussion/authorization';
import type { ExistingVorlage, VorlageState } from '../../domain/vorlage/state';
import { participatingOfficeIds } from '../../domain/vorlage/state';
import type { CurrentUser } from './auth';
import { HttpError } from './http';
import { services } from './services';

const READ_YOUR_WRITES_TIMEOUT_MS = 3000;
/** Commit positions are unsigned 64-bit; a larger `after` is junk, ignored like any other. */
const MAX_POSITION = 2n ** 64n - 1n;

/** The Vorlage's state if the user may read it; 404 / 403 otherwise. */
export async function loadReadableVorlage(
  user: CurrentUser,
  vorlageId: string,
): Promise<ExistingVorlage> {
  // An id no Vorlage can have names none; the store is not asked (a 5000-character id made it fail).
  if (!VorlageIdSchema.safeParse(vorlageId).success) throw new HttpError('vorlage_not_found');
  return assertReadable(user, await services().vorlagen.load(vorlageId));
}

/** 404 for a Vorlage that does not exist, 403 for one the user may not read. */
export function assertReadable(user: CurrentUser, state: VorlageState): ExistingVorlage {
  if (state.status === 'none') throw new HttpError('vorlage_not_found');
  if (!canRead(user, state)) throw new HttpError('forbidden');
  return state;
}

export function permissionsOf(user: CurrentUser, state: VorlageState) {
  return {
    canEdit: canEditText(user, state),
    canEditDirectly: canEditTextDirectly(user, state),
    canDecideProposals: canDecideProposals(user, state),
    canManageLifecycle: canManageLifecycle(user, state),
    canCoordinate: canCoordinate(user),
    canReadAudit: canReadAudit(user),
    canComment: canComment(user, state),
    dissentRights: dissentRightsOf(user, state),
    signableOfficeIds: participatingOfficeIds(state).filter((officeId) =>
      canSignOffFor(user, state, officeId),
    ),
  };
}

/** Waits until the read models include `after` (a command's commit position), bounded. */
export async function awaitPosition(after: string | null): Promise<void> {
  if (!after || !/^\d{1,20}$/.test(after) || BigInt(after) > MAX_POSITION) return;
  await services().projections.waitForPosition(after, { timeoutMs: READ_YOUR_WRITES_TIMEOUT_MS });
}
