// Journey 2 with the keyboard alone: sign in with the form, ask offices for their sign-off, answer
// as signers (approve, refuse with reason), edit the text, lock and try to submit — every control
// reached with Tab, operated with Enter / Space / arrow keys / typing, each with a visible focus.
import { expect, test, type Page } from '@playwright/test';
import { load, tabTo } from './support/keyboard';
import { DEMO_PASSWORD, signIn } from './support/session';
import { createVorlage } from './support/vorlagen';
import {
  approvalOf,
  expectSaved,
  procedurePanel,
  screenshot,
  sectionEditor,
} from './support/vorlage-page';

test('Journey 2 with the keyboard alone: ask, approve, refuse, edit, lock, submission refused', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const setup = await signIn(browser, baseURL, 'spk');
  // Unique per attempt: a retry must not find the first attempt's Vorlage under the same name.
  const title = `Einsetzung der AG Planung (Tastatur ${Date.now()})`;
  const created = await createVorlage(setup, { title, leadOfficeId: 'stadtentwicklung' });
  await setup.context.close();

  await test.step('the SPK signs in with the form and opens the Vorlage', async () => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await load(page, '/anmelden');
    await tabTo(page, page.getByLabel('Benutzername'));
    await page.keyboard.type('spk');
    await tabTo(page, page.getByLabel('Passwort'));
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/vorlagen$/);
    // The list is paged (50 a page, by session date): page on with the keyboard until it shows.
    const link = page.getByRole('link', { name: title });
    for (let pages = 1; !(await link.isVisible()) && pages < 20; pages += 1) {
      await tabTo(page, page.getByRole('link', { name: 'Nächste Seite' }));
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`seite=${pages + 1}`));
    }
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/vorlagen/${created.vorlageId}$`));
    await expectSaved(page);
    spkPage = page;
  });
  const spk = spkPage!;
  const procedure = procedurePanel(spk);

  await test.step('the SPK asks two offices with checkboxes and a button', async () => {
    await tabTo(spk, procedure.getByText('Um Mitzeichnung bitten', { exact: true }));
    await spk.keyboard.press('Enter');
    const offices = procedure.getByRole('group', { name: 'Ämter' });
    for (const name of ['Jugendamt', 'Beauftragte für Klimaschutz']) {
      await tabTo(spk, offices.getByLabel(name, { exact: true }));
      await spk.keyboard.press('Space');
      await expect(offices.getByLabel(name, { exact: true })).toBeChecked();
    }
    await tabTo(spk, procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }));
    await spk.keyboard.press('Enter');
    await expect(procedure.getByRole('status')).toHaveText(
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
  });

  await test.step('the Jugendamt approves from its inbox', async () => {
    const signer = await signIn(browser, baseURL, 'jugendamt.zeichnung');
    const page = signer.page;
    await load(page, '/eingang');
    await tabTo(page, page.getByRole('link', { name: title }));
    await page.keyboard.press('Enter');
    await expectSaved(page);
    const panel = page.getByRole('region', { name: 'Ihre Mitzeichnung' });
    await tabTo(page, panel.getByRole('radio', { name: 'Zustimmung', exact: true }));
    await page.keyboard.press('Space');
    await expect(panel.getByRole('radio', { name: 'Zustimmung', exact: true })).toBeChecked();
    await tabTo(page, panel.getByRole('button', { name: 'Mitzeichnung abgeben' }));
    await page.keyboard.press('Enter');
    await expect(panel.getByRole('status')).toHaveText('Ihre Mitzeichnung wurde erfasst.');
    await signer.context.close();
  });

  await test.step('the Klimaschutz office refuses with a reason, choosing with the arrow keys', async () => {
    const signer = await signIn(browser, baseURL, 'klimaschutz.zeichnung');
    const page = signer.page;
    await load(page, `/vorlagen/${created.vorlageId}`);
    await expectSaved(page);
    const panel = page.getByRole('region', { name: 'Ihre Mitzeichnung' });
    await tabTo(page, panel.getByRole('radio', { name: 'Zustimmung', exact: true }));
    for (let step = 0; step < 3; step += 1) {
      if (await panel.getByRole('radio', { name: 'Ablehnung', exact: true }).isChecked()) break;
      await page.keyboard.press('ArrowDown');
    }
    await expect(panel.getByRole('radio', { name: 'Ablehnung', exact: true })).toBeChecked();
    await tabTo(page, panel.getByRole('textbox', { name: 'Begründung der Ablehnung' }));
    await page.keyboard.type('Klimafolgen fehlen in Abschnitt 8.');
    await tabTo(page, panel.getByRole('button', { name: 'Ablehnung abgeben' }));
    await page.keyboard.press('Enter');
    await expect(panel.getByRole('status')).toHaveText('Ihre Ablehnung wurde erfasst.');
    await signer.context.close();
  });

  await test.step('the SPK sees both answers live', async () => {
    await expect(approvalOf(spk, 'Jugendamt')).toContainText('zugestimmt');
    await expect(approvalOf(spk, 'Beauftragte für Klimaschutz')).toContainText('abgelehnt');
    await expect(approvalOf(spk, 'Beauftragte für Klimaschutz')).toContainText(
      'Klimafolgen fehlen',
    );
  });

  await test.step('the lead office edits the Begründung with the keyboard; the approval turns veraltet', async () => {
    const lead = await signIn(browser, baseURL, 'stadtentwicklung');
    const page = lead.page;
    await load(page, `/vorlagen/${created.vorlageId}`);
    await expectSaved(page);
    await tabTo(page, sectionEditor(page, '4. Begründung:'));
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('Die Klimafolgen werden in Abschnitt 8 ergänzt.');
    await expect(sectionEditor(page, '4. Begründung:')).toContainText('Die Klimafolgen werden');
    await expectSaved(page);
    await expect(approvalOf(spk, 'Jugendamt')).toContainText('veraltet', { timeout: 20_000 });
    await lead.context.close();
  });

  await test.step('the lead office comments on a passage and marks it Erledigt with the keyboard', async () => {
    const lead = await signIn(browser, baseURL, 'stadtentwicklung');
    const page = lead.page;
    await load(page, `/vorlagen/${created.vorlageId}`);
    await expectSaved(page);
    await tabTo(page, sectionEditor(page, '4. Begründung:'));
    await page.keyboard.press('ControlOrMeta+End');
    // Select the passage with Shift+ArrowLeft until it is exactly selected: a step may land on a
    // peer's caret widget (a previous session's caret can linger a moment), so count characters,
    // not key presses.
    const passage = 'Abschnitt 8 ergänzt.';
    const selected = () => page.evaluate(() => window.getSelection()?.toString() ?? '');
    for (let step = 0; step < 2 * passage.length && (await selected()) !== passage; step += 1) {
      await page.keyboard.press('Shift+ArrowLeft');
    }
    expect(await selected()).toBe(passage);
    // Strg+Alt+M: "Kommentieren" on the selected passage; the comment form takes the focus.
    await page.keyboard.press('Control+Alt+KeyM');
    const comments = page.getByRole('region', { name: 'Kommentare' });
    await expect(comments.getByRole('textbox', { name: 'Kommentar' })).toBeFocused();
    await page.keyboard.type('Bitte auf Abschnitt 8 verweisen.');
    await tabTo(page, comments.getByRole('button', { name: 'Kommentar speichern' }));
    await page.keyboard.press('Enter');
    const thread = comments
      .getByRole('listitem')
      .filter({ hasText: 'Bitte auf Abschnitt 8 verweisen.' });
    await expect(thread).toContainText('Abschnitt 8 ergänzt.');
    await tabTo(page, thread.getByRole('button', { name: 'Antworten' }));
    await page.keyboard.press('Enter');
    await expect(thread.getByRole('textbox', { name: 'Antwort' })).toBeFocused();
    await page.keyboard.type('Erledige ich.');
    await tabTo(page, thread.getByRole('button', { name: 'Antwort senden' }));
    await page.keyboard.press('Enter');
    await expect(thread).toContainText('Erledige ich.');
    await tabTo(page, thread.getByRole('button', { name: 'Erledigt' }));
    await page.keyboard.press('Enter');
    await expect(comments).toContainText('Noch keine offenen Kommentare.');
    await lead.context.close();
  });

  await test.step('the SPK locks editing and is told why submission is refused', async () => {
    await tabTo(spk, procedure.getByRole('button', { name: 'Bearbeitung sperren' }));
    await spk.keyboard.press('Enter');
    // The confirmation takes the focus; the next Tab stop confirms.
    await expect(procedure.getByRole('heading', { name: 'Bitte bestätigen' })).toBeFocused();
    await tabTo(spk, procedure.getByRole('button', { name: 'Ja, Bearbeitung sperren' }));
    await spk.keyboard.press('Enter');
    await expect(procedure.getByRole('status')).toHaveText('Die Bearbeitung ist gesperrt.');
    await tabTo(spk, procedure.getByText('In die Bezirksamtssitzung einbringen', { exact: true }));
    await spk.keyboard.press('Enter');
    await tabTo(spk, procedure.getByRole('button', { name: 'Einreichen' }));
    await spk.keyboard.press('Enter');
    await expect(procedure.getByRole('alert')).toContainText('Es fehlen gültige Mitzeichnungen');
    await screenshot(spk, 'keyboard-journey-2');
  });

  await spk.context().close();
});

let spkPage: Page | undefined;

test('the scope of an office and the second stage are set with the keyboard alone', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Umfang und Stufen mit der Tastatur',
    leadOfficeId: 'stadtentwicklung',
  });
  const page = spk.page;
  await load(page, `/vorlagen/${created.vorlageId}`);
  const procedure = procedurePanel(page);
  await tabTo(page, procedure.getByText('Um Mitzeichnung bitten', { exact: true }));
  await page.keyboard.press('Enter');
  const offices = procedure.getByRole('group', { name: 'Ämter', exact: true });
  await tabTo(page, offices.getByLabel('Jugendamt', { exact: true }));
  await page.keyboard.press('Space');
  const summary = offices.getByText('Umfang der Mitzeichnung Jugendamt: ganze Vorlage');
  await tabTo(page, summary);
  await page.keyboard.press('Enter');
  const scope = offices.getByRole('group', { name: 'Umfang der Mitzeichnung Jugendamt' });
  await tabTo(page, scope.getByLabel('4. Begründung'));
  await page.keyboard.press('Space');
  await expect(scope.getByLabel('4. Begründung')).not.toBeChecked();
  await expect(offices.getByText(/Umfang der Mitzeichnung Jugendamt: Abschnitte 1 /)).toBeVisible();

  await tabTo(page, procedure.getByLabel('Zweite Stufe (Querschnitt) anschließen'));
  await page.keyboard.press('Space');
  const stageTwo = procedure.getByRole('group', { name: 'Ämter der zweiten Stufe' });
  await tabTo(page, stageTwo.getByLabel('Rechtsamt', { exact: true }));
  await page.keyboard.press('Space');
  await expect(stageTwo.getByLabel('Rechtsamt', { exact: true })).not.toBeChecked();

  await tabTo(page, procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }));
  await page.keyboard.press('Enter');
  await expect(procedure.getByRole('status')).toHaveText(
    'Die Ämter wurden um Mitzeichnung gebeten.',
  );
  await expect(approvalOf(page, 'Jugendamt')).toContainText(
    'Abschnitte 1 (Gegenstand der Vorlage)',
  );
  await expect(page.getByRole('list', { name: 'Mitzeichnungsplan' })).toContainText(
    'Stufe 2: Querschnitt (wartet auf die vorige Stufe)',
  );
  await spk.context.close();
});
