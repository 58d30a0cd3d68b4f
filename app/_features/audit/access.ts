// Authorization for the audit review, print view and export, on the lifecycle state from the event
// store (never on the read models): reading needs `canRead`, the history also `canReadAudit`.
import 'server-only';
import { canReadAudit } from '../../../domain/vorlage/authorization';
import type { ExistingVorlage } from '../../../domain/vorlage/state';
import type { CurrentUser } from '../../_lib/auth';
import { HttpError } from '../../_lib/http';
import { loadReadableVorlage } from '../../_lib/vorlage-access';

export async function loadForAudit(user: CurrentUser, vorlageId: string): Promise<ExistingVorlage> {
  const state = await loadReadableVorlage(user, vorlageId);
  if (!canReadAudit(user)) throw new HttpError('forbidden');
  return state;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function parseFassungHash(value: string): string {
  if (!SHA256_HEX.test(value)) {
    throw new HttpError('invalid_input', [
      { path: 'hash', message: 'Erwartet wird ein SHA-256-Hash (64 Hex-Zeichen).' },
    ]);
  }
  return value;
}
