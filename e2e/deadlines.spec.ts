// Issue 20 — deadlines: the request form offers the standard period with its computed end (§§ 187,
// 188, 193 BGB); an asked office asks for a Fristverlängerung; the SPK grants it and the office's
// deadline moves, in both browsers, without reloading.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import { createVorlage } from './support/vorlagen';
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
