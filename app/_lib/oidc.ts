// OIDC sign-in for production (e.g. Keycloak) through openid-client: authorization code flow with
// PKCE, state and nonce. The identity provider proves who the person is; office and role still come
// from the user record in the directory, found by the login claim — an unknown login is refused.
import 'server-only';
import { jwtVerify, SignJWT } from 'jose';
import * as client from 'openid-client';
import { z } from 'zod';
import type { AppEnv } from '../../platform/config';

export const OIDC_TRANSACTION_COOKIE = 'vorlagen_oidc';
/** The transaction cookie goes only to the OIDC routes; deleting it must name the same path. */
export const OIDC_TRANSACTION_COOKIE_PATH = '/api/auth/oidc';
/**
 * The page to return to after an OIDC sign-in begun from a deep link (`?weiter=`). Checked with
 * `safeReturnPath` when set and again when used, so a forged cookie can only name a page here.
 */
export const OIDC_RETURN_COOKIE = 'vorlagen_oidc_weiter';
const TRANSACTION_TTL_SECONDS = 600;
const SCOPE = 'openid profile email';

export interface OidcSettings {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly loginClaim: string;
}

export function oidcSettings(env: AppEnv): OidcSettings | undefined {
  const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_LOGIN_CLAIM } = env;
  if (!OIDC_ISSUER_URL || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: new URL(OIDC_ISSUER_URL),
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    loginClaim: OIDC_LOGIN_CLAIM,
  };
}

const discovered = new Map<string, Promise<client.Configuration>>();

/** Discovery once per issuer; a failed discovery is retried on the next sign-in. */
export function oidcConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer.href} ${settings.clientId}`;
  let configuration = discovered.get(key);
  if (!configuration) {
    const insecure = settings.issuer.protocol === 'http:';
    configuration = client.discovery(
      settings.issuer,
      settings.clientId,
      settings.clientSecret,
      undefined,
      {
        // Plain http only for a local test identity provider; production issuers use https.
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
    configuration.catch(() => discovered.delete(key));
    discovered.set(key, configuration);
  }
  return configuration;
}

const TransactionSchema = z.object({ state: z.string(), nonce: z.string(), verifier: z.string() });
type Transaction = z.infer<typeof TransactionSchema>;

/** The URL to send the browser to, and the signed transaction to keep in a short-lived cookie. */
export async function beginOidcSignIn(
  configuration: client.Configuration,
  redirectUri: string,
  secret: string,
): Promise<{ url: URL; transactionCookie: string }> {
  const transaction: Transaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: SCOPE,
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
    code_challenge_method: 'S256',
  });
  const transactionCookie = await new SignJWT(transaction)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(`${TRANSACTION_TTL_SECONDS}s`)
    .sign(new TextEncoder().encode(secret));
  return { url, transactionCookie };
}

/** Exchanges the code and returns the login named by the configured claim of the ID token. */
export async function finishOidcSignIn(
  configuration: client.Configuration,
  callbackUrl: URL,
  transactionCookie: string,
  secret: string,
  loginClaim: string,
): Promise<string> {
  const { payload } = await jwtVerify(transactionCookie, new TextEncoder().encode(secret));
  const transaction = TransactionSchema.parse(payload);
  const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: transaction.verifier,
    expectedState: transaction.state,
    expectedNonce: transaction.nonce,
    idTokenExpected: true,
  });
  const login = await loginFromClaims(configuration, tokens, loginClaim);
  if (typeof login !== 'string' || login.length === 0) {
    throw new Error(`Neither the ID token nor UserInfo has a string claim ${loginClaim}`);
  }
  return login.toLowerCase();
}

/**
 * The claim from the ID token, else from UserInfo: OIDC Core 5.4 lets a provider answer claims asked
 * for by scope (profile → preferred_username) from the UserInfo endpoint only when it issues an
 * access token. Keycloak puts them into the ID token too; oidc-provider and others do not.
 */
async function loginFromClaims(
  configuration: client.Configuration,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  loginClaim: string,
): Promise<unknown> {
  const idToken = tokens.claims();
  if (!idToken) throw new Error('The token response has no ID token');
  if (idToken[loginClaim] !== undefined) return idToken[loginClaim];
  const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
  return userInfo[loginClaim];
}

export const OIDC_TRANSACTION_MAX_AGE_SECONDS = TRANSACTION_TTL_SECONDS;
