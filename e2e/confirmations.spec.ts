// Irreversible steps ask once more (issue 21): locking, recording the decision, publishing and
// withdrawing show what will be recorded and record nothing until confirmed; the decision form
// pre-selects no outcome and, before the session date, asks why the decision is recorded now.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import { openVorlage, procedurePanel } from './support/vorlage-page';
import { createVorlage, readVorlage, requestSignOffs, runCommand } from './support/vorlagen';

test('lock, decision, publication and withdrawal are confirmed before anything is recorded', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const page = spk.page;
  const procedure = procedurePanel(page);
  const title = `Bestätigungen vor unumkehrbaren Schritten ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  const id = created.vorlageId;
  // Two offices asked; the Jugendamt approves, the Amt für Soziales never answers.
  await requestSignOffs(spk, created, ['jugendamt', 'soziales']);
  const youth = await signIn(browser, baseURL, 'jugendamt.zeichnung');
  await runCommand(youth, id, 'give-sign-off', {
    officeId: 'jugendamt',
    kind: 'approve',
    fassungHash: (await readVorlage(spk.context.request, id)).text.textHash,
  });
  await youth.context.close();
  const status = async () => (await readVorlage(spk.context.request, id)).vorlage.status;
  await openVorlage(page, id);

  await test.step('locking: "Abbrechen" records nothing and returns the focus', async () => {
    const lock = procedure.getByRole('button', { name: 'Bearbeitung sperren' });
    await lock.click();
    await expect(procedure.getByRole('heading', { name: 'Bitte bestätigen' })).toBeFocused();
    await expect(procedure).toContainText('Der Text wird eingefroren');
    await procedure.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(lock).toBeFocused();
    expect((await readVorlage(spk.context.request, id)).vorlage.editingLocked).toBe(false);
    await lock.click();
    await procedure.getByRole('button', { name: 'Ja, Bearbeitung sperren' }).click();
    await expect(procedure.getByRole('status')).toHaveText('Die Bearbeitung ist gesperrt.');
    // The outcome takes the focus (the confirmation is gone), not <body>.
    await expect(procedure.getByRole('status')).toBeFocused();
  });

  await test.step('the decision: no outcome pre-selected, a reason before the session date', async () => {
    const submitted = await runCommand(spk, id, 'submit-to-session', {
      sessionDate: (await readVorlage(spk.context.request, id)).vorlage.targetSessionDate,
      overrideReason: 'Amt für Soziales hat nicht geantwortet.',
    });
    await readVorlage(spk.context.request, id, submitted.position);
    await page.reload();
    await procedure.getByText('Beschluss erfassen', { exact: true }).click();
    for (const outcome of ['beschlossen', 'zurückgestellt', 'abgelehnt']) {
      await expect(procedure.getByRole('radio', { name: outcome, exact: true })).not.toBeChecked();
    }
    await procedure.getByRole('button', { name: 'Beschluss speichern' }).click();
    await expect(procedure.getByText('Bitte wählen Sie den Beschluss.')).toBeVisible();
    await procedure.getByRole('radio', { name: 'beschlossen', exact: true }).check();
    await procedure.getByRole('button', { name: 'Beschluss speichern' }).click();
    await expect(
      procedure.getByText(/hat noch nicht stattgefunden. Bitte begründen/),
    ).toBeVisible();
    await procedure
      .getByRole('textbox', { name: /Begründung für den Beschluss vor dem Sitzungstermin/ })
      .fill('Sondersitzung am Vortag');
    await procedure.getByRole('button', { name: 'Beschluss speichern' }).click();
    const confirmation = procedure.getByRole('region', { name: 'Bitte bestätigen' });
    await expect(confirmation).toContainText('beschlossen');
    await expect(confirmation).toContainText('Sondersitzung am Vortag');
    expect(await status()).toBe('submitted');
    await confirmation.getByRole('button', { name: 'Ja, Beschluss erfassen' }).click();
    await expect(procedure.getByRole('status')).toHaveText('Beschluss erfasst: beschlossen.');
    expect(await status()).toBe('adopted');
  });

  await test.step('publication is confirmed with its BVV number', async () => {
    await procedure.getByText('Veröffentlichen', { exact: true }).click();
    await procedure.getByRole('textbox', { name: /BVV-Drucksachennummer/ }).fill('512/V');
    await procedure.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    const confirmation = procedure.getByRole('region', { name: 'Bitte bestätigen' });
    await expect(confirmation).toContainText('512/V');
    expect(await status()).toBe('adopted');
    await confirmation.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await expect(procedure.getByRole('status')).toHaveText('Die Vorlage ist veröffentlicht.');
  });

  // Past its sign-off phase the overview shows the final count, not what is "offen" or due.
  await page.goto(`/uebersicht?suche=${encodeURIComponent(title)}`);
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText('1 von 2 gültig · Mitzeichnung abgeschlossen');
  await expect(row).not.toContainText('offen');
  await expect(row).not.toContainText('überfällig');

  // The audit history keeps the reason for the early decision.
  await page.goto(`/vorlagen/${id}/historie`);
  await expect(page.getByText('Sondersitzung am Vortag')).toBeVisible();
  await spk.context.close();
});

test('withdrawing is confirmed with its reason', async ({ browser, baseURL }) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const procedure = procedurePanel(spk.page);
  const created = await createVorlage(spk, {
    title: 'Zurückziehen mit Bestätigung',
    leadOfficeId: 'jugendamt',
  });
  await openVorlage(spk.page, created.vorlageId);
  await procedure.getByText('Vorlage zurückziehen', { exact: true }).click();
  await procedure.getByRole('textbox', { name: 'Begründung' }).fill('Doppelt angelegt');
  await procedure.getByRole('button', { name: 'Endgültig zurückziehen' }).click();
  const confirmation = procedure.getByRole('region', { name: 'Bitte bestätigen' });
  await expect(confirmation).toContainText('Doppelt angelegt');
  expect((await readVorlage(spk.context.request, created.vorlageId)).vorlage.status).toBe(
    'drafting',
  );
  await confirmation.getByRole('button', { name: 'Ja, endgültig zurückziehen' }).click();
  await expect(procedure.getByRole('status')).toHaveText('Die Vorlage wurde zurückgezogen.');
  await spk.context.close();
});
