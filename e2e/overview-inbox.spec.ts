// The SPK's overview and the office inbox: the list and the matrix update live when an office
// signs; an office past its deadline is marked "überfällig" in text; the inbox lists what waits for
// the office by deadline and the navigation shows its count; other roles get a German refusal.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import { createVorlage, readVorlage, runCommand } from './support/vorlagen';
import { screenshot } from './support/vorlage-page';

test('the overview follows sign-offs live, marks overdue offices and the inbox counts what waits', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const title = `Übersicht live ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  const id = created.vorlageId;
  const { text } = await readVorlage(spk.context.request, id, created.position);
  // A deadline a few seconds ahead, so the test can watch it pass.
  const deadline = new Date(Date.now() + 4000).toISOString();
  const asked = await runCommand(spk, id, 'request-sign-offs', {
    officeIds: ['jugendamt', 'soziales'],
    deadline,
    deemedGivenPolicy: 'explicitOnly',
    fassungHash: text.textHash,
  });
  await readVorlage(spk.context.request, id, asked.position);

  // The inbox of the Jugendamt lists the Vorlage; the navigation counts it.
  const signer = await signIn(browser, baseURL, 'jugendamt.zeichnung');
  await signer.page.goto('/eingang');
  await expect(signer.page.getByRole('heading', { level: 1, name: 'Eingang' })).toBeVisible();
  const item = signer.page.getByRole('listitem').filter({ hasText: title });
  await expect(item).toContainText('Ihre Mitzeichnung wird erbeten.');
  const inboxLink = signer.page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: /Eingang/ });
  const countBefore = Number((await inboxLink.textContent())?.replace(/\D/g, '') || '0');
  expect(countBefore).toBeGreaterThanOrEqual(1);

  // Once the deadline has passed, the overview marks both offices overdue — in words.
  await expect
    .poll(async () => {
      await spk.page.goto(`/uebersicht?suche=${encodeURIComponent(title)}`);
      return spk.page.getByRole('row').filter({ hasText: title }).textContent();
    })
    .toContain('überfällig');
  const row = spk.page.getByRole('row').filter({ hasText: title });
  const overdueOffices = row.getByRole('list', { name: /Überfällige Ämter/ });
  await expect(overdueOffices).toContainText('Jugendamt');
  // Office and deadline read as two words, not "JugendamtFrist war …".
  await expect(overdueOffices).toContainText(/Jugendamt Frist war/);
  await expect(row).toContainText('0 von 2 gültig');
  await signer.page.reload();
  await expect(signer.page.getByRole('listitem').filter({ hasText: title })).toContainText(
    'überfällig',
  );

  // The matrix, live: the Jugendamt signs and the SPK's open page changes without reload.
  await spk.page.goto(`/uebersicht?ansicht=matrix&suche=${encodeURIComponent(title)}`);
  const matrix = spk.page.getByRole('table', { name: /Stand der Mitzeichnung je Vorlage/ });
  const matrixRow = matrix.getByRole('row').filter({ hasText: title });
  await expect(matrixRow).toContainText('offen, überfällig');
  await expect(spk.page.getByText('Live: aktualisiert sich selbst')).toBeVisible();
  await runCommand(signer, id, 'give-sign-off', {
    officeId: 'jugendamt',
    kind: 'approve',
    fassungHash: text.textHash,
  });
  await expect(matrixRow).toContainText('zugestimmt');
  await expect(matrixRow).toContainText('offen, überfällig');
  await screenshot(spk.page, 'uebersicht-matrix');

  // The signer's inbox no longer lists it, and the count went down.
  await signer.page.reload();
  await expect(signer.page.getByRole('listitem').filter({ hasText: title })).toHaveCount(0);
  const countAfter = Number((await inboxLink.textContent())?.replace(/\D/g, '') || '0');
  expect(countAfter).toBe(countBefore - 1);

  // Office roles get a German refusal for the overview; the SPK gets none for an inbox.
  await signer.page.goto('/uebersicht');
  await expect(
    signer.page.getByRole('heading', { level: 1, name: 'Kein Zugriff auf die Übersicht' }),
  ).toBeVisible();
  await spk.page.goto('/eingang');
  await expect(
    spk.page.getByRole('heading', { level: 1, name: 'Kein Eingang für Ihre Rolle' }),
  ).toBeVisible();

  for (const person of [spk, signer]) await person.context.close();
});
