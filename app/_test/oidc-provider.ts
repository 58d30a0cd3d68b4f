// Test harness: a real OpenID Provider (panva's oidc-provider) on 127.0.0.1, port 0, with one
// confidential client, plus a browser-less user agent that signs in through its dev interactions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Account, type Configuration } from 'oidc-provider';

export const TEST_CLIENT_ID = 'vorlagen-test';
export const TEST_CLIENT_SECRET = 'test-client-secret-that-is-long-enough-0123456789';

/** Claims per account id; `sub` is added. An account absent here cannot sign in. */
export type TestAccounts = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface TestOpenIdProviderOptions {
  readonly accounts: TestAccounts;
  /**
   * oidc-provider's default (true) follows OIDC Core 5.4: with an access token issued, claims asked
   * for by scope are only in the UserInfo answer, not in the ID token. False puts them in the ID
   * token as well, as Keycloak does by default.
   */
  readonly conformIdTokenClaims?: boolean;
}

export interface TestOpenIdProvider {
  readonly issuer: string;
  /** Creates the provider with the client's redirect URIs; requests before that get 503. */
  configure(redirectUris: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestOpenIdProvider(
  options: TestOpenIdProviderOptions,
): Promise<TestOpenIdProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503).end('provider not configured yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    async configure(redirectUris) {
      if (handler) throw new Error('the test provider is configured already');
      const configuration = providerConfiguration(options, redirectUris, await signingKey());
      handler = new Provider(issuer, configuration).callback();
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function providerConfiguration(
  options: TestOpenIdProviderOptions,
  redirectUris: readonly string[],
  signingKey: JWK,
): Configuration {
  return {
    jwks: { keys: [signingKey] },
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: [...redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        // openid-client sends the secret in the body unless told otherwise.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'] },
    conformIdTokenClaims: options.conformIdTokenClaims ?? true,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-cookie-signing-key-0123456789'] },
    findAccount: (_ctx, sub) => testAccount(options.accounts, sub),
    // Explicit lifetimes keep oidc-provider from printing a notice for each default it uses.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
  };
}

/** A fresh RS256 key, so the provider does not fall back to its published development keys. */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' };
}

function testAccount(accounts: TestAccounts, sub: string): Account | undefined {
  const claims = accounts[sub];
  if (!claims) return undefined;
  return { accountId: sub, claims: () => ({ ...claims, sub }) };
}

/**
 * Plays the browser between the authorization URL and the redirect back to the client: follows
 * redirects by hand with a cookie jar, submits the dev login form (any password) and the consent
 * form, and returns the URL the provider redirects to under `redirectUriPrefix`.
 */
export async function signInAtProvider(
  authorizationUrl: URL | string,
  accountId: string,
  redirectUriPrefix: string,
): Promise<URL> {
  const jar = new CookieJar();
  let request: { url: URL; method: 'GET' | 'POST'; form?: URLSearchParams } = {
    url: new URL(authorizationUrl),
    method: 'GET',
  };
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: {
        ...(jar.header(request.url) ? { cookie: jar.header(request.url) } : {}),
        ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.form?.toString(),
    });
    jar.remember(request.url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.href.startsWith(redirectUriPrefix)) return next;
      request = { url: next, method: 'GET' };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) {
      throw new Error(`provider answered ${response.status} at ${request.url.href}: ${html}`);
    }
    request = {
      url: formAction(html, request.url),
      method: 'POST',
      form: formFields(html, accountId),
    };
  }
  throw new Error('no redirect to the client after 20 steps');
}

function formAction(html: string, base: URL): URL {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in the provider's page: ${html}`);
  return new URL(action.replaceAll('&amp;', '&'), base);
}

/** The dev interaction pages have a hidden `prompt` (login or consent); login accepts any password. */
function formFields(html: string, accountId: string): URLSearchParams {
  const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
  if (prompt === 'login') {
    return new URLSearchParams({ prompt, login: accountId, password: 'any' });
  }
  if (prompt === 'consent') return new URLSearchParams({ prompt });
  throw new Error(`unexpected provider page (prompt ${prompt ?? 'none'})`);
}

/** Enough of RFC 6265 for one host: name, value and path; expired cookies are dropped. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  header(url: URL): string {
    return [...this.cookies]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  remember(url: URL, setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const attribute = (key: string) =>
        attributes.find((item) => item.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const expires = attribute('expires');
      const expired =
        attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now());
      const path = attribute('path') ?? url.pathname.replace(/\/[^/]*$/, '/');
      if (expired || value === '') this.cookies.delete(`${name}`);
      else this.cookies.set(name, { value, path });
    }
  }
}
