// Issue 19, scope (D-150…D-152): the SPK asks two offices through the request form, one of them
// for section 5 only; both approve; an edit in section 4 leaves the scoped office "zugestimmt"
// while the office that signs the whole text turns "veraltet"; section 10 of the print view names
// the scope.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { signIn } from './support/session';
import {
  answerSignOff,
  approvalOf,
  expectSaved,
  openVorlage,
  procedurePanel,
  typeInto,
} from './support/vorlage-page';
import { createVorlage, requestSignOffs } from './support/vorlagen';

const YOUTH = { id: 'jugendamt', name: 'Jugendamt' } as const;
const NATURE = { id: 'umwelt-und-naturschutz', name: 'Umwelt- und Naturschutzamt' } as const;
const OTHER_SECTIONS = [
  '1. Gegenstand der Vorlage',
  '2. Berichterstatter/in',
  '3. Beschlussentwurf',
  '4. Begründung',
  '6. Politik-/Querschnittsfeld',
  '7. Finanzielle Auswirkungen',
  '8. Auswirkungen auf eine nachhaltige Entwicklung',
];

/** Opens an office's scope disclosure in `group` and leaves only the section `keep` checked. */
async function limitScope(group: Locator, officeName: string, keep: string): Promise<void> {
  await group.getByText(`Umfang der Mitzeichnung ${officeName}: ganze Vorlage`).click();
  const scope = group.getByRole('group', { name: `Umfang der Mitzeichnung ${officeName}` });
  for (const section of [...OTHER_SECTIONS, '5. Rechtsgrundlagen'].filter((s) => s !== keep))
    await scope.getByLabel(section).uncheck();
}

/** The lead office adds a sentence to section 4 (Begründung) and waits until it is saved. */
async function editJustification(
  browser: Browser,
  baseURL: string | undefined,
  vorlageId: string,
): Promise<void> {
  const lead = await signIn(browser, baseURL, 'stadtentwicklung');
  await openVorlage(lead.page, vorlageId);
  await typeInto(lead.page, '4. Begründung:', ' Die AG tagt monatlich.');
  await expectSaved(lead.page);
  await lead.context.close();
}

/** The inbox entry of the Vorlage with this title. */
function inboxItem(page: Page, title: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
}

test('an edit outside an office’s scope leaves its approval valid; inside the whole text it turns veraltet', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Mitzeichnung nach Umfang',
    leadOfficeId: 'stadtentwicklung',
  });

  await test.step('the SPK asks the Jugendamt for section 5 only and the Umweltamt for all', async () => {
    await openVorlage(spk.page, created.vorlageId);
    const procedure = procedurePanel(spk.page);
    await procedure.getByText('Um Mitzeichnung bitten', { exact: true }).click();
    const offices = procedure.getByRole('group', { name: 'Ämter' });
    await offices.getByLabel(YOUTH.name, { exact: true }).check();
    await offices.getByLabel(NATURE.name, { exact: true }).check();
    await limitScope(offices, YOUTH.name, '5. Rechtsgrundlagen');
    await expect(
      offices.getByText(`Umfang der Mitzeichnung ${YOUTH.name}: Abschnitt 5 (Rechtsgrundlagen)`),
    ).toBeVisible();
    await procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }).click();
    await expect(procedure.getByRole('status')).toHaveText(
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
    await expect(approvalOf(spk.page, YOUTH.name)).toContainText(
      'UmfangAbschnitt 5 (Rechtsgrundlagen)',
    );
    await expect(approvalOf(spk.page, NATURE.name)).toContainText('Umfangganze Vorlage');
  });

  await test.step('both offices approve', async () => {
    for (const office of [YOUTH, NATURE]) {
      const signer = await signIn(browser, baseURL, `${office.id}.zeichnung`);
      await openVorlage(signer.page, created.vorlageId);
      await answerSignOff(signer.page, { kind: 'Zustimmung' });
      await signer.context.close();
    }
  });

  await test.step('the lead office edits section 4; only the Umweltamt turns veraltet', async () => {
    await editJustification(browser, baseURL, created.vorlageId);
    await expect(approvalOf(spk.page, NATURE.name)).toContainText('veraltet', { timeout: 20_000 });
    await expect(approvalOf(spk.page, YOUTH.name)).toContainText('zugestimmt');
    await expect(approvalOf(spk.page, YOUTH.name)).not.toContainText('veraltet');
  });

  await test.step('section 10 of the print view names the Jugendamt with its scope', async () => {
    await spk.page.goto(`/vorlagen/${created.vorlageId}/druck`);
    const section10 = spk.page
      .locator('.sheet__section')
      .filter({ hasText: '10. Die Vorlage hat mitgezeichnet' });
    await expect(section10).toContainText('Jugendamt (Abschnitt 5 (Rechtsgrundlagen))');
    await expect(section10).not.toContainText(NATURE.name);
  });
});

