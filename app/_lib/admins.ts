// The directory must always keep an active admin: demoting or deactivating the last one would
// leave nobody able to manage users and offices.
import 'server-only';
import { HttpError } from './http';
import { allUsers } from './directory-reads';
import { services } from './services';

/**
 * Throws `last_admin` when `userId` is the only active admin and the change (`newRole` for a role
 * change, undefined for a deactivation) would take that away.
 */
export async function assertNotLastAdmin(userId: string, newRole: unknown): Promise<void> {
  if (newRole === 'admin') return;
  const { directory } = services();
  const target = await directory.loadUser(userId);
  if (target.status !== 'active' || target.role !== 'admin') return;
  const admins = await activeAdminIds();
  if (admins.length <= 1 && admins.includes(userId)) throw new HttpError('last_admin');
}

/** The active admins (from the user streams, see directory-reads). */
async function activeAdminIds(): Promise<string[]> {
  return (await allUsers())
    .filter((user) => user.status === 'active' && user.role === 'admin')
    .map((user) => user.userId);
}
