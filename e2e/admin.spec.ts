// The Verwaltung (issue #21): the admin journey with the keyboard alone — sign in and land in the
// Verwaltung, create an account, change its office and role, deactivate, reactivate, set a new
// password, add a dated deputy arrangement — and the new account signs in. Also: other roles get
// 403, and no sideways scrolling at 390, 768 and 1366 px.
import { expect, test, type Page } from '@playwright/test';
import { load, tabTo } from './support/keyboard';
import { DEMO_PASSWORD, signIn } from './support/session';

/**
 * A period around today (Berlin) whose two dates have day = month (11.11. to 12.12., say): Chromium
 * orders a date field's segments by its UI language, not the page's locale, so only such dates type
 * the same in day-month and month-day order.
 */
function periodAroundToday(): { from: string; until: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const year = Number(today.slice(0, 4));
  const symmetric = [year - 1, year, year + 1].flatMap((y) =>
    Array.from({ length: 12 }, (_, m) => {
      const mm = String(m + 1).padStart(2, '0');
      return `${y}-${mm}-${mm}`;
    }),
  );
  return {
    from: symmetric.filter((date) => date <= today).at(-1)!,
    until: symmetric.find((date) => date > today)!,
  };
}

/** An ISO date as typed into a date field: its digits, day and month being the same. */
const typedDate = (iso: string) => iso.slice(8, 10) + iso.slice(5, 7) + iso.slice(0, 4);

/**
 * Moves to a form field with Tab and types into it. A closed select picks the option typed (its
 * type-ahead; a space would open the list, so options are chosen by a word without one).
 */
async function typeInto(page: Page, label: string, text: string, scope = page.locator('main')) {
  await tabTo(page, scope.getByLabel(label, { exact: true }));
  await page.keyboard.type(text);
}

async function expectStatus(page: Page, text: string | RegExp): Promise<void> {
  const status = page.getByRole('status').filter({ hasText: text });
  await expect(status).toBeVisible();
  // Focus moves to the result, not to <body>.
  await expect(status).toBeFocused();
}

