// Sign-in through the API (no login form per test): each person gets an own browser context whose
// cookie jar holds the session, plus the user record from /api/me.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'vorlagen-demo';

export interface SignedInUser {
  readonly userId: string;
  readonly login: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly officeName: string;
  readonly role: string;
}

export interface Person {
  readonly baseURL: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly user: SignedInUser;
}

/** The Origin header state-changing API requests must carry. */
export function originHeader(person: Pick<Person, 'baseURL'>): Record<string, string> {
  return { origin: new URL(person.baseURL).origin };
}

/** A fresh context signed in as `login`, with one open page. */
export async function signIn(
  browser: Browser,
  baseURL: string | undefined,
  login: string,
): Promise<Person> {
  if (!baseURL) throw new Error('baseURL is not configured');
  const context = await browser.newContext({
    baseURL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const response = await context.request.post('/api/session', {
    data: { login, password: DEMO_PASSWORD },
    headers: { origin: new URL(baseURL).origin },
  });
  expect(response.status(), `sign-in of ${login}`).toBe(200);
  const me = await context.request.get('/api/me');
  expect(me.ok()).toBe(true);
  const { user } = (await me.json()) as { user: SignedInUser };
  const page = await context.newPage();
  return { baseURL, context, page, user };
}
