// The sign-off form as a first-time signer meets it: no answer is chosen in advance, sending without
// a choice asks for one and records nothing, before the text is shown nothing can be signed, and the
// header's inbox count follows the answer.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import { answerSignOff, approvalOf, openVorlage } from './support/vorlage-page';
import { vorlageAskedOf } from './support/vorlagen';

const YOUTH = { id: 'jugendamt', name: 'Jugendamt' } as const;

test('no answer is pre-selected; sending without one asks for it and records nothing', async ({
  browser,
  baseURL,
}) => {
  const created = await vorlageAskedOf(browser, baseURL, {
    title: 'Keine Vorauswahl',
    leadOfficeId: 'soziales',
    officeIds: [YOUTH.id],
  });
  const signer = await signIn(browser, baseURL, `${YOUTH.id}.zeichnung`);
  await openVorlage(signer.page, created.vorlageId);
  const panel = signer.page.getByRole('region', { name: 'Ihre Mitzeichnung' });
  for (const answer of ['Zustimmung', 'Zustimmung mit Anmerkungen', 'Ablehnung'])
    await expect(panel.getByRole('radio', { name: answer, exact: true })).not.toBeChecked();

  await panel.getByRole('button', { name: 'Mitzeichnung abgeben' }).click();
  await expect(panel.getByText('Bitte wählen Sie Ihre Entscheidung.')).toBeVisible();
  await expect(approvalOf(signer.page, YOUTH.name)).toContainText('offen');

  // The header's inbox badge counts this request, and drops it once answered, without a reload.
  const badge = signer.page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .locator('.count-badge');
  const waiting = Number(await badge.textContent());
  expect(waiting).toBeGreaterThan(0);
  // What the signer signs is named as people name it ("Fassung n vom …"), the hash as detail.
  await expect(panel.getByText(/^Sie zeichnen die Fassung \d+ vom /)).toBeVisible();
  await answerSignOff(signer.page, { kind: 'Zustimmung' });
  await expect(approvalOf(signer.page, YOUTH.name)).toContainText('zugestimmt');
  // The signed Fassung is named as people name it, the hash only as detail.
  await expect(approvalOf(signer.page, YOUTH.name)).toContainText(
    /Fassung \d+ vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr \(Prüfsumme [0-9a-f]{10}\)/,
  );
  await expect(badge).toHaveText(String(waiting - 1));
  // The form is ready for a next answer again, without a choice.
  await expect(panel.getByRole('radio', { name: 'Zustimmung', exact: true })).not.toBeChecked();
  // The focus stays in the panel, on the outcome, instead of falling back to <body>.
  await expect(panel.getByRole('status')).toBeFocused();
  await expect(panel.getByRole('status')).toHaveText('Ihre Mitzeichnung wurde erfasst.');
});

test('before the text is shown, the sign-off cannot be sent', async ({ browser, baseURL }) => {
  const created = await vorlageAskedOf(browser, baseURL, {
    title: 'Text lädt noch',
    leadOfficeId: 'soziales',
    officeIds: [YOUTH.id],
  });
  const signer = await signIn(browser, baseURL, `${YOUTH.id}.zeichnung`);
  // The collab server is unreachable, so the text never arrives in this browser.
  await signer.context.routeWebSocket(/[?&]token=/, (socket) => socket.close());
  await signer.page.goto(`/vorlagen/${created.vorlageId}`);
  const panel = signer.page.getByRole('region', { name: 'Ihre Mitzeichnung' });
  await panel.getByRole('radio', { name: 'Zustimmung', exact: true }).check();
  await expect(panel.getByRole('button', { name: 'Mitzeichnung abgeben' })).toBeDisabled();
  await expect(panel.getByText('Der Text wird noch geladen')).toBeVisible();
});
