// Starts an OIDC sign-in: redirects to the identity provider and keeps state, nonce and the PKCE
// verifier in a signed, HttpOnly cookie for the callback.
import { cookies } from 'next/headers';
import { handle, HttpError, publicOrigin } from '../../../../_lib/http';
import { safeReturnPath } from '../../../../_lib/return-path';
import {
  beginOidcSignIn,
  OIDC_RETURN_COOKIE,
  OIDC_TRANSACTION_COOKIE,
  OIDC_TRANSACTION_COOKIE_PATH,
  OIDC_TRANSACTION_MAX_AGE_SECONDS,
  oidcConfiguration,
  oidcSettings,
} from '../../../../_lib/oidc';
import { services } from '../../../../_lib/services';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const { env } = services();
    const settings = oidcSettings(env);
    if (!settings) throw new HttpError('not_found');
    const origin = publicOrigin(request);
    const { url, transactionCookie } = await beginOidcSignIn(
      await oidcConfiguration(settings),
      `${origin}/api/auth/oidc/callback`,
      env.SESSION_SECRET,
    );
    const cookieOptions = {
      httpOnly: true,
      sameSite: 'lax',
      secure: origin.startsWith('https://'),
      path: OIDC_TRANSACTION_COOKIE_PATH,
      maxAge: OIDC_TRANSACTION_MAX_AGE_SECONDS,
    } as const;
    const jar = await cookies();
    jar.set(OIDC_TRANSACTION_COOKIE, transactionCookie, cookieOptions);
    const returnTo = safeReturnPath(new URL(request.url).searchParams.get('weiter') ?? undefined);
    if (returnTo) jar.set(OIDC_RETURN_COOKIE, returnTo, cookieOptions);
    else jar.delete({ name: OIDC_RETURN_COOKIE, path: OIDC_TRANSACTION_COOKIE_PATH });
    return Response.redirect(url, 302);
  });
}
