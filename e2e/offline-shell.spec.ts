// The offline shell (issue #21): a Vorlage page once opened reloads while the browser is offline,
// from the service worker's copy (public/sw.js); the text comes from this device's copy
// (IndexedDB), the status says offline, edits typed then reach everyone on reconnect. After
// signing out, the copy is gone.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/session';
import {
  expectSaved,
  openNewVorlage,
  openVorlage,
  saveStatus,
  sectionEditor,
  sectionText,
  typeInto,
} from './support/vorlage-page';

const SECTION = '6. Politik-/Querschnittsfeld:';
const ONLINE_TEXT = 'Stadtentwicklung';
const OFFLINE_TEXT = ', ergänzt ohne Netz';
const PAGE_CACHE = 'vorlagen-pages-v1';

/** Waits until the service worker controls the page and holds a copy of it. */
async function expectPageKept(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() =>
      page.evaluate(async (cacheName) => {
        const cache = await caches.open(cacheName);
        return (await cache.match(location.origin + location.pathname)) !== undefined;
      }, PAGE_CACHE),
    )
    .toBe(true);
}

/** The nonce of the page copy the worker holds (each server answer has its own). */
async function keptNonce(page: Page): Promise<string | null> {
  return page.evaluate(async (cacheName) => {
    const cache = await caches.open(cacheName);
    const kept = await cache.match(location.origin + location.pathname);
    const policy = kept?.headers.get('content-security-policy') ?? '';
    return /'nonce-([^']+)'/.exec(policy)?.[1] ?? null;
  }, PAGE_CACHE);
}

test('a Vorlage reloads offline from the local copy, and offline edits sync on reconnect', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { person: writer, created } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Offline-Schale',
  );
  const { page, context } = writer;
  await typeInto(page, SECTION, ONLINE_TEXT);
  await expectSaved(page);
  await expectPageKept(page);
  const nonce = await keptNonce(page);
  expect(nonce).not.toBeNull();

  await context.setOffline(true);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  // The page is the kept copy (its scripts carry that copy's nonce), not a fresh server answer.
  expect(
    await page.evaluate(
      () => document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? null,
    ),
  ).toBe(nonce);
  await expect(page.getByRole('navigation', { name: 'Brotkrumen' })).toContainText(
    'Offline-Schale',
  );
  await expect(sectionEditor(page, SECTION)).toHaveText(ONLINE_TEXT);
  await expect(saveStatus(page)).toHaveText(/offline/);
  await expect(page.getByTestId('offline-copy')).toHaveText(/^Stand vom .+, offline/);

  await typeInto(page, SECTION, OFFLINE_TEXT);
  await expect(saveStatus(page)).toHaveText(
    /offline – auf diesem Gerät gespeichert, wird nachgetragen/,
  );

  await context.setOffline(false);
  await expectSaved(page);
  await expect(page.getByTestId('offline-copy')).toHaveCount(0);

  const reader = await signIn(browser, baseURL, 'spk');
  await openVorlage(reader.page, created.vorlageId);
  await expect(sectionEditor(reader.page, SECTION)).toContainText(OFFLINE_TEXT);
  expect(await sectionText(reader.page, SECTION)).toBe(ONLINE_TEXT + OFFLINE_TEXT);

  await context.close();
  await reader.context.close();
});

test('after signing out, an offline reload does not show the Vorlage', async ({
  browser,
  baseURL,
}) => {
  const { person, created } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Offline nach Abmeldung',
  );
  const { page, context } = person;
  await expectPageKept(page);

  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveURL(/\/anmelden/);
  await expect
    .poll(() =>
      page.evaluate(
        async (cacheName) => (await (await caches.open(cacheName)).keys()).map((r) => r.url),
        PAGE_CACHE,
      ),
    )
    .toHaveLength(0);

  await context.setOffline(true);
  await page.goto(`/vorlagen/${encodeURIComponent(created.vorlageId)}`).catch(() => null);
  await expect(page.getByText('Offline nach Abmeldung')).toHaveCount(0);
  await expect(sectionEditor(page, SECTION)).toHaveCount(0);

  await context.close();
});
