// axe-core: no serious or critical WCAG 2.0/2.1 A/AA violation on a page, and German as its language.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // After a client-side navigation Next.js streams the new <title> a few hundred ms after the
  // content (the old one is gone meanwhile): scan once it is there, or axe's document-title rule
  // judges that moment. A title that never comes still fails here (see e2e/page-titles.spec.ts).
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  const report = serious.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join('\n  ')}`,
  );
  expect(report, `axe on ${name}`).toEqual([]);
}
