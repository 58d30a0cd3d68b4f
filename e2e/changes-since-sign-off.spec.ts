// "Änderungen seit meiner Mitzeichnung": an office whose approval turned veraltet opens, from its
// sign-off panel, the word diff between the Fassung it signed and the current text, with who
// changed it. Another office may not open that office's view.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import {
  answerSignOff,
  approvalOf,
  expectSaved,
  openVorlage,
  typeInto,
} from './support/vorlage-page';
import { vorlageAskedOf } from './support/vorlagen';

const YOUTH = { id: 'jugendamt', name: 'Jugendamt' } as const;
const ADDED = 'Die Kita-Planung wird in der AG Planung abgestimmt.';

test('a signer whose approval is veraltet sees exactly the words changed since, and by whom', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const created = await vorlageAskedOf(browser, baseURL, {
    title: 'Änderungen seit der Mitzeichnung',
    leadOfficeId: 'stadtentwicklung',
    officeIds: [YOUTH.id],
  });
  const signer = await signIn(browser, baseURL, `${YOUTH.id}.zeichnung`);
  await openVorlage(signer.page, created.vorlageId);
  await answerSignOff(signer.page, { kind: 'Zustimmung' });

  const lead = await signIn(browser, baseURL, 'stadtentwicklung');
  await openVorlage(lead.page, created.vorlageId);
  await typeInto(lead.page, '4. Begründung:', ` ${ADDED}`);
  await expectSaved(lead.page);

  await expect(approvalOf(signer.page, YOUTH.name)).toContainText('veraltet', { timeout: 20_000 });
  await signer.page
    .getByRole('link', { name: 'Änderungen seit Ihrer Mitzeichnung ansehen' })
    .click();
  await expect(
    signer.page.getByRole('heading', { level: 1, name: 'Änderungen seit Ihrer Mitzeichnung' }),
  ).toBeVisible();
  await expect(signer.page.locator('.diff__summary')).toHaveText(
    '1 von 8 Abschnitten geändert: 4. Begründung.',
  );
  const changed = signer.page.locator('.diff__section--changed');
  await expect(changed).toHaveCount(1);
  await expect(changed.locator('del')).toHaveCount(0);
  const inserted = await changed.locator('ins').evaluateAll((nodes) =>
    nodes.map((node) =>
      [...node.childNodes]
        .filter((child) => !(child instanceof HTMLElement && child.matches('.visually-hidden')))
        .map((child) => child.textContent)
        .join(''),
    ),
  );
  expect(inserted.join('').trim()).toBe(ADDED);
  await expect(changed).toContainText(`Geändert von: ${lead.user.displayName}`);

  // The lead office reads the Vorlage, but may not open the Jugendamt's view.
  const response = await lead.page.goto(`/vorlagen/${created.vorlageId}/aenderungen/${YOUTH.id}`);
  expect(response?.status()).toBe(403);
});