const FINANCE = { id: 'se-finanzen', name: 'Serviceeinheit Finanzen' } as const;
const SOCIAL = { id: 'soziales', name: 'Amt für Soziales' } as const;

async function approveAs(
  browser: Browser,
  baseURL: string | undefined,
  officeId: string,
  vorlageId: string,
): Promise<void> {
  const signer = await signIn(browser, baseURL, `${officeId}.zeichnung`);
  await openVorlage(signer.page, vorlageId);
  await answerSignOff(signer.page, { kind: 'Zustimmung' });
  await signer.context.close();
}

test('a two-stage plan: stage 2 (Querschnitt) starts by itself once stage 1 is complete', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const title = `Zweistufige Mitzeichnung ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  const procedure = procedurePanel(spk.page);

  await test.step('the SPK asks Jugendamt (section 5), Umweltamt and Soziales, then SE Finanzen (section 7)', async () => {
    await openVorlage(spk.page, created.vorlageId);
    await procedure.getByText('Um Mitzeichnung bitten', { exact: true }).click();
    const offices = procedure.getByRole('group', { name: 'Ämter', exact: true });
    await offices.getByLabel(YOUTH.name, { exact: true }).check();
    await offices.getByLabel(NATURE.name, { exact: true }).check();
    await offices.getByLabel(SOCIAL.name, { exact: true }).check();
    await limitScope(offices, YOUTH.name, '5. Rechtsgrundlagen');

    await procedure.getByLabel('Zweite Stufe (Querschnitt) anschließen').check();
    const stageTwo = procedure.getByRole('group', { name: 'Ämter der zweiten Stufe' });
    // The cross-cutting units are proposed; only SE Finanzen stays.
    await expect(stageTwo.getByLabel(FINANCE.name, { exact: true })).toBeChecked();
    for (const other of [
      'Serviceeinheit Personal',
      'Serviceeinheit Facility Management',
      'Steuerungsdienst (Qualitätsentwicklung, Planung und Koordination)',
      'Rechtsamt',
    ])
      await stageTwo.getByLabel(other, { exact: true }).uncheck();
    await limitScope(stageTwo, FINANCE.name, '7. Finanzielle Auswirkungen');

    await procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }).click();
    await expect(procedure.getByRole('status')).toHaveText(
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
    const plan = spk.page.getByRole('list', { name: 'Mitzeichnungsplan' });
    await expect(plan).toContainText('Stufe 1: Fachämter (läuft)');
    await expect(plan).toContainText('Stufe 2: Querschnitt (wartet auf die vorige Stufe)');
    await expect(approvalOf(spk.page, FINANCE.name)).toHaveCount(0);
  });

  await test.step('Jugendamt and Umweltamt sign; an edit in section 4 turns only the Umweltamt veraltet', async () => {
    await approveAs(browser, baseURL, YOUTH.id, created.vorlageId);
    await approveAs(browser, baseURL, NATURE.id, created.vorlageId);
    await editJustification(browser, baseURL, created.vorlageId);
    await expect(approvalOf(spk.page, NATURE.name)).toContainText('veraltet', { timeout: 20_000 });
    await expect(approvalOf(spk.page, YOUTH.name)).toContainText('zugestimmt');
    await expect(approvalOf(spk.page, YOUTH.name)).not.toContainText('veraltet');
  });

  await test.step('Soziales signs: stage 1 is not complete while the Umweltamt is veraltet', async () => {
    await approveAs(browser, baseURL, SOCIAL.id, created.vorlageId);
    await expect(approvalOf(spk.page, SOCIAL.name)).toContainText('zugestimmt', {
      timeout: 20_000,
    });
    const plan = spk.page.getByRole('list', { name: 'Mitzeichnungsplan' });
    await expect(plan).toContainText('Stufe 1: Fachämter (läuft)');
    await expect(approvalOf(spk.page, FINANCE.name)).toHaveCount(0);
  });

  await test.step('the Umweltamt signs the new text: stage 2 starts by itself', async () => {
    await approveAs(browser, baseURL, NATURE.id, created.vorlageId);
    await expect(approvalOf(spk.page, FINANCE.name)).toContainText('offen', { timeout: 20_000 });
    const plan = spk.page.getByRole('list', { name: 'Mitzeichnungsplan' });
    await expect(plan).toContainText('Stufe 1: Fachämter (abgeschlossen)');
    await expect(plan).toContainText('Stufe 2: Querschnitt (läuft)');
    await expect(approvalOf(spk.page, FINANCE.name)).toContainText(
      'UmfangAbschnitt 7 (Finanzielle Auswirkungen)',
    );
    await expect(approvalOf(spk.page, YOUTH.name)).toContainText('zugestimmt');
  });

  await test.step('the SPK overview names the stage the plan stands at', async () => {
    await spk.page.goto(`/uebersicht?suche=${encodeURIComponent(title)}`);
    const row = spk.page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Stufe 2 von 2 (Querschnitt) läuft');
  });
});

test('a refusal: the Einigungsversuch fails, the dissent goes to the board and the print view lists it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const title = `Meinungsverschiedenheit ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  await requestSignOffs(spk, created, [YOUTH.id, NATURE.id]);
  await approveAs(browser, baseURL, YOUTH.id, created.vorlageId);
  const refuser = await signIn(browser, baseURL, `${NATURE.id}.zeichnung`);
  await openVorlage(refuser.page, created.vorlageId);
  await answerSignOff(refuser.page, { kind: 'Ablehnung', reason: 'Flächenbedarf ungeklärt' });
  await refuser.context.close();

  const lead = await signIn(browser, baseURL, 'stadtentwicklung');
  // D-166: the open dissent waits in the lead office's inbox.
  await lead.page.goto('/eingang');
  await expect(inboxItem(lead.page, title)).toContainText('Meinungsverschiedenheit offen');
  await openVorlage(lead.page, created.vorlageId);
  const form = lead.page.getByRole('form', {
    name: `Einigungsversuch erfassen: ${NATURE.name}`,
  });
  await test.step('the lead office records a failed Einigungsversuch', async () => {
    await form.getByLabel('Datum').fill('2026-05-05');
    await form.getByLabel('Teilnehmende').fill('Stapl (Frau Lenz), UmNat (Herr Kraus)');
    await form.getByLabel('gescheitert').check();
    await form.getByRole('button', { name: 'Einigungsversuch erfassen' }).click();
    await expect(form.getByRole('status')).toHaveText('Der Einigungsversuch wurde erfasst.');
  });
  await test.step('and puts the dissent before the Bezirksamt', async () => {
    await form.getByRole('button', { name: 'Dem Bezirksamt zur Entscheidung vorlegen' }).click();
    const block = lead.page.getByRole('region', { name: 'Verbliebene Meinungsverschiedenheiten' });
    await expect(block).toContainText(`${NATURE.name} lehnt ab: „Flächenbedarf ungeklärt“`);
    await expect(block).toContainText(
      'Einigungsversuch am 05.05.2026 (Teilnehmende: Stapl (Frau Lenz), UmNat (Herr Kraus)): gescheitert',
    );
    await expect(block).toContainText('dem Bezirksamt zur Entscheidung vorgelegt');
    // Before the board, nothing is left for the lead office to do about it.
    await lead.page.goto('/eingang');
    await expect(inboxItem(lead.page, title)).toHaveCount(0);
  });
  await test.step('the print view lists it; the overview counts it', async () => {
    await lead.page.goto(`/vorlagen/${created.vorlageId}/druck`);
    const printed = lead.page.getByRole('region', {
      name: 'Verbliebene Meinungsverschiedenheiten',
    });
    await expect(printed).toContainText(`${NATURE.name} lehnt ab`);
    await expect(printed).toContainText('dem Bezirksamt zur Entscheidung vorgelegt');
    await spk.page.goto(`/uebersicht?suche=${encodeURIComponent(title)}`);
    await expect(spk.page.getByRole('row').filter({ hasText: title })).toContainText(
      '1 offene Meinungsverschiedenheit',
    );
  });
});

