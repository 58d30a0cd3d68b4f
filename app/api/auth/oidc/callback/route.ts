// Completes an OIDC sign-in: exchanges the code, checks state, nonce and PKCE, finds the user in
// the directory by the login claim and starts a session. Any failure leads back to the sign-in page.
import { cookies } from 'next/headers';
import { userById } from '../../../../_lib/auth';
import { startSession } from '../../../../_lib/auth';
import { homePathFor } from '../../../../_components/navigation';
import { publicOrigin, seeOther } from '../../../../_lib/http';
import { safeReturnPath } from '../../../../_lib/return-path';
import {
  finishOidcSignIn,
  OIDC_RETURN_COOKIE,
  OIDC_TRANSACTION_COOKIE,
  OIDC_TRANSACTION_COOKIE_PATH,
  oidcConfiguration,
  oidcSettings,
} from '../../../../_lib/oidc';
import { services } from '../../../../_lib/services';
import { userIdForLogin } from '../../../../../domain/directory/decider';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const { env, log } = services();
  const settings = oidcSettings(env);
  const jar = await cookies();
  const transaction = jar.get(OIDC_TRANSACTION_COOKIE)?.value;
  // Single use; without the path, Next deletes a cookie at "/" and the browser keeps this one.
  jar.delete({ name: OIDC_TRANSACTION_COOKIE, path: OIDC_TRANSACTION_COOKIE_PATH });
  const returnTo = safeReturnPath(jar.get(OIDC_RETURN_COOKIE)?.value);
  jar.delete({ name: OIDC_RETURN_COOKIE, path: OIDC_TRANSACTION_COOKIE_PATH });
  if (!settings || !transaction) return seeOther('/anmelden?fehler=oidc');
  try {
    const requested = new URL(request.url);
    const callbackUrl = new URL(`${requested.pathname}${requested.search}`, publicOrigin(request));
    const configuration = await oidcConfiguration(settings);
    const login = await finishOidcSignIn(
      configuration,
      callbackUrl,
      transaction,
      env.SESSION_SECRET,
      settings.loginClaim,
    );
    const user = await userById(await userIdForLogin(login));
    if (!user) {
      log.warn({ login }, 'OIDC sign-in of a login without an active user record');
      return seeOther('/anmelden?fehler=unbekannt');
    }
    await startSession(user);
    return seeOther(returnTo ?? homePathFor(user.role));
  } catch (error) {
    log.warn({ err: error }, 'OIDC sign-in failed');
    return seeOther('/anmelden?fehler=oidc');
  }
}
