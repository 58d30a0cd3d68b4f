// Journey 3 — audit: an auditor opens a decided Vorlage's history, opens the Fassung an office
// signed (replayed from the text stream and re-hashed), sees the diff to the decided text and the
// verified audit chain; typing in the editor as auditor changes nothing — neither in another
// person's browser nor in the store.
import { expect, test, type Page } from '@playwright/test';
import { signIn, type Person } from './support/session';
import {
  createVorlage,
  futureDate,
  readVorlage,
  requestSignOffs,
  runCommand,
} from './support/vorlagen';
import {
  expectSaved,
  openVorlage,
  screenshot,
  sectionEditor,
  typeInto,
} from './support/vorlage-page';

const JUSTIFICATION = '4. Begründung:';

interface TextState {
  textHash: string;
  updateCount: number;
}

async function textState(person: Person, vorlageId: string): Promise<TextState> {
  const detail = (await readVorlage(person.context.request, vorlageId)) as unknown as {
    text: TextState;
  };
  return { textHash: detail.text.textHash, updateCount: detail.text.updateCount };
}

/** The current text hash the store holds, as the audit API recomputes it from the text stream. */
async function storedTextHash(person: Person, vorlageId: string): Promise<string> {
  const response = await person.context.request.get(`/api/vorlagen/${vorlageId}/fassungen`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { current: { hash: string } }).current.hash;
}

async function tryToType(page: Page, text: string): Promise<void> {
  const editor = sectionEditor(page, JUSTIFICATION);
  await expect(editor).toBeVisible();
  await expect(editor).toHaveAttribute('contenteditable', 'false');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
  await expect(editor).not.toContainText(text);
}

