import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './support/session';

test('the start page leads to the German sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/anmelden$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await expect(page.getByLabel('Benutzername')).toBeVisible();
  await expect(page.getByLabel('Passwort')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
});

test('the browser finds the favicon (no 404 on every page)', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/anmelden');
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\//);
  expect(missing).toEqual([]);
});

test('a deep link opened signed out returns there after signing in, also after a wrong password', async ({
  page,
}) => {
  await page.goto('/uebersicht?ansicht=matrix');
  await expect(page).toHaveURL(/\/anmelden\?weiter=%2Fuebersicht%3Fansicht%3Dmatrix$/);
  await page.getByLabel('Benutzername').fill('spk');
  await page.getByLabel('Passwort').fill('falsch');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByText('Benutzername oder Passwort ist falsch')).toBeVisible();
  await page.getByLabel('Benutzername').fill('spk');
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/uebersicht\?ansicht=matrix$/);
  // The matrix view is the one shown (its table needs Vorlagen in sign-off, which fresh data lacks).
  await expect(
    page
      .getByRole('navigation', { name: 'Ansicht' })
      .getByRole('link', { name: 'Matrix: Vorlagen × Ämter' }),
  ).toHaveAttribute('aria-current', 'page');
});

test('a return target of another site is not followed', async ({ page }) => {
  await page.goto('/anmelden?weiter=%2F%2Fevil.example%2F');
  await page.getByLabel('Benutzername').fill('spk');
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/vorlagen$/);
});
