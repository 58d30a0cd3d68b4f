// Every page keeps its own document title after a client-side (soft) navigation through next/link,
// not only after a full load (WCAG 2.4.2): Vorlage → Historie → Druckansicht → Vorlage → list, and
// inbox → "Änderungen seit der Mitzeichnung" (reported empty after that navigation in 1 of 3 runs).
// Each step waits for the page's h1 and then for "<Seitentitel> – Vorlagen" (toHaveTitle waits);
// what document.title was in the moment the h1 appeared is attached to the report, so a run shows
// whether the title comes a moment late (transient) or not at all.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from './support/session';
import { createVorlage } from './support/vorlagen';
import {
  answerSignOff,
  approvalOf,
  expectSaved,
  leadAndSignerOn,
  openVorlage,
  typeInto,
} from './support/vorlage-page';

/** Records every change of document.title (with the path it belonged to) from the first script on. */
async function recordTitles(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: string[] = [];
    (window as unknown as { titleLog: string[] }).titleLog = log;
    let last: string | null = null;
    const note = () => {
      if (document.title === last) return;
      last = document.title;
      log.push(`${Math.round(performance.now())}ms ${location.pathname} "${document.title}"`);
    };
    new MutationObserver(note).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

/** Clicks a next/link, then expects the page's h1 and its document title. */
async function softNavigate(
  page: Page,
  link: Locator,
  expected: { heading: string | RegExp; title: string },
): Promise<void> {
  await page.evaluate(() => ((window as unknown as { softMarker: boolean }).softMarker = true));
  await link.click();
  let titleAtHeading: string | null = null;
  try {
    await expect(page.getByRole('heading', { level: 1, name: expected.heading })).toBeVisible();
    titleAtHeading = await page.title();
    // Soft: the same JavaScript context survived, so no full load happened.
    expect(
      await page.evaluate(() => (window as unknown as { softMarker?: boolean }).softMarker),
    ).toBe(true);
    await expect(page).toHaveTitle(`${expected.title} – Vorlagen`);
  } finally {
    const log = await page.evaluate(() => (window as unknown as { titleLog: string[] }).titleLog);
    test.info().annotations.push({
      type: 'title',
      description: `${expected.title}: at h1 "${titleAtHeading}"; changes: ${log.slice(-4).join(' | ')}`,
    });
  }
}

test('Vorlage → Historie → Druckansicht → Vorlage → list keep their titles after soft navigation', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const spk = await signIn(browser, baseURL, 'spk');
  await recordTitles(spk.page);
  const title = `Seitentitel ${Date.now()}`;
  const created = await createVorlage(spk, { title, leadOfficeId: 'stadtentwicklung' });
  const main = spk.page.getByRole('main');

  for (let round = 0; round < 3; round += 1) {
    await openVorlage(spk.page, created.vorlageId);
    await expect(spk.page).toHaveTitle('Vorlage – Vorlagen');
    await softNavigate(spk.page, main.getByRole('link', { name: 'Historie', exact: true }), {
      heading: `Historie: ${title}`,
      title: 'Historie',
    });
    await softNavigate(spk.page, main.getByRole('link', { name: 'Druckansicht', exact: true }), {
      heading: 'Druckansicht',
      title: 'Druckansicht',
    });
    await softNavigate(spk.page, main.getByRole('link', { name: title, exact: true }), {
      heading: /Vorlage zur Beschlussfassung/,
      title: 'Vorlage',
    });
    await softNavigate(
      spk.page,
      spk.page
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Vorlagen', exact: true }),
      { heading: 'Vorlagen', title: 'Vorlagen' },
    );
  }
});

test('inbox → "Änderungen seit der Mitzeichnung" and back keep their titles after soft navigation', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const title = `Seitentitel Eingang ${Date.now()}`;
  const { created, lead, signer } = await leadAndSignerOn(browser, baseURL, {
    title,
    signerOfficeId: 'jugendamt',
    justification: 'Der Spielplatz wird im Sommer eröffnet.',
  });
  await answerSignOff(signer.page, { kind: 'Zustimmung' });
  await typeInto(lead.page, '4. Begründung:', ' Die Kita-Planung wird abgestimmt.');
  await expectSaved(lead.page);
  await expect(approvalOf(signer.page, 'Jugendamt')).toContainText('veraltet', {
    timeout: 20_000,
  });

  const page = signer.page;
  await recordTitles(page);
  const changesLink = page.getByRole('link', {
    name: `Änderungen seit Ihrer Mitzeichnung ansehen (${title})`,
  });
  for (let round = 0; round < 3; round += 1) {
    await page.goto('/eingang');
    await expect(page).toHaveTitle('Eingang – Vorlagen');
    await softNavigate(page, changesLink, {
      heading: 'Änderungen seit Ihrer Mitzeichnung',
      title: 'Änderungen seit der Mitzeichnung',
    });
    await expect(page).toHaveURL(`/vorlagen/${created.vorlageId}/aenderungen/jugendamt`);
    await softNavigate(
      page,
      page.getByRole('main').getByRole('link', { name: title, exact: true }),
      {
        heading: /Vorlage zur Beschlussfassung/,
        title: 'Vorlage',
      },
    );
    // And back to the inbox through the site header.
    await softNavigate(
      page,
      page
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: /^Eingang/ }),
      {
        heading: 'Eingang',
        title: 'Eingang',
      },
    );
    await softNavigate(page, changesLink, {
      heading: 'Änderungen seit Ihrer Mitzeichnung',
      title: 'Änderungen seit der Mitzeichnung',
    });
  }
});
