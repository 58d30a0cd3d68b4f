// Issue 20 — deadlines: the request form offers the standard period with its computed end (§§ 187,
// 188, 193 BGB); an asked office asks for a Fristverlängerung; the SPK grants it and the office's
// deadline moves, in both browsers, without reloading.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import { createVorlage, requestSignOffs } from './support/vorlagen';
import { approvalOf, openVorlage, procedurePanel } from './support/vorlage-page';

const OFFICE = { id: 'jugendamt', name: 'Jugendamt' } as const;

test('standard period with computed end; an office asks for more time and the SPK grants it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Fristen und Fristverlängerung (Journey Fristen)',
    leadOfficeId: 'stadtentwicklung',
  });

  await test.step('the form shows the standard period and its computed end', async () => {
    await openVorlage(spk.page, created.vorlageId);
    const procedure = procedurePanel(spk.page);
    await procedure.getByText('Um Mitzeichnung bitten', { exact: true }).click();
    await expect(procedure.getByLabel('Standardfrist: 2 Wochen')).toBeChecked();
    await expect(
      procedure.getByText(/^Fristende: \w+, \d{2}\.\d{2}\.\d{4}, 24:00 Uhr/),
    ).toBeVisible();
    // A free end date in the past is refused before anything is sent.
    await procedure.getByLabel('Eigenes Fristende').check();
    await procedure.getByLabel('Fristende (24:00 Uhr)').fill('2020-01-01');
    await procedure.getByRole('group', { name: 'Ämter' }).getByLabel(OFFICE.name).check();
    await procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }).click();
    await expect(
      procedure.getByText('Das Fristende darf nicht in der Vergangenheit liegen.'),
    ).toBeVisible();
    await procedure.getByLabel('Standardfrist: 2 Wochen').check();
    await procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }).click();
    await expect(procedure.getByRole('status')).toHaveText(
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
    await expect(approvalOf(spk.page, OFFICE.name)).toContainText('24:00');
  });

  const member = await signIn(browser, baseURL, OFFICE.id);
  await test.step('the office asks for three more days with a reason', async () => {
    await openVorlage(member.page, created.vorlageId);
    const form = member.page.getByRole('form', { name: 'Fristverlängerung beantragen' });
    await form.getByLabel('Verlängerung um').selectOption('3');
    await form.getByRole('button', { name: 'Fristverlängerung beantragen' }).click();
    await expect(
      form.getByText('Bitte begründen Sie die Bitte um Fristverlängerung.'),
    ).toBeVisible();
    await form.getByLabel('Begründung').fill('Stellungnahme des Kinder- und Jugendbeirats');
    await form.getByRole('button', { name: 'Fristverlängerung beantragen' }).click();
    await expect(
      member.page.getByText(/Ihre Bitte um 3 Tage mehr liegt der SPK vor/),
    ).toBeVisible();
  });

  await test.step('the SPK sees the request live and grants it', async () => {
    const requests = spk.page.getByRole('list', { name: 'Offene Bitten um Fristverlängerung' });
    await expect(requests).toContainText('Kinder- und Jugendbeirats');
    await requests.getByRole('button', { name: 'Verlängerung gewähren' }).click();
    await expect(approvalOf(spk.page, OFFICE.name)).toContainText('um 3 Tage gewährt');
    await expect(approvalOf(member.page, OFFICE.name)).toContainText('um 3 Tage gewährt');
  });
});

test('a Vorlage picks a session of the calendar; the overview flags sign-offs that cannot finish in time until the session moves', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const title = `Sitzungskalender ${Date.now()}`;

  await test.step('the new-Vorlage form offers the sessions with their submission deadlines', async () => {
    await spk.page.goto('/vorlagen');
    await spk.page.getByText('Neue Vorlage', { exact: true }).click();
    const form = spk.page.getByRole('form', { name: 'Neue Vorlage anlegen' });
    await form.getByLabel('Gegenstand der Vorlage').fill(title);
    await form.getByLabel('Federführendes Amt').selectOption({ label: 'Stadtentwicklungsamt' });
    await form.getByLabel('Berichterstatter/in').fill('Bezirksstadträtin Carolina Böhm');
    const session = form.getByLabel('Bezirksamtssitzung am');
    await expect(session.locator('option').first()).toHaveText(/Einreichungsschluss/);
    await form.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await expect(spk.page.getByRole('heading', { level: 1 })).toContainText('Vorlage');
  });

  await test.step('two weeks for Jugendamt end after the next session’s submission deadline', async () => {
    const procedure = procedurePanel(spk.page);
    await procedure.getByText('Um Mitzeichnung bitten', { exact: true }).click();
    await procedure.getByRole('group', { name: 'Ämter' }).getByLabel(OFFICE.name).check();
    await procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }).click();
    await expect(procedure.getByRole('status')).toHaveText(
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
    const vorlageUrl = spk.page.url();
    await spk.page.goto('/uebersicht');
    const row = spk.page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('Mitzeichnung nicht rechtzeitig');
    await expect(row).toContainText('Jugendamt');

    await spk.page.goto(vorlageUrl);
    await procedure.getByText('Sitzung ändern', { exact: true }).click();
    const choices = procedure.getByLabel('Neue Sitzung');
    // Five weeks on, the two-week period ends well before the submission deadline.
    await choices.selectOption({ index: 4 });
    await procedure.getByRole('button', { name: 'Neue Sitzung übernehmen' }).click();
    await expect(procedure.getByRole('status')).toContainText('ist jetzt für die Sitzung am');
    await spk.page.goto('/uebersicht');
    await expect(spk.page.getByRole('row').filter({ hasText: title })).not.toContainText(
      'nicht rechtzeitig',
    );
  });
});

test('a request notifies the asked office by e-mail: the Postausgang and the history show it; the office sees its settings', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  // Unique: other specs ask the Amt für Soziales too, so its mails must be told apart by title.
  const title = `Benachrichtigung ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  await requestSignOffs(spk, created, ['soziales']);

  await spk.page.goto('/postausgang');
  const mail = spk.page
    .getByRole('list', { name: 'Benachrichtigungen' })
    .getByRole('listitem')
    .filter({ hasText: 'Bitte um Mitzeichnung an Amt für Soziales' })
    .filter({ hasText: title });
  await expect(async () => {
    await spk.page.reload();
    await expect(mail).toContainText('benachrichtigt', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await mail.getByText(new RegExp(`^Bitte um Mitzeichnung: ${title}`)).click();
  await expect(mail).toContainText(`/vorlagen/${created.vorlageId}`);

  await spk.page.goto(`/vorlagen/${created.vorlageId}/historie`);
  await expect(spk.page.getByRole('region', { name: 'Benachrichtigt (E-Mail)' })).toContainText(
    'Bitte um Mitzeichnung an Amt für Soziales',
  );

  const office = await signIn(browser, baseURL, 'soziales');
  await office.page.goto('/benachrichtigungen');
  await expect(office.page.getByText('soziales@bezirksamt.example')).toBeVisible();
  await expect(office.page.getByText(/5 Arbeitstage und 1 Arbeitstag vor Fristende/)).toBeVisible();
});