test('the admin journey with the keyboard alone, and the new account signs in', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const principal = { name: `Petra Probe ${suffix}`, login: `probe.${suffix}` };
  const deputy = { name: `Vera Vertretung ${suffix}`, login: `vertretung.${suffix}` };
  const password = `Neu-und-geheim-${suffix}`;
  const context = await browser.newContext({
    baseURL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();

  await test.step('the admin signs in with the form and lands in the Verwaltung', async () => {
    await load(page, '/anmelden');
    await typeInto(page, 'Benutzername', 'admin');
    await typeInto(page, 'Passwort', DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/verwaltung\/benutzer$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Benutzer' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect(nav.getByRole('link', { name: 'Ämter' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Vorlagen' })).toHaveCount(0);
  });

  const form = page.getByRole('region', { name: 'Benutzerkonto anlegen', exact: true });
  for (const [person, office, role] of [
    [deputy, { name: 'Jugendamt', id: 'jugendamt' }, 'Zeichnung'],
    [principal, { name: 'Stadtentwicklungsamt', id: 'stadtentwicklung' }, 'Bearbeitung'],
  ] as const) {
    await test.step(`the admin creates ${person.login} (${office.name}, ${role})`, async () => {
      await typeInto(page, 'Name', person.name, form);
      await typeInto(page, 'Anmeldename', person.login, form);
      await typeInto(page, 'Amt', office.name, form);
      await expect(form.getByLabel('Amt')).toHaveValue(office.id);
      await typeInto(page, 'Rolle', role, form);
      await expect(form.getByLabel('Rolle', { exact: true })).toHaveValue(
        role === 'Zeichnung' ? 'signer' : 'member',
      );
      await typeInto(page, 'Erstes Passwort', DEMO_PASSWORD.padEnd(12, '!'), form);
      await page.keyboard.press('Enter');
      await expectStatus(page, `Das Benutzerkonto für ${person.name} ist angelegt.`);
    });
  }

  await test.step('a wrong login is refused in German, next to the field', async () => {
    await typeInto(page, 'Name', 'Falsch Geschrieben', form);
    await typeInto(page, 'Anmeldename', 'Groß Buchstaben', form);
    await page.keyboard.press('Enter');
    await expect(form.getByText(/Ein Anmeldename besteht aus Kleinbuchstaben/)).toBeVisible();
    await expect(form.getByLabel('Anmeldename')).toHaveAttribute('aria-invalid', 'true');
  });

  await test.step('the admin finds the new account with the search and opens it', async () => {
    await typeInto(page, 'Suche nach Name, Anmeldename oder Amt', principal.login);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/suche=/);
    await tabTo(page, page.getByRole('link', { name: principal.name }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: principal.name })).toBeVisible();
  });

  await test.step('office: Stadtentwicklungsamt → Jugendamt', async () => {
    const card = page.getByRole('region', { name: 'Amt', exact: true });
    await typeInto(page, 'Neues Amt', 'Jugendamt', card);
    await expect(card.getByLabel('Neues Amt')).toHaveValue('jugendamt');
    await tabTo(page, card.getByRole('button', { name: 'Amt wechseln' }));
    await page.keyboard.press('Enter');
    await expectStatus(page, `${principal.name} gehört jetzt zum Amt „Jugendamt“.`);
  });

  await test.step('role: Bearbeitung → Zeichnung', async () => {
    const card = page.getByRole('region', { name: 'Rolle', exact: true });
    await typeInto(page, 'Neue Rolle', 'Zeichnung', card);
    await tabTo(page, card.getByRole('button', { name: 'Rolle ändern' }));
    await page.keyboard.press('Enter');
    await expectStatus(page, `${principal.name} hat jetzt die Rolle „Zeichnung“.`);
    await expect(page.getByRole('region', { name: 'Vertretungen', exact: true })).toContainText(
      'Keine Vertretung eingetragen.',
    );
  });

  await test.step('deactivate with a reason, then reactivate', async () => {
    const card = page.getByRole('region', { name: 'Deaktivieren', exact: true });
    await tabTo(page, card.getByRole('button', { name: 'Deaktivieren' }));
    await page.keyboard.press('Enter');
    // The reason is required: the domain refuses, the message sits at the field.
    await expect(card.getByLabel('Grund')).toHaveAttribute('aria-invalid', 'true');
    await expect(card.getByText('Bitte geben Sie den Grund der Deaktivierung an.')).toBeVisible();
    await typeInto(page, 'Grund', 'Elternzeit', card);
    await tabTo(page, card.getByRole('button', { name: 'Deaktivieren' }));
    await page.keyboard.press('Enter');
    await expectStatus(page, /ist deaktiviert/);
    const reactivate = page.getByRole('region', { name: 'Reaktivieren', exact: true });
    await tabTo(page, reactivate.getByRole('button', { name: 'Reaktivieren' }));
    await page.keyboard.press('Enter');
    await expectStatus(page, /ist wieder aktiv/);
  });

  await test.step('set a new password', async () => {
    const card = page.getByRole('region', { name: 'Passwort zurücksetzen', exact: true });
    await typeInto(page, 'Neues Passwort', 'zu kurz', card);
    await page.keyboard.press('Enter');
    await expect(card.getByText('Das Passwort braucht mindestens 12 Zeichen.')).toBeVisible();
    await card.getByLabel('Neues Passwort').fill('');
    await typeInto(page, 'Neues Passwort', password, card);
    await page.keyboard.press('Enter');
    await expectStatus(page, /Passwort .* ist neu gesetzt/);
  });

  await test.step('add a deputy arrangement in force today', async () => {
    const card = page.getByRole('region', { name: 'Vertretungen', exact: true });
    const { from, until } = periodAroundToday();
    await typeInto(page, 'Vertreten durch', deputy.name, card);
    await typeInto(page, 'Von', typedDate(from), card);
    await expect(card.getByLabel('Von')).toHaveValue(from);
    await typeInto(page, 'Bis einschließlich', typedDate(until), card);
    await expect(card.getByLabel('Bis einschließlich')).toHaveValue(until);
    await tabTo(page, card.getByRole('button', { name: 'Vertretung eintragen' }));
    await page.keyboard.press('Enter');
    await expectStatus(
      page,
      `${deputy.name} (${deputy.login}) vertritt ${principal.name} wie eingetragen.`,
    );
    const row = card.getByRole('row').filter({ hasText: deputy.name });
    await expect(row).toContainText('gilt');
    await page.goto('/verwaltung/aemter');
    await expect(
      page.getByRole('table', { name: 'Geltende und geplante Vertretungen' }).getByRole('row', {
        name: new RegExp(principal.name),
      }),
    ).toContainText(deputy.name);
  });
  await context.close();

  await test.step('the new account signs in with the new password', async () => {
    const fresh = await browser.newContext({ baseURL, locale: 'de-DE' });
    const own = await fresh.newPage();
    await load(own, '/anmelden');
    await typeInto(own, 'Benutzername', principal.login);
    await typeInto(own, 'Passwort', password);
    await own.keyboard.press('Enter');
    await expect(own).toHaveURL(/\/vorlagen$/);
    await expect(own.getByRole('banner').getByText(principal.name)).toBeVisible();
    await fresh.close();
  });
});

