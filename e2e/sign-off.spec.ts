// Journey 2 — sign-off: the SPK asks four offices; two approve, one refuses with a reason; the
// approval view updates in the SPK's open page without reload; a text change marks the approvals
// veraltet; submission is refused until they approve again.
import { expect, test } from '@playwright/test';
import { signIn, type Person } from './support/session';
import { createVorlage } from './support/vorlagen';
import {
  answerSignOff,
  approvalOf,
  expectSaved,
  openVorlage,
  procedurePanel,
  screenshot,
  typeInto,
} from './support/vorlage-page';

const ASKED = [
  { id: 'jugendamt', name: 'Jugendamt' },
  { id: 'soziales', name: 'Amt für Soziales' },
  { id: 'klimaschutz', name: 'Beauftragte für Klimaschutz' },
  { id: 'umwelt-und-naturschutz', name: 'Umwelt- und Naturschutzamt' },
] as const;
const [youth, social, climate, environment] = ASKED;
const REFUSAL = 'Die Auswirkungen auf den Klimaschutz sind in Abschnitt 8 nicht dargestellt.';

test('SPK follows sign-offs live; a text change makes approvals stale and blocks submission', async ({
  browser,
  baseURL,
}) => {
  // Six browser contexts and several live round trips.
  test.setTimeout(180_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Einsetzung der AG Planung (Journey 2)',
    leadOfficeId: 'stadtentwicklung',
  });

  await test.step('the SPK asks four offices through the form', async () => {
    await openVorlage(spk.page, created.vorlageId);
    const procedure = procedurePanel(spk.page);
    await procedure.getByText('Um Mitzeichnung bitten', { exact: true }).click();
    const offices = procedure.getByRole('group', { name: 'Ämter' });
    for (const office of ASKED) await offices.getByLabel(office.name, { exact: true }).check();
    await procedure.getByRole('button', { name: 'Mitzeichnung anfordern' }).click();
    await expect(procedure.getByRole('status')).toHaveText(
      'Die Ämter wurden um Mitzeichnung gebeten.',
    );
    for (const office of ASKED)
      await expect(approvalOf(spk.page, office.name)).toContainText('offen');
    // Sent: the form closes instead of staying open with its boxes ticked; the outcome has the focus.
    await expect(offices).toBeHidden();
    await expect(procedure.getByRole('status')).toBeFocused();
  });

  const signers = new Map<string, Person>();
  for (const office of ASKED) {
    const signer = await signIn(browser, baseURL, `${office.id}.zeichnung`);
    await openVorlage(signer.page, created.vorlageId);
    signers.set(office.id, signer);
  }
  const signer = (id: string): Person => signers.get(id)!;

  await test.step('two approve, one refuses — the SPK sees it without reloading', async () => {
    await answerSignOff(signer(youth.id).page, { kind: 'Zustimmung' });
    await answerSignOff(signer(social.id).page, {
      kind: 'Zustimmung mit Anmerkungen',
      remarks: 'Bitte die Kita-Planung in der Begründung erwähnen.',
    });
    await answerSignOff(signer(climate.id).page, { kind: 'Ablehnung', reason: REFUSAL });

    await expect(approvalOf(spk.page, youth.name)).toContainText('zugestimmt');
    await expect(approvalOf(spk.page, youth.name)).toContainText(signer(youth.id).user.displayName);
    await expect(approvalOf(spk.page, social.name)).toContainText('zugestimmt mit Anmerkungen');
    await expect(approvalOf(spk.page, social.name)).toContainText('Kita-Planung');
    await expect(approvalOf(spk.page, climate.name)).toContainText('abgelehnt');
    await expect(approvalOf(spk.page, climate.name)).toContainText(REFUSAL);
    await expect(approvalOf(spk.page, environment.name)).toContainText('offen');
    await expect(spk.page.getByText('2 von 4 zugestimmt · 1 abgelehnt')).toBeVisible();
  });

  await test.step('a text change by the lead office marks the approvals veraltet', async () => {
    const lead = await signIn(browser, baseURL, 'stadtentwicklung');
    await openVorlage(lead.page, created.vorlageId);
    await typeInto(
      lead.page,
      '4. Begründung:',
      ' Die Kita-Planung wird in der AG Planung abgestimmt.',
    );
    await expectSaved(lead.page);
    for (const office of [youth, social]) {
      await expect(approvalOf(spk.page, office.name)).toContainText('veraltet', {
        timeout: 20_000,
      });
      await expect(approvalOf(spk.page, office.name)).toContainText('Begründung');
    }
    await expect(approvalOf(spk.page, youth.name)).toContainText('Stadtentwicklungsamt');
    await screenshot(spk.page, 'journey-2-approval-view');
    await lead.context.close();
  });

  const procedure = procedurePanel(spk.page);
  await test.step('submission is refused while sign-offs are stale, refused or missing', async () => {
    await procedure.getByRole('button', { name: 'Bearbeitung sperren' }).click();
    await procedure.getByRole('button', { name: 'Ja, Bearbeitung sperren' }).click();
    await expect(procedure.getByRole('status')).toHaveText('Die Bearbeitung ist gesperrt.');
    await procedure.getByText('In die Bezirksamtssitzung einbringen', { exact: true }).click();
    await procedure.getByRole('button', { name: 'Einreichen' }).click();
    await expect(procedure.getByRole('alert')).toContainText('Es fehlen gültige Mitzeichnungen');
    await expect(spk.page.getByRole('heading', { level: 1 })).toBeVisible();
  });

  await test.step('after every office approves the locked text, submission succeeds', async () => {
    for (const office of ASKED) {
      const page = signer(office.id).page;
      // The signer's page learns of the lock live; the text they sign is the locked Fassung.
      await expect(
        page.getByText('Die Bearbeitung ist gesperrt', { exact: false }).first(),
      ).toBeVisible();
      await answerSignOff(page, { kind: 'Zustimmung' });
    }
    for (const office of ASKED)
      await expect(approvalOf(spk.page, office.name)).toContainText('zugestimmt');
    await expect(spk.page.getByText('4 von 4 zugestimmt')).toBeVisible();
    await procedure.getByRole('button', { name: 'Einreichen' }).click();
    await expect(procedure.getByRole('status')).toContainText('eingereicht');
    await expect(spk.page.getByText('eingereicht', { exact: true }).first()).toBeVisible();
  });

  for (const person of [spk, ...signers.values()]) await person.context.close();
});
