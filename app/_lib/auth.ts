// Who is asking: the session cookie resolved to a user of the directory, read on every request so
// that a deactivation or role change applies at once. Authorization itself is the domain's.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { userIdForLogin } from '../../domain/directory/decider';
import { OFFICE_CATALOGUE } from '../../domain/offices/catalogue';
import type { Actor } from '../../domain/shared/actor';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from './sessions';
import { services } from './services';

export interface CurrentUser extends Actor {
  readonly login: string;
  readonly role: Exclude<Actor['role'], 'system'>;
}

export async function userById(userId: string): Promise<CurrentUser | undefined> {
  const state = await services().directory.loadUser(userId);
  if (state.status !== 'active') return undefined;
  return {
    userId,
    login: state.login,
    displayName: state.displayName,
    officeId: state.officeId,
    role: state.role,
  };
}

/** The signed-in user, or undefined when there is no live session. */
export async function currentUser(): Promise<CurrentUser | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return undefined;
  const session = services().sessions.find(token, Date.now());
  return session ? userById(session.userId) : undefined;
}

export type SignInResult =
  | { readonly outcome: 'signedIn'; readonly user: CurrentUser }
  | { readonly outcome: 'refused' }
  | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

/**
 * Checks a local account's password. `refused` for an unknown login, a wrong password or an inactive
 * user alike; `throttled` after repeated failures for the login (sign-in-throttle.ts), from the
 * client or overall (rate-limits.ts: password spraying across accounts).
 */
export async function authenticate(
  login: string,
  password: string,
  client: string,
): Promise<SignInResult> {
  const normalizedLogin = login.trim().toLowerCase();
  const { signInThrottle, requestLimits } = services();
  const retryAfterMs = signInThrottle.retryAfterMs(normalizedLogin, Date.now());
  const retryAfterSeconds = Math.max(
    Math.ceil(retryAfterMs / 1000),
    await requestLimits.signInRetryAfterSeconds(client),
  );
  if (retryAfterSeconds > 0) return { outcome: 'throttled', retryAfterSeconds };
  const userId = await userIdForLogin(normalizedLogin);
  const state = await services().directory.loadUser(userId);
  // Verify even for unknown logins, so the answer time does not tell which logins exist.
  const passwordHash = state.status === 'active' ? state.passwordHash : await timingDecoyHash();
  const passwordMatches = await verifyPassword(passwordHash, password);
  const user = state.status === 'active' && passwordMatches ? await userById(userId) : undefined;
  if (!user) {
    signInThrottle.recordFailure(normalizedLogin, Date.now());
    await requestLimits.recordSignInFailure(client);
    return { outcome: 'refused' };
  }
  signInThrottle.recordSuccess(normalizedLogin);
  return { outcome: 'signedIn', user };
}

let decoyHash: Promise<string> | undefined;
function timingDecoyHash(): Promise<string> {
  decoyHash ??= hashPassword(randomUUID());
  return decoyHash;
}

export async function startSession(user: CurrentUser): Promise<void> {
  const token = services().sessions.create(user.userId, Date.now());
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isServedOverTls(),
    path: '/',
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

/**
 * After a password change, a deactivation or a reactivation: every session of `userId` ends, except
 * the caller's own current one (an admin changing their own password stays signed in).
 */
export async function endOtherSessions(userId: string): Promise<void> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const own = token ? services().sessions.find(token, Date.now()) : undefined;
  services().sessions.deleteForUser(userId, own?.userId === userId ? token : undefined);
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) services().sessions.delete(token);
  jar.delete(SESSION_COOKIE);
}

function isServedOverTls(): boolean {
  return services().env.PUBLIC_URL?.startsWith('https://') ?? false;
}

/** What the API shows of a user (no password hash, no arrangements). */
export function publicUser({ userId, login, displayName, officeId, role }: CurrentUser) {
  return { userId, login, displayName, officeId, officeName: officeName(officeId), role };
}

function officeName(officeId: string): string {
  return OFFICE_CATALOGUE.find((office) => office.id === officeId)?.name ?? officeId;
}
