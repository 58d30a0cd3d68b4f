// Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) finds no serious or critical violation on
// any page — sign-in, list, Vorlage, overview (list and matrix), inbox, history, Fassung, diff,
// authorship, print view, accessibility statement, 404, the Verwaltung's pages. Also: German lang,
// a visible focus.
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { signIn, type Person } from './support/session';
import { createVorlage, readVorlage, requestSignOffs, runCommand } from './support/vorlagen';
import { expectSaved, openVorlage, screenshot, typeInto } from './support/vorlage-page';

async function scan(page: Page, path: string, name: string, ready: (page: Page) => Promise<void>) {
  await page.goto(path);
  await ready(page);
  await expectNoSeriousViolations(page, name);
  await screenshot(page, `a11y-${name}`);
}

const h1 = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
};

test('no serious or critical axe violation on any page', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  // Signed out: sign-in page, accessibility statement, 404.
  const anonymous = await browser.newContext({ baseURL });
  const guest = await anonymous.newPage();
  await scan(guest, '/anmelden', 'anmelden', h1('Anmelden'));
  await scan(guest, '/barrierefreiheit', 'barrierefreiheit', h1('Erklärung zur Barrierefreiheit'));
  await scan(guest, '/gibt-es-nicht', 'nicht-gefunden', h1('Seite nicht gefunden'));
  await anonymous.close();

  // A Vorlage with a sign-off on the first Fassung and an edit after it.
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Barrierefreiheit prüfen (axe)',
    leadOfficeId: 'stadtentwicklung',
  });
  const id = created.vorlageId;
  await requestSignOffs(spk, created, ['soziales', 'jugendamt']);
  const first = await readVorlage(spk.context.request, id);
  const signer = await signIn(browser, baseURL, 'soziales.zeichnung');
  await runCommand(signer, id, 'give-sign-off', {
    officeId: 'soziales',
    kind: 'approve',
    fassungHash: first.text.textHash,
  });
  await openVorlage(spk.page, id);
  await typeInto(spk.page, '4. Begründung:', 'Ergänzung für die Prüfung der Barrierefreiheit.');
  await expectSaved(spk.page);
  await expect
    .poll(async () => (await readVorlage(spk.context.request, id)).text.textHash)
    .not.toBe(first.text.textHash);

  // A comment thread (its anchor names no passage: it also shows "Bezugstext gelöscht").
  const comment = await spk.context.request.post(`/api/vorlagen/${id}/kommentare/start-thread`, {
    data: {
      sectionKey: 'justification',
      anchor: { start: 'AQ==', end: 'Ag==' },
      quote: 'Begründung',
      body: 'Ein Kommentar für die Prüfung der Barrierefreiheit.',
    },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(comment.status(), await comment.text()).toBe(200);

  const page = spk.page;
  await scan(page, '/vorlagen', 'vorlagen', h1('Vorlagen'));
  await scan(page, `/vorlagen/${id}`, 'vorlage', async (p) => {
    await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
    await expectSaved(p);
    // The comment panel with a thread, its reply form open, and the new-comment form.
    const comments = p.getByRole('region', { name: 'Kommentare' });
    await comments.getByRole('button', { name: 'Antworten' }).click();
    await expect(comments.getByRole('textbox', { name: 'Antwort' })).toBeVisible();
    await expect(comments).toContainText('Bezugstext gelöscht');
  });
  await scan(page, '/uebersicht', 'uebersicht', h1('Übersicht'));
  await scan(page, '/uebersicht?ansicht=matrix', 'uebersicht-matrix', async (p) => {
    await expect(p.getByRole('table', { name: /Stand der Mitzeichnung je Vorlage/ })).toBeVisible();
  });
  await scan(page, `/vorlagen/${id}/historie`, 'historie', h1(/Historie/));
  await scan(
    page,
    `/vorlagen/${id}/historie/fassung/${first.text.textHash}`,
    'fassung',
    h1(/Fassung/),
  );
  await scan(
    page,
    `/vorlagen/${id}/historie/vergleich?von=${first.text.textHash}&bis=aktuell`,
    'vergleich',
    h1('Vergleich der Fassungen'),
  );
  await scan(page, `/vorlagen/${id}/historie/autoren`, 'autoren', h1('Wer hat was geschrieben?'));
  await scan(page, `/vorlagen/${id}/druck`, 'druck', h1('Druckansicht'));
  await scan(page, '/historie', 'historie-index', h1('Historie'));
  // The sign-off of the Amt für Soziales is veraltet since the edit above.
  await scan(
    signer.page,
    `/vorlagen/${id}/aenderungen/soziales`,
    'aenderungen',
    h1('Änderungen seit Ihrer Mitzeichnung'),
  );
  await scan(
    page,
    `/vorlagen/${id}/veroeffentlichung`,
    'veroeffentlichung',
    h1('Veröffentlichungsfassung'),
  );
  await scan(page, '/postausgang', 'postausgang', h1('Postausgang'));
  await scan(page, '/benachrichtigungen', 'benachrichtigungen', h1('Benachrichtigungen'));

  // The office inbox, as a signer whose office is asked.
  const jugendamt: Person = await signIn(browser, baseURL, 'jugendamt.zeichnung');
  await scan(jugendamt.page, '/eingang', 'eingang', h1('Eingang'));

  // The Verwaltung, as the admin: the account list, one signer's account, the offices.
  const admin = await signIn(browser, baseURL, 'admin');
  await scan(admin.page, '/verwaltung/benutzer', 'verwaltung-benutzer', h1('Benutzer'));
  await scan(
    admin.page,
    `/verwaltung/benutzer/${jugendamt.user.userId}`,
    'verwaltung-konto',
    h1(jugendamt.user.displayName),
  );
  await scan(admin.page, '/verwaltung/aemter', 'verwaltung-aemter', h1('Ämter'));
  await admin.context.close();

  // Visible focus: the first Tab lands on the skip link, which becomes visible with an outline.
  await jugendamt.page.keyboard.press('Tab');
  const skip = jugendamt.page.getByRole('link', { name: 'Zum Inhalt springen' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await skip.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe('none');

  for (const person of [spk, signer, jugendamt]) await person.context.close();
});

test('the feedback form of the accessibility statement validates and confirms in German', async ({
  page,
  baseURL,
}) => {
  await page.goto('/barrierefreiheit');
  const message = page.getByRole('textbox', { name: /Was ist Ihnen aufgefallen/ });
  await message.fill('kurz');
  await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'nicht gesendet' })).toBeVisible();
  await expect(
    page.getByText('Bitte beschreiben Sie das Problem in mindestens 10 Zeichen.'),
  ).toBeVisible();
  await expect(message).toHaveAttribute('aria-invalid', 'true');

  await message.fill(
    'Im Vergleich der Fassungen fehlt mir eine Sprungmarke zum ersten Unterschied.',
  );
  await page.getByRole('textbox', { name: /E-Mail-Adresse/ }).fill('person@example.org');
  await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
  const confirmation = page
    .getByRole('status')
    .filter({ hasText: 'Ihre Rückmeldung ist angekommen.' });
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toBeFocused();
  await expect(confirmation).toContainText('Vorgangsnummer');

  // The API validates with German messages and refuses requests from other origins.
  const origin = new URL(baseURL!).origin;
  const invalid = await page.request.post('/api/feedback', {
    data: { message: 'Eine ausreichend lange Nachricht.', email: 'keine-adresse' },
    headers: { origin },
  });
  expect(invalid.status()).toBe(400);
  expect(JSON.stringify(await invalid.json())).toContain('gültige E-Mail-Adresse');
  const foreign = await page.request.post('/api/feedback', {
    data: { message: 'Eine ausreichend lange Nachricht.' },
    headers: { origin: 'https://example.org' },
  });
  expect(foreign.status()).toBe(403);
});

