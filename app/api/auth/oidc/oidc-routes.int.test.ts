// The OIDC routes of the started product against a real OpenID Provider: /api/auth/oidc/start →
// provider sign-in → /api/auth/oidc/callback → a session for the directory user named by the claim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startProduct, type TestProduct } from '../../../../scripts/lib/test-product';
import {
  signInAtProvider,
  startTestOpenIdProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type TestOpenIdProvider,
} from '../../../_test/oidc-provider';

const TRANSACTION_COOKIE = 'vorlagen_oidc';
const SESSION_COOKIE = 'vorlagen_session';

let provider: TestOpenIdProvider;
let product: TestProduct;

beforeAll(async () => {
  provider = await startTestOpenIdProvider({
    accounts: {
      // Mixed case: the directory knows the demo user as "jugendamt".
      'acc-jugendamt': { preferred_username: 'Jugendamt' },
      'acc-unknown': { preferred_username: 'niemand.im.verzeichnis' },
      'acc-without-login': { name: 'Ohne Anmeldenamen' },
    },
  });
  // The app discovers the provider at its first sign-in, so the client can be set up afterwards,
  // once the product's port (and thus the redirect URI) is known.
  product = await startProduct({
    env: {
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT_ID,
      OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
    },
  });
  await provider.configure([callbackUrl()]);
}, 660_000);

afterAll(async () => {
  await product?.stop();
  await provider?.stop();
});

function callbackUrl(): string {
  return `${product.baseUrl}/api/auth/oidc/callback`;
}

function setCookie(response: { headers: Headers }, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

/** Start route → provider; returns the browser and the callback path the provider sent it to. */
async function throughProvider(accountId: string, startPath = '/api/auth/oidc/start') {
  const browser = new ApiClient(product.baseUrl);
  const start = await browser.get(startPath);
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location') ?? '');
  expect(location.origin).toBe(provider.issuer);
  const transactionCookie = setCookie(start, TRANSACTION_COOKIE);
  expect(transactionCookie).toMatch(/; Path=\/api\/auth\/oidc(;|$)/);
  expect(transactionCookie).toMatch(/; HttpOnly(;|$)/i);
  expect(transactionCookie).toMatch(/; SameSite=lax(;|$)/i);
  const callback = await signInAtProvider(location, accountId, callbackUrl());
  return {
    browser,
    callbackPath: `${callback.pathname}${callback.search}`,
    transactionCookie: transactionCookie?.split(';')[0] ?? '',
  };
}

describe('OIDC sign-in through the product routes', () => {
  it('starts a session for the directory user named by the login claim', async () => {
    const { browser, callbackPath } = await throughProvider('acc-jugendamt');
    expect((await browser.get('/api/me')).status).toBe(401);

    const callback = await browser.get(callbackPath);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/vorlagen');
    expect(setCookie(callback, SESSION_COOKIE)).toMatch(/; HttpOnly(;|$)/i);
    // The transaction cookie is used up: deleted at the path it was set for.
    expect(setCookie(callback, TRANSACTION_COOKIE)).toMatch(/; Path=\/api\/auth\/oidc(;|$)/);

    const me = await browser.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      login: 'jugendamt',
      officeId: 'jugendamt',
      role: 'member',
    });
  });

  it('returns to the deep link the sign-in began from, only to a page of this site', async () => {
    const deepLink = '/uebersicht?ansicht=matrix';
    const back = await throughProvider(
      'acc-jugendamt',
      `/api/auth/oidc/start?weiter=${encodeURIComponent(deepLink)}`,
    );
    expect((await back.browser.get(back.callbackPath)).headers.get('location')).toBe(deepLink);

    const foreign = await throughProvider(
      'acc-jugendamt',
      `/api/auth/oidc/start?weiter=${encodeURIComponent('//evil.example/')}`,
    );
    expect((await foreign.browser.get(foreign.callbackPath)).headers.get('location')).toBe(
      '/vorlagen',
    );
  });

  it('sends a login the directory does not know to the sign-in page, without a session', async () => {
    const { browser, callbackPath } = await throughProvider('acc-unknown');
    const callback = await browser.get(callbackPath);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/anmelden?fehler=unbekannt');
    expect(setCookie(callback, SESSION_COOKIE)).toBeUndefined();
    expect((await browser.get('/api/me')).status).toBe(401);
  });

  it('refuses tokens without the login claim', async () => {
    const { browser, callbackPath } = await throughProvider('acc-without-login');
    const callback = await browser.get(callbackPath);
    expect(callback.headers.get('location')).toBe('/anmelden?fehler=oidc');
    expect((await browser.get('/api/me')).status).toBe(401);
  });

  it('refuses a callback without the transaction cookie (a sign-in begun in another browser)', async () => {
    const { callbackPath } = await throughProvider('acc-jugendamt');
    const otherBrowser = new ApiClient(product.baseUrl);
    const callback = await otherBrowser.get(callbackPath);
    expect(callback.headers.get('location')).toBe('/anmelden?fehler=oidc');
    expect((await otherBrowser.get('/api/me')).status).toBe(401);
  });

  it('refuses a replayed callback (same code, same transaction cookie)', async () => {
    const { browser, callbackPath, transactionCookie } = await throughProvider('acc-jugendamt');
    expect((await browser.get(callbackPath)).headers.get('location')).toBe('/vorlagen');

    const replayer = new ApiClient(product.baseUrl);
    const replay = await replayer.get(callbackPath, { headers: { cookie: transactionCookie } });
    expect(replay.headers.get('location')).toBe('/anmelden?fehler=oidc');
    expect(setCookie(replay, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a callback whose state was changed', async () => {
    const { browser, callbackPath } = await throughProvider('acc-jugendamt');
    const tampered = new URL(callbackPath, product.baseUrl);
    tampered.searchParams.set('state', 'state-of-another-sign-in');
    const callback = await browser.get(`${tampered.pathname}${tampered.search}`);
    expect(callback.headers.get('location')).toBe('/anmelden?fehler=oidc');
    expect((await browser.get('/api/me')).status).toBe(401);
  });
});
