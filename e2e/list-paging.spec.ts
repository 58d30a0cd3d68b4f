// The long lists page through the query string (plain links, no script): the SPK overview shows
// 50 Vorlagen a page with "Nächste Seite", keeps the filter on every page, and its figures count
// every matching Vorlage, not only the page shown. The Vorlagen list and the history index page
// the same way.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import { createVorlage, requestSignOffs } from './support/vorlagen';

const PAGE_SIZE = 50;
const CREATED = PAGE_SIZE + 3;

test('the overview pages through 53 matching Vorlagen, keeping the filter and the totals', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const token = `Blättern ${Date.now()}`;
  const titles = Array.from(
    { length: CREATED },
    (_, index) => `${token} Nr. ${String(index).padStart(2, '0')}`,
  );
  const created = [];
  for (let start = 0; start < titles.length; start += 8) {
    created.push(
      ...(await Promise.all(
        titles
          .slice(start, start + 8)
          .map((title) => createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' })),
      )),
    );
  }
  // Two of them are sent out: "in Mitzeichnung" must count them wherever they are listed.
  await requestSignOffs(spk, created[0]!, ['jugendamt']);
  await requestSignOffs(spk, created[CREATED - 1]!, ['jugendamt']);

  const { page } = spk;
  await expect
    .poll(async () => {
      await page.goto(`/uebersicht?suche=${encodeURIComponent(token)}`);
      return page.getByRole('list', { name: 'Kennzahlen' }).textContent();
    })
    .toMatch(new RegExp(`${CREATED}\\s*Vorlagen\\s*2\\s*in Mitzeichnung`));
  const rows = page.getByRole('table').getByRole('row').filter({ hasText: token });
  await expect(rows).toHaveCount(PAGE_SIZE);
  const pages = page.getByRole('navigation', { name: 'Seiten der Übersicht' });
  await expect(pages).toContainText(`Seite 1 · 1–${PAGE_SIZE} von ${CREATED}`);
  await expect(pages.getByRole('link', { name: 'Erste Seite' })).toHaveCount(0);

  // Paging is a plain link carrying the cursor and the filter (no script needed).
  const next = pages.getByRole('link', { name: 'Nächste Seite' });
  const href = new URL((await next.getAttribute('href'))!, baseURL);
  expect(href.pathname).toBe('/uebersicht');
  expect(href.searchParams.get('suche')).toBe(token);
  expect(href.searchParams.get('seite')).toBe('2');
  await next.click();
  await expect(pages).toContainText(`Seite 2 · ${PAGE_SIZE + 1}–${CREATED} von ${CREATED}`);
  expect(new URL(page.url()).searchParams.get('suche')).toBe(token);
  await expect(page.getByRole('searchbox', { name: 'Suche im Gegenstand' })).toHaveValue(token);
  await expect(rows).toHaveCount(CREATED - PAGE_SIZE);
  await expect(rows.last()).toContainText(titles[CREATED - 1]!);
  // The figures are those of all 53, not of the 3 on this page.
  await expect(page.getByRole('list', { name: 'Kennzahlen' })).toContainText(`${CREATED}Vorlagen`);
  await expect(
    page.getByRole('heading', { name: `${CREATED} Vorlagen (gefiltert)` }),
  ).toBeVisible();
  await expect(pages.getByRole('link', { name: 'Nächste Seite' })).toHaveCount(0);

  // The matrix view pages the same way and keeps its view and filter.
  await page
    .getByRole('navigation', { name: 'Ansicht' })
    .getByRole('link', { name: /Matrix/ })
    .click();
  await expect(pages).toContainText(`Seite 1 · 1–${PAGE_SIZE} von ${CREATED}`);
  await pages.getByRole('link', { name: 'Nächste Seite' }).click();
  await expect(pages).toContainText('Seite 2');
  expect(new URL(page.url()).searchParams.get('ansicht')).toBe('matrix');
  expect(new URL(page.url()).searchParams.get('suche')).toBe(token);
  await expect(
    page.getByText('1 angefragte Mitzeichnung fehlt noch', { exact: false }),
  ).toHaveCount(0);
  await expect(page.getByText('2 angefragte Mitzeichnungen fehlen noch')).toBeVisible();

  await pages.getByRole('link', { name: 'Erste Seite' }).click();
  await expect(pages).toContainText(`Seite 1 · 1–${PAGE_SIZE} von ${CREATED}`);

  // A cursor the list did not hand out: a German notice with the way back, not an error page.
  await page.goto(`/uebersicht?suche=${encodeURIComponent(token)}&ab=bm9wZQ&seite=2`);
  await expect(page.getByText('Diese Seite der Übersicht gibt es nicht mehr.')).toBeVisible();

  // The Vorlagen list and the history index page too (at least these 53 Vorlagen exist).
  await page.goto('/vorlagen');
  const listPages = page.getByRole('navigation', { name: 'Seiten der Vorlagenliste' });
  await expect(listPages).toContainText(`Seite 1 · 1–${PAGE_SIZE} von`);
  await listPages.getByRole('link', { name: 'Nächste Seite' }).click();
  await expect(listPages).toContainText('Seite 2');
  await page.goto('/historie');
  const historyPages = page.getByRole('navigation', { name: 'Seiten der Historie' });
  await historyPages.getByRole('link', { name: 'Nächste Seite' }).click();
  await expect(historyPages).toContainText(`Seite 2 · ${PAGE_SIZE + 1}–`);
});
