// The rich-text toolbar is one Tab stop (WAI-ARIA toolbar pattern, issue 21): Tab goes from the
// toolbar straight into the text, the arrow keys and Home/End move within it, and coming back
// with Shift+Tab lands on the button used last.
import { expect, test } from '@playwright/test';
import { openNewVorlage, sectionEditor } from './support/vorlage-page';

test('the formatting toolbar costs one Tab stop and is operated with the arrow keys', async ({
  browser,
  baseURL,
}) => {
  const { person } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Symbolleiste mit der Tastatur',
  );
  const page = person.page;
  const toolbar = page.getByRole('toolbar', { name: 'Formatierung Begründung' });
  const button = (name: string) => toolbar.getByRole('button', { name, exact: true });
  const editor = sectionEditor(page, '4. Begründung:');

  await button('Überschrift').focus();
  await page.keyboard.press('Tab');
  await expect(editor).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(button('Überschrift')).toBeFocused();

  await page.keyboard.press('ArrowRight');
  await expect(button('Unterüberschrift')).toBeFocused();
  await page.keyboard.press('End');
  await expect(toolbar.getByRole('button', { name: 'Link' })).toBeFocused(); // undo/redo disabled
  await page.keyboard.press('ArrowRight');
  await expect(button('Überschrift')).toBeFocused(); // wraps around
  await page.keyboard.press('ArrowLeft');
  await expect(toolbar.getByRole('button', { name: 'Link' })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(button('Fett')).toBeFocused();

  // One Tab stop: the next one is the text; back again, the button used last.
  await page.keyboard.press('Tab');
  await expect(editor).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(button('Fett')).toBeFocused();
  expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
  await person.context.close();
});