test('the Verwaltung is refused to other roles, and an admin is led there from the Vorlagen list', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const refused = await spk.page.goto('/verwaltung/benutzer');
  expect(refused?.status()).toBe(403);
  await expect(
    spk.page.getByRole('heading', { level: 1, name: 'Kein Zugriff auf die Verwaltung' }),
  ).toBeVisible();
  const admin = await signIn(browser, baseURL, 'admin');
  await admin.page.goto('/vorlagen');
  await expect(admin.page).toHaveURL(/\/verwaltung\/benutzer$/);
});

test('the admin pages do not scroll sideways at 390, 768 and 1366 px', async ({
  browser,
  baseURL,
}) => {
  const admin = await signIn(browser, baseURL, 'admin');
  const own = await admin.context.request.get('/api/me');
  const { user } = (await own.json()) as { user: { userId: string } };
  const paths = [
    '/verwaltung/benutzer',
    `/verwaltung/benutzer/${user.userId}`,
    '/verwaltung/aemter',
  ];
  for (const width of [390, 768, 1366]) {
    await admin.page.setViewportSize({ width, height: 844 });
    for (const path of paths) {
      await admin.page.goto(path);
      await expect(admin.page.getByRole('heading', { level: 1 })).toBeVisible();
      const widths = await admin.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }));
      expect(widths.scroll, `${path} at ${width} px`).toBeLessThanOrEqual(widths.inner);
    }
  }
  await admin.context.close();
});

test('an admin registers an office beyond the catalogue; it appears in the catalogue', async ({
  browser,
  baseURL,
}) => {
  const admin = await signIn(browser, baseURL, 'admin');
  const page = admin.page;
  const officeId = `bibliotheken-${Date.now()}`;
  await page.goto('/verwaltung/aemter');
  const form = page.getByRole('region', { name: 'Amt anlegen' });
  // Bad input: the domain's German message at the field, nothing registered.
  await form.getByLabel('Kennung', { exact: true }).fill('Bibliotheken!');
  await form.getByLabel('Name', { exact: true }).fill('Fachbereich Bibliotheken');
  await form.getByLabel('Kurzname', { exact: true }).fill('Bib');
  await form.getByLabel('Art', { exact: true }).selectOption({ label: 'Amt' });
  await form.getByRole('button', { name: 'Amt anlegen' }).click();
  await expect(form.getByText(/Kleinbuchstaben, Ziffern und Bindestrichen/).last()).toBeVisible();

  await form.getByLabel('Kennung', { exact: true }).fill(officeId);
  await form.getByRole('button', { name: 'Amt anlegen' }).click();
  await expect(form.getByRole('status')).toContainText(
    'Das Amt „Fachbereich Bibliotheken“ ist angelegt.',
  );
  await expect(form.getByRole('status')).toBeFocused();
  await page.reload();
  await expect(
    page.getByRole('table', { name: 'Ämterkatalog' }).getByRole('rowheader', {
      name: 'Fachbereich Bibliotheken',
    }),
  ).toBeVisible();
  await admin.context.close();
});