test('the Personalrat is involved (Beteiligung) and its Stellungnahme appears in its block', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const title = `Beteiligung des Personalrats ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  await openVorlage(spk.page, created.vorlageId);
  const involve = spk.page.getByRole('form', { name: 'Beschäftigtenvertretungen beteiligen' });
  await involve.getByLabel('Personalrat', { exact: true }).check();
  await involve.getByRole('button', { name: 'Beschäftigtenvertretungen beteiligen' }).click();
  await expect(involve.getByRole('status')).toHaveText('Die Vertretungen wurden beteiligt.');

  const council = await signIn(browser, baseURL, 'personalrat');
  // D-166: the request for a Stellungnahme waits in the Personalrat's inbox until answered.
  await council.page.goto('/eingang');
  await expect(inboxItem(council.page, title)).toContainText('Stellungnahme erbeten');
  await openVorlage(council.page, created.vorlageId);
  const form = council.page.getByRole('form', { name: 'Stellungnahme abgeben' });
  await form.getByLabel('Stellungnahme (Personalrat)').fill('Der Personalrat stimmt zu.');
  await form.getByRole('button', { name: 'Stellungnahme abgeben' }).click();
  await expect(form.getByRole('status')).toHaveText('Ihre Stellungnahme wurde erfasst.');
  await council.page.goto('/eingang');
  await expect(inboxItem(council.page, title)).toHaveCount(0);

  await spk.page.goto(`/vorlagen/${created.vorlageId}/druck`);
  const block = spk.page.getByRole('region', { name: 'Beteiligung der Beschäftigtenvertretungen' });
  await expect(block).toContainText('Personalrat: „Der Personalrat stimmt zu.“');
  await council.context.close();
});

test('Zustimmung unter Vorbehalt: the lead office reports the condition fulfilled, the office confirms', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Zustimmung unter Vorbehalt',
    leadOfficeId: 'stadtentwicklung',
  });
  await requestSignOffs(spk, created, [YOUTH.id]);
  const signer = await signIn(browser, baseURL, `${YOUTH.id}.zeichnung`);
  await openVorlage(signer.page, created.vorlageId);
  const panel = signer.page.getByRole('region', { name: 'Ihre Mitzeichnung' });
  await panel.getByRole('radio', { name: 'Zustimmung unter Vorbehalt', exact: true }).check();
  await panel
    .getByRole('textbox', { name: 'Vorbehalt (Bedingung)' })
    .fill('Kosten in Abschnitt 7.');
  await panel.getByRole('button', { name: 'Mitzeichnung abgeben' }).click();
  await expect(panel.getByRole('status')).toHaveText('Ihre Mitzeichnung wurde erfasst.');

  const lead = await signIn(browser, baseURL, 'stadtentwicklung');
  await openVorlage(lead.page, created.vorlageId);
  const reservations = lead.page.getByRole('region', { name: 'Mitzeichnungsvorbehalte' });
  await reservations.getByRole('button', { name: 'Vorbehalt als erfüllt melden' }).click();
  // The step done, the panel has nothing left for the lead office; the approval view says it.
  await expect(approvalOf(lead.page, YOUTH.name)).toContainText('als erfüllt gemeldet');

  const own = signer.page.getByRole('region', { name: 'Mitzeichnungsvorbehalte' });
  await own.getByRole('button', { name: 'Erfüllung bestätigen' }).click({ timeout: 20_000 });
  await expect(approvalOf(signer.page, YOUTH.name)).toContainText('erfüllt (vom Amt bestätigt)', {
    timeout: 20_000,
  });
  // The audit history (SPK may read it) lists each step as an event.
  await spk.page.goto(`/vorlagen/${created.vorlageId}/historie`);
  for (const step of ['Vorbehalt als erfüllt gemeldet', 'Erfüllung des Vorbehalts bestätigt'])
    await expect(spk.page.getByRole('heading', { name: step })).toBeVisible();
  for (const person of [signer, lead]) await person.context.close();
});
