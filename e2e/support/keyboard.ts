// Keyboard-only operation: reach a control with the Tab key alone and check that the focus shows.
import { expect, type Locator, type Page } from '@playwright/test';

const MAX_TAB_STOPS = 300;

/** Presses Tab until `target` has the focus (failing if it never does) and checks the focus is visible. */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  for (let stop = 0; stop < MAX_TAB_STOPS; stop += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      expect(await hasVisibleFocus(target), `visible focus on ${target.toString()}`).toBe(true);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Not reachable with the Tab key: ${target.toString()}`);
}

/** An outline or focus ring on the element, a descendant or a close ancestor. */
function hasVisibleFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const shows = (node: Element) => {
      const style = getComputedStyle(node);
      return (
        (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') ||
        (style.boxShadow !== 'none' && style.boxShadow !== '')
      );
    };
    // Rich editors show the ring on their frame (:focus-within), so ancestors count too.
    const ancestors: Element[] = [];
    for (
      let node = element.parentElement;
      node && ancestors.length < 3;
      node = node.parentElement
    ) {
      ancestors.push(node);
    }
    const outlined = (node: Element) => {
      const style = getComputedStyle(node);
      return style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
    };
    return (
      shows(element) || [...element.querySelectorAll('*')].some(shows) || ancestors.some(outlined)
    );
  });
}