test('Journey 3 — an auditor reviews a decided Vorlage as it was signed, decided and chained', async ({
  browser,
  baseURL,
}) => {
  const sessionDate = futureDate(45);
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Einsetzung der AG Planung (Journey 3)',
    leadOfficeId: 'stadtentwicklung',
    targetSessionDate: sessionDate,
  });
  const id = created.vorlageId;
  await requestSignOffs(spk, created, ['soziales', 'jugendamt']);
  const signed = await textState(spk, id);

  // The Amt für Soziales co-signs the text as it was sent out.
  const soziales = await signIn(browser, baseURL, 'soziales.zeichnung');
  await runCommand(soziales, id, 'give-sign-off', {
    officeId: 'soziales',
    kind: 'approve',
    fassungHash: signed.textHash,
  });

  // The SPK then changes the Begründung in the editor: a new Fassung.
  const added = 'Die AG Planung tagt bei Bedarf auch digital.';
  await openVorlage(spk.page, id);
  await typeInto(spk.page, JUSTIFICATION, added);
  await expectSaved(spk.page);
  // The edit may reach the store in more than one batch: wait until the new hash holds still.
  let previous = signed.textHash;
  await expect
    .poll(
      async () => {
        const current = (await textState(spk, id)).textHash;
        const settled = current !== signed.textHash && current === previous;
        previous = current;
        return settled;
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toBe(true);
  const decidedHash = (await textState(spk, id)).textHash;

  // The Jugendamt signs the changed text; SPK locks, submits over the stale sign-off, records the decision.
  const jugendamt = await signIn(browser, baseURL, 'jugendamt.zeichnung');
  await runCommand(jugendamt, id, 'give-sign-off', {
    officeId: 'jugendamt',
    kind: 'approveWithRemarks',
    remarks: 'Bitte Sitzungsturnus im Protokoll festhalten.',
    fassungHash: decidedHash,
  });
  await runCommand(spk, id, 'lock-editing', {});
  await runCommand(spk, id, 'submit-to-session', {
    sessionDate,
    overrideReason: 'Die Änderung nach der Zeichnung des Sozialamts ist redaktionell.',
  });
  const decision = await runCommand(spk, id, 'record-decision', {
    outcome: 'adopted',
    earlyReason: 'Sitzung vorgezogen',
  });
  await readVorlage(spk.context.request, id, decision.position);

  // The auditor opens the history.
  const auditor = await signIn(browser, baseURL, 'pruefung');
  const page = auditor.page;
  await page.goto(`/vorlagen/${id}/historie`);
  await expect(page.getByRole('heading', { level: 1, name: /Historie/ })).toBeVisible();
  await expect(page.getByTestId('chain-result')).toContainText('Kette geprüft: unverändert');
  const timeline = page.getByRole('list').filter({ hasText: 'Beschluss erfasst' });
  await expect(timeline.getByRole('heading', { name: 'Mitgezeichnet' })).toHaveCount(2);
  await expect(timeline).toContainText('Zur Bezirksamtssitzung eingereicht');
  // Every event names its actor with office and role.
  await expect(timeline).toContainText('Dana Richter · SPK · Rolle: SPK');
  await expect(timeline).toContainText(
    `${soziales.user.displayName} · Amt für Soziales · Rolle: Zeichnung`,
  );
  await screenshot(page, 'journey-3-historie');

  // The Fassung the Amt für Soziales signed: exactly that text, verified by its hash.
  const signedRow = page.getByRole('row').filter({ hasText: 'Zustimmung – Amt für Soziales' });
  await signedRow.getByRole('link', { name: /Text ansehen/ }).click();
  await expect(page).toHaveURL(new RegExp(`/historie/fassung/${signed.textHash}$`));
  await expect(page.getByTestId('fassung-verification')).toContainText(
    'Geprüft: Der Text entspricht genau der Fassung',
  );
  await expect(page.getByText(signed.textHash).first()).toBeVisible();
  const text = page.getByRole('article');
  await expect(text).toContainText('Einsetzung der AG Planung (Journey 3)');
  await expect(text).not.toContainText(added);
  await screenshot(page, 'journey-3-fassung');

  // The diff to the decided text shows the later insertion.
  await page.getByRole('link', { name: 'Mit beschlossener Fassung vergleichen' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Vergleich der Fassungen' }),
  ).toBeVisible();
  await expect(page.getByTestId('diff-verified')).toBeVisible();
  await expect(page.locator('ins')).toContainText([added.split(' ')[0]!]);
  await expect(page.locator('.diff__text').first()).toContainText(added);
  await expect(page.getByText('1 von 8 Abschnitten geändert: 4. Begründung.')).toBeVisible();
  await screenshot(page, 'journey-3-vergleich');

  // Typing in the editor as auditor changes nothing: not here, not for the SPK, not in the store.
  const before = await textState(spk, id);
  const storedBefore = await storedTextHash(auditor, id);
  expect(storedBefore).toBe(decidedHash);
  await page.goto(`/vorlagen/${id}`);
  await tryToType(page, 'Prüfer schreibt hinein');
  await spk.page.goto(`/vorlagen/${id}`);
  await expect(sectionEditor(spk.page, JUSTIFICATION)).toContainText(added);
  await expect(sectionEditor(spk.page, JUSTIFICATION)).not.toContainText('Prüfer schreibt hinein');
  expect(await textState(spk, id)).toEqual(before);
  expect(await storedTextHash(auditor, id)).toBe(storedBefore);

  for (const person of [spk, soziales, jugendamt, auditor]) await person.context.close();
});

test('Journey 3 — an auditor cannot change a Vorlage that is open for editing', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Offene Vorlage (Journey 3, Prüfung tippt)',
    leadOfficeId: 'jugendamt',
  });
  const id = created.vorlageId;
  const before = await textState(spk, id);

  const auditor = await signIn(browser, baseURL, 'pruefung');
  await openVorlage(spk.page, id);
  await auditor.page.goto(`/vorlagen/${id}`);
  await tryToType(auditor.page, 'Prüfer versucht zu schreiben');

  // The SPK, who may edit, sees nothing of it; the store holds the same text.
  await expect(sectionEditor(spk.page, JUSTIFICATION)).not.toContainText(
    'Prüfer versucht zu schreiben',
  );
  await spk.page.reload();
  await expectSaved(spk.page);
  await expect(sectionEditor(spk.page, JUSTIFICATION)).not.toContainText(
    'Prüfer versucht zu schreiben',
  );
  expect(await textState(spk, id)).toEqual(before);
  expect(await storedTextHash(spk, id)).toBe(before.textHash);

  // The history API and page refuse office members.
  const member = await signIn(browser, baseURL, 'jugendamt');
  const refused = await member.context.request.get(`/api/vorlagen/${id}/audit`);
  expect(refused.status()).toBe(403);
  await member.page.goto(`/vorlagen/${id}/historie`);
  await expect(
    member.page.getByRole('heading', { level: 1, name: 'Kein Zugriff auf die Historie' }),
  ).toBeVisible();

  for (const person of [spk, auditor, member]) await person.context.close();
});
