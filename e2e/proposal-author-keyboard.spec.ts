// The author of an inline change proposal reaches keyboard and screen-reader users, not only a
// mouse hovering the mark: with the caret inside a proposal the editor names it in a polite
// status line ("Vorschlag von … · Amt: fügt ein „…“") and says where to decide it.
import { expect, test } from '@playwright/test';
import { tabTo } from './support/keyboard';
import {
  expectSaved,
  leadAndSignerOn,
  openVorlage,
  sectionEditor,
  typeInto,
} from './support/vorlage-page';

const YOUTH = { id: 'jugendamt' } as const;
const EXISTING = 'Die Kita wird gebaut.';
const PROPOSED = 'Die Eltern werden beteiligt.';

test('with the keyboard alone, the lead office hears who proposed the text under the caret', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { created, lead, signer } = await leadAndSignerOn(browser, baseURL, {
    title: `Vorschlag per Tastatur ${Date.now()}`,
    signerOfficeId: YOUTH.id,
    justification: EXISTING,
  });
  await typeInto(signer.page, '4. Begründung:', ` ${PROPOSED}`);
  await expectSaved(signer.page);

  // Keyboard only from a fresh page: Tab into the section, move the caret into the proposal.
  await openVorlage(lead.page, created.vorlageId);
  const justification = sectionEditor(lead.page, '4. Begründung:');
  await expect(justification.locator('ins')).toHaveText(` ${PROPOSED}`, { timeout: 20_000 });
  const status = lead.page.locator('.section-editor[data-section="justification"] .proposal-caret');
  await expect(status).toHaveRole('status');
  await expect(status).toHaveText('');
  await tabTo(lead.page, justification);
  await lead.page.keyboard.press('ControlOrMeta+End');
  await lead.page.keyboard.press('ArrowLeft');
  await expect(status).toHaveText(
    new RegExp(
      `^Vorschlag von ${signer.user.displayName} · .+: fügt ein „${PROPOSED.replace('.', '\\.')}“\\. Annehmen oder Ablehnen im Bereich „Änderungsvorschläge“\\.$`,
    ),
  );
  // Out of the proposal, the line falls silent again.
  await lead.page.keyboard.press('ControlOrMeta+Home');
  await expect(status).toHaveText('');
});
