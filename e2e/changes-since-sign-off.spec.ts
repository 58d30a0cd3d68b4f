// "Änderungen seit meiner Mitzeichnung": an office whose approval turned veraltet opens, from its
// sign-off panel or its inbox, the word diff between the Fassung it signed and the current text, with who
// made each inserted and deleted run (two people change one section after the sign-off).
// Another office may not open that office's view.
import { expect, test, type Locator } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { signIn } from './support/session';
import {
  answerSignOff,
  approvalOf,
  expectSaved,
  leadAndSignerOn,
  selectText,
  openVorlage,
  sectionEditor,
  typeInto,
} from './support/vorlage-page';

const YOUTH = { id: 'jugendamt', name: 'Jugendamt' } as const;
const SIGNED = 'Der Spielplatz wird im Sommer eröffnet.';
const ADDED = 'Die Kita-Planung wird in der AG Planung abgestimmt.';

/** Each inserted / deleted run as [kind, its words, who made it], without the spoken markers. */
function attributedRuns(section: Locator) {
  return section.locator('ins, del').evaluateAll((nodes) => {
    const visible = (node: Element | null) =>
      [...(node?.childNodes ?? [])]
        .filter((child) => !(child instanceof HTMLElement && child.matches('.visually-hidden')))
        .map((child) => child.textContent)
        .join('')
        .trim();
    return nodes.map((node) => {
      const label = node.nextElementSibling;
      return [
        node.localName,
        visible(node),
        label?.matches('.diff-author') ? visible(label) : null,
      ];
    });
  });
}

test('a signer whose approval is veraltet sees exactly the words changed since, and who made each', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const title = `Änderungen seit der Mitzeichnung ${Date.now()}`;
  const { created, lead, signer } = await leadAndSignerOn(browser, baseURL, {
    title,
    signerOfficeId: YOUTH.id,
    justification: SIGNED,
  });
  await answerSignOff(signer.page, { kind: 'Zustimmung' });

  // After the sign-off two people change the same section: the lead office adds a sentence, the
  // SPK deletes the word "Sommer".
  await typeInto(lead.page, '4. Begründung:', ` ${ADDED}`);
  await expectSaved(lead.page);
  const spk = await signIn(browser, baseURL, 'spk');
  await openVorlage(spk.page, created.vorlageId);
  const justification = sectionEditor(spk.page, '4. Begründung:');
  await expect(justification).toContainText(ADDED);
  await selectText(spk.page, '4. Begründung:', 'Sommer ');
  await spk.page.keyboard.press('Backspace');
  // Exactly "Sommer " is gone (toContainText would fold a doubled space).
  await expect
    .poll(() => justification.evaluate((element) => element.textContent))
    .toMatch(/wird im[ \u00a0]eröffnet\./);
  await expectSaved(spk.page);

  await expect(approvalOf(signer.page, YOUTH.name)).toContainText('veraltet', { timeout: 20_000 });
  const view = `/vorlagen/${created.vorlageId}/aenderungen/${YOUTH.id}`;
  await expect(
    signer.page.getByRole('link', { name: 'Änderungen seit Ihrer Mitzeichnung ansehen' }),
  ).toHaveAttribute('href', view);
  // The inbox opens the same view.
  await signer.page.goto('/eingang');
  await signer.page
    .getByRole('link', { name: `Änderungen seit Ihrer Mitzeichnung ansehen (${title})` })
    .click();
  await expect(signer.page).toHaveURL(view);
  await expect(
    signer.page.getByRole('heading', { level: 1, name: 'Änderungen seit Ihrer Mitzeichnung' }),
  ).toBeVisible();
  await expect(signer.page.locator('.diff__summary')).toHaveText(
    '1 von 8 Abschnitten geändert: 4. Begründung.',
  );
  const changed = signer.page.locator('.diff__section--changed');
  await expect(changed).toHaveCount(1);
  const runs = await attributedRuns(changed);
  const leadName = expect.stringMatching(new RegExp(`^${lead.user.displayName} \\(`));
  const spkName = expect.stringMatching(new RegExp(`^${spk.user.displayName} \\(`));
  expect(runs).toEqual([
    ['del', 'Sommer', spkName],
    ['ins', ADDED, leadName],
  ]);
  // Spoken too: the author label reads "gelöscht von …" / "eingefügt von …".
  await expect(changed.locator('.diff-author').first()).toContainText(
    `gelöscht von ${spk.user.displayName}`,
  );
  await expect(changed).toContainText(`Geändert von: ${lead.user.displayName}`);
  // Scanned right after the client-side navigation from the inbox (its title once stayed empty
  // there: vercel/next.js#98684, recovered by app/_components/title-recovery.tsx).
  await expect(signer.page).toHaveTitle('Änderungen seit der Mitzeichnung – Vorlagen');
  await expectNoSeriousViolations(signer.page, 'aenderungen-seit-mitzeichnung');

  // The lead office reads the Vorlage, but may not open the Jugendamt's view.
  const response = await lead.page.goto(`/vorlagen/${created.vorlageId}/aenderungen/${YOUTH.id}`);
  expect(response?.status()).toBe(403);
});

test('a deletion the signer proposed after its sign-off and the lead office accepted names both', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const { created, lead, signer } = await leadAndSignerOn(browser, baseURL, {
    title: `Angenommene Streichung ${Date.now()}`,
    signerOfficeId: YOUTH.id,
    justification: SIGNED,
  });
  await answerSignOff(signer.page, { kind: 'Zustimmung' });

  // The signer (proposals only) proposes to strike "Sommer "; the lead office accepts, and the
  // collab server applies that as the lead office's edit.
  await selectText(signer.page, '4. Begründung:', 'Sommer ');
  await signer.page.keyboard.press('Backspace');
  await expect(sectionEditor(signer.page, '4. Begründung:').locator('del')).toContainText('Sommer');
  await expectSaved(signer.page);
  const proposals = lead.page.getByRole('region', { name: /^Änderungsvorschläge/ });
  await proposals.getByRole('button', { name: /^Annehmen: streicht/ }).click();
  await expect(proposals.getByRole('listitem')).toHaveCount(0, { timeout: 20_000 });
  await expect(approvalOf(signer.page, YOUTH.name)).toContainText('veraltet', { timeout: 20_000 });

  await signer.page.goto(`/vorlagen/${created.vorlageId}/aenderungen/${YOUTH.id}`);
  const changed = signer.page.locator('.diff__section--changed');
  await expect(changed).toHaveCount(1);
  expect(await attributedRuns(changed)).toEqual([
    [
      'del',
      'Sommer',
      expect.stringMatching(
        new RegExp(
          `^${signer.user.displayName} \\(.+\\), angenommen von ${lead.user.displayName} \\(`,
        ),
      ),
    ],
  ]);
  await expect(changed.locator('.diff-author')).toContainText(
    `gelöscht von ${signer.user.displayName}`,
  );
});