test('the sign-off plan controls (second stage, scope per office) and the plan view pass axe', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Barrierefreiheit des Mitzeichnungsplans',
    leadOfficeId: 'stadtentwicklung',
  });
  await openVorlage(spk.page, created.vorlageId);
  const procedure = spk.page.getByRole('region', { name: 'Verfahren' });
  await procedure.getByText('Um Mitzeichnung bitten', { exact: true }).click();
  await procedure
    .getByRole('group', { name: 'Ämter', exact: true })
    .getByLabel('Jugendamt', { exact: true })
    .check();
  await procedure.getByText('Umfang der Mitzeichnung Jugendamt: ganze Vorlage').click();
  await procedure.getByLabel('Zweite Stufe (Querschnitt) anschließen').check();
  await expect(procedure.getByRole('group', { name: 'Ämter der zweiten Stufe' })).toBeVisible();
  await expectNoSeriousViolations(spk.page, 'anfrage-mit-stufen');
  await screenshot(spk.page, 'a11y-anfrage-mit-stufen');

  const { text } = await readVorlage(spk.context.request, created.vorlageId, created.position);
  await runCommand(spk, created.vorlageId, 'request-sign-offs', {
    officeIds: ['jugendamt'],
    scopes: { jugendamt: ['legalBasis'] },
    laterStages: [{ name: 'Querschnitt', officeIds: ['se-finanzen'] }],
    period: { unit: 'weeks', amount: 2 },
    deemedGivenPolicy: 'explicitOnly',
    fassungHash: text.textHash,
  });
  await openVorlage(spk.page, created.vorlageId);
  await expect(spk.page.getByRole('list', { name: 'Mitzeichnungsplan' })).toBeVisible();
  await expectNoSeriousViolations(spk.page, 'vorlage-mit-plan');
  await spk.context.close();
});
