// Who has which page, where no domain rule says it: the inbox lists what waits for an office's
// sign-off, so only office members and signers have one.
import type { CurrentUser } from './auth';

export function hasInbox(user: Pick<CurrentUser, 'role'>): boolean {
  return user.role === 'member' || user.role === 'signer';
}
