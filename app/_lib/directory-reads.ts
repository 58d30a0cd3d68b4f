// What the admin screens read from the directory: every user and every registered office, folded
// from their streams (read server-side filtered by stream prefix). User management is rare and the
// directory small, so no read model is kept for it; the admin pages and the last-admin rule share
// these reads.
import 'server-only';
import type { OfficeState, UserState } from '../../domain/directory/decider';
import { services } from './services';

export type ExistingUser = Exclude<UserState, { status: 'none' }>;
export type RegisteredOffice = Extract<OfficeState, { status: 'registered' }>;

/** The ids of all streams `<prefix><id>` in the store, in the order they were first written. */
async function streamIdsWithPrefix(prefix: string): Promise<string[]> {
  const ids = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    const handle = services().store.subscribeToAll({
      fromPosition: 'start',
      filter: { streamNamePrefixes: [prefix] },
      onEvent: (event) => {
        ids.add(event.stream.slice(prefix.length));
      },
      onCaughtUp: () => void handle.unsubscribe().then(resolve, reject),
      onError: reject,
    });
  });
  return [...ids];
}

/** Every registered user (active or not), sorted by login (code points, as the paging cursor). */
export async function allUsers(): Promise<ExistingUser[]> {
  const { directory } = services();
  const states = await Promise.all(
    (await streamIdsWithPrefix('user-')).map((id) => directory.loadUser(id)),
  );
  return states
    .filter((state): state is ExistingUser => state.status !== 'none')
    .sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
}

/** Every office registered in the store (the seeded catalogue and any added later). */
export async function registeredOffices(): Promise<RegisteredOffice[]> {
  const { directory } = services();
  const states = await Promise.all(
    (await streamIdsWithPrefix('office-')).map((id) => directory.loadOffice(id)),
  );
  return states.filter((state): state is RegisteredOffice => state.status === 'registered');
}

/** One user, or null when no such user is registered (also for a malformed id). */
export async function existingUser(userId: string): Promise<ExistingUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const state = await services().directory.loadUser(userId);
  return state.status === 'none' ? null : state;
}
