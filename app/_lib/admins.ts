// The directory must always keep an active admin: demoting or deactivating the last one would
// leave nobody able to manage users and offices.
import 'server-only';
import { HttpError } from './http';
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

/**
 * The active admins, from the user streams (read from the store, server-side filtered to `user-`;
 * user management is rare, so no read model is kept for it).
 */
async function activeAdminIds(): Promise<string[]> {
  const { store, directory } = services();
  const userIds = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    const handle = store.subscribeToAll({
      fromPosition: 'start',
      filter: { streamNamePrefixes: ['user-'] },
      onEvent: (event) => {
        userIds.add(event.stream.slice('user-'.length));
      },
      onCaughtUp: () => void handle.unsubscribe().then(resolve, reject),
      onError: reject,
    });
  });
  const states = await Promise.all([...userIds].map((id) => directory.loadUser(id)));
  return states.flatMap((state, index) =>
    state.status === 'active' && state.role === 'admin' ? [[...userIds][index]!] : [],
  );
}
