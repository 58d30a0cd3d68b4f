// The OIDC sign-in against a real OpenID Provider (oidc-provider on port 0): the whole code flow
// with PKCE, state and nonce, and the ways a callback must be refused.
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'openid-client';
import {
  signInAtProvider,
  startTestOpenIdProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type TestAccounts,
  type TestOpenIdProvider,
} from '../_test/oidc-provider';
import { beginOidcSignIn, finishOidcSignIn, oidcConfiguration } from './oidc';

const REDIRECT_URI = 'http://127.0.0.1:9/api/auth/oidc/callback';
const SECRET = 'session-secret-of-the-app-0123456789abcdef';
const LOGIN_CLAIM = 'preferred_username';

const ACCOUNTS: TestAccounts = {
  'acc-jugendamt': { preferred_username: 'jugendamt', name: 'Jugendamt Bearbeitung' },
  'acc-mixed-case': { preferred_username: 'Jugendamt.Zeichnung' },
  'acc-without-login': { name: 'Ohne Anmeldenamen', email: 'ohne@example.org' },
};

/** A provider, discovered through the app's own `oidcConfiguration`. */
async function providerWithConfiguration(conformIdTokenClaims: boolean) {
  const provider = await startTestOpenIdProvider({ accounts: ACCOUNTS, conformIdTokenClaims });
  await provider.configure([REDIRECT_URI]);
  const configuration = await oidcConfiguration({
    issuer: new URL(provider.issuer),
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    loginClaim: LOGIN_CLAIM,
  });
  return { provider, configuration };
}

/** Begins a sign-in and lets the account pass the provider; returns what the callback receives. */
async function signIn(configuration: Configuration, accountId: string) {
  const { url, transactionCookie } = await beginOidcSignIn(configuration, REDIRECT_URI, SECRET);
  const callbackUrl = await signInAtProvider(url, accountId, REDIRECT_URI);
  return { url, transactionCookie, callbackUrl };
}

/** The messages of the error a refused sign-in throws, with its causes (openid-client wraps them). */
async function refusal(signIn: Promise<string>): Promise<string> {
  let error: unknown;
  try {
    error = new Error(`signed in as ${await signIn}`);
  } catch (thrown) {
    const messages: string[] = [];
    for (let cause = thrown; cause instanceof Error; cause = cause.cause) {
      messages.push(cause.message);
    }
    return messages.join(' ← ');
  }
  throw error;
}

function finish(configuration: Configuration, callbackUrl: URL, cookie: string, secret = SECRET) {
  return finishOidcSignIn(configuration, callbackUrl, cookie, secret, LOGIN_CLAIM);
}

// oidc-provider's default answers claims asked for by scope from UserInfo only (OIDC Core 5.4);
// Keycloak also puts them into the ID token. The sign-in must work with both.
describe.each([
  { claimsIn: 'UserInfo only', conformIdTokenClaims: true },
  { claimsIn: 'the ID token', conformIdTokenClaims: false },
])('OIDC sign-in against oidc-provider, login claim in $claimsIn', ({ conformIdTokenClaims }) => {
  let provider: TestOpenIdProvider;
  let configuration: Configuration;

  beforeAll(async () => {
    ({ provider, configuration } = await providerWithConfiguration(conformIdTokenClaims));
  });
  afterAll(() => provider?.stop());

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const { url } = await beginOidcSignIn(configuration, REDIRECT_URI, SECRET);
    const params = url.searchParams;
    expect(url.origin).toBe(provider.issuer);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(TEST_CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(params.get('scope')?.split(' ')).toContain('openid');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{20,}$/);
  });

  it('keeps the PKCE verifier out of the URL and in the signed cookie only', async () => {
    const { url, transactionCookie } = await beginOidcSignIn(configuration, REDIRECT_URI, SECRET);
    const transaction = decodeJwt(transactionCookie);
    expect(transaction.state).toBe(url.searchParams.get('state'));
    expect(transaction.nonce).toBe(url.searchParams.get('nonce'));
    expect(url.href).not.toContain(String(transaction.verifier));
  });

  it('signs in through the provider and returns the login from the configured claim', async () => {
    const { url, transactionCookie, callbackUrl } = await signIn(configuration, 'acc-jugendamt');
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();
    expect(callbackUrl.searchParams.get('state')).toBe(url.searchParams.get('state'));
    await expect(finish(configuration, callbackUrl, transactionCookie)).resolves.toBe('jugendamt');
  });

  it('lower-cases the login, as the directory keys logins in lower case', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-mixed-case');
    await expect(finish(configuration, callbackUrl, transactionCookie)).resolves.toBe(
      'jugendamt.zeichnung',
    );
  });

  it('refuses a callback whose state was changed, and the code still works with its own', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-jugendamt');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', 'state-of-another-sign-in');
    expect(await refusal(finish(configuration, tampered, transactionCookie))).toMatch(
      /unexpected "state"/,
    );
    await expect(finish(configuration, callbackUrl, transactionCookie)).resolves.toBe('jugendamt');
  });

  it('refuses the transaction cookie of another sign-in (state, nonce and verifier do not match)', async () => {
    const first = await signIn(configuration, 'acc-jugendamt');
    const second = await beginOidcSignIn(configuration, REDIRECT_URI, SECRET);
    expect(
      await refusal(finish(configuration, first.callbackUrl, second.transactionCookie)),
    ).toMatch(/unexpected "state"/);
  });

  it('refuses a transaction cookie signed with another secret', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-jugendamt');
    // The same transaction, forged by someone who does not know the app's secret.
    const forged = await new SignJWT(decodeJwt(transactionCookie))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('another-secret-of-at-least-32-characters'));
    await expect(finish(configuration, callbackUrl, forged)).rejects.toThrow(/signature/i);
    await expect(finish(configuration, callbackUrl, transactionCookie)).resolves.toBe('jugendamt');
  });

  it('refuses an expired transaction cookie', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-jugendamt');
    const expired = await new SignJWT(decodeJwt(transactionCookie))
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(finish(configuration, callbackUrl, expired)).rejects.toThrow(/exp/i);
  });

  it('refuses a replayed code', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-jugendamt');
    await expect(finish(configuration, callbackUrl, transactionCookie)).resolves.toBe('jugendamt');
    await expect(finish(configuration, callbackUrl, transactionCookie)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a PKCE verifier that does not belong to the code', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-jugendamt');
    const transaction = decodeJwt(transactionCookie);
    const otherVerifier = await new SignJWT({ ...transaction, verifier: 'x'.repeat(43) })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SECRET));
    await expect(finish(configuration, callbackUrl, otherVerifier)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses an account whose tokens carry no login claim', async () => {
    const { transactionCookie, callbackUrl } = await signIn(configuration, 'acc-without-login');
    await expect(finish(configuration, callbackUrl, transactionCookie)).rejects.toThrow(
      /has a string claim preferred_username/,
    );
  });
});
