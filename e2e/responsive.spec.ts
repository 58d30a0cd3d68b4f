// Narrow screens (issue 21): at phone, tablet and desktop widths the pages people work in fit the
// viewport — no sideways scrolling (`scrollWidth <= innerWidth`) — and the approval panel sits below
// the text on narrow screens. The print view keeps its A4 layout whatever the screen.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/session';
import {
  caretLabel,
  openNewVorlage,
  openVorlage,
  sectionEditor,
  typeInto,
} from './support/vorlage-page';
import { vorlageAskedOf } from './support/vorlagen';

const WIDTHS = [360, 390, 768, 1366] as const;

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth, culprit } = await page.evaluate(() => {
    const viewport = window.innerWidth;
    // The elements that stick out of the viewport without a scroll container of their own, to
    // make a failure say where to look.
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`;
    const insideScrollContainer = (element: Element) => {
      for (let a = element.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((element) => element.getBoundingClientRect().right > viewport + 0.5)
      .filter((element) => !insideScrollContainer(element))
      .slice(0, 3)
      .map(
        (element) =>
          `${describe(element)} (${Math.round(element.getBoundingClientRect().right)} px)`,
      );
    const culprit = culprits.join(', ');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: viewport,
      culprit: culprit || 'none',
    };
  });
  expect(scrollWidth, `${what}: ${culprit}`).toBeLessThanOrEqual(innerWidth);
}

test('the list, the Vorlage, the overview and the inbox fit 360 to 1366 px without sideways scrolling', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const created = await vorlageAskedOf(browser, baseURL, {
    title:
      'Schmale Bildschirme: Schulwegsicherung mit einem ausgesprochen langen Titel ohne Umbruchstellen',
    leadOfficeId: 'stadtentwicklung',
    officeIds: ['soziales', 'jugendamt', 'umwelt-und-naturschutz'],
  });
  const spk = await signIn(browser, baseURL, 'spk');
  const signer = await signIn(browser, baseURL, 'jugendamt.zeichnung');
  for (const width of WIDTHS) {
    for (const person of [spk, signer]) {
      await person.page.setViewportSize({ width, height: 900 });
      await openVorlage(person.page, created.vorlageId);
      await expectNoSidewaysScroll(person.page, `Vorlage as ${person.user.login} at ${width} px`);
      await person.page.goto('/vorlagen');
      await expectNoSidewaysScroll(person.page, `list as ${person.user.login} at ${width} px`);
    }
    await spk.page.goto('/uebersicht');
    await expectNoSidewaysScroll(spk.page, `overview at ${width} px`);
    await signer.page.goto('/eingang');
    await expectNoSidewaysScroll(signer.page, `inbox at ${width} px`);
  }

  // Narrow: the approval panel comes after the text, not beside it.
  await spk.page.setViewportSize({ width: 390, height: 900 });
  await openVorlage(spk.page, created.vorlageId);
  const sheet = await spk.page.locator('.paper').first().boundingBox();
  const approvals = await spk.page
    .getByRole('heading', { name: 'Mitzeichnungen', level: 2 })
    .boundingBox();
  expect(sheet && approvals && approvals.y > sheet.y + sheet.height - 1).toBe(true);
});

test('a peer’s caret label stays inside the editor on a phone', async ({ browser, baseURL }) => {
  const { person: writer, created } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Cursor-Beschriftung auf schmalen Bildschirmen',
  );
  const reader = await signIn(browser, baseURL, 'spk');
  for (const person of [writer, reader]) {
    await person.page.setViewportSize({ width: 360, height: 800 });
  }
  await openVorlage(reader.page, created.vorlageId);
  // The writer's caret ends a full line, at the editor's right edge.
  await typeInto(
    writer.page,
    '6. Politik-/Querschnittsfeld:',
    'Organisation Prozesse Digitalisierung',
  );
  const label = caretLabel(reader.page, '6. Politik-/Querschnittsfeld:', writer.user.displayName);
  await expect(label).toBeVisible();
  const editor = await sectionEditor(reader.page, '6. Politik-/Querschnittsfeld:').boundingBox();
  const labelBox = await label.boundingBox();
  await expectNoSidewaysScroll(reader.page, 'Vorlage with a peer caret at 360 px');
  expect(labelBox && editor && labelBox.y < editor.y + editor.height).toBe(true);
  await writer.context.close();
  await reader.context.close();
});
