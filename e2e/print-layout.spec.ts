// The print/PDF layout (issue 21), checked on Chromium's own PDF, read back with pdf.js: A4 with
// margins on every page, long sections breaking across pages instead of leaving page 1 half
// empty, no page that holds only the footer, the district and lead office in the letterhead, and
// "Seite n von m" on every page.
import { expect, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { signIn } from './support/session';
import { createVorlage } from './support/vorlagen';

/** A4 in PostScript points, and the sheet's margins (20 mm top/right/bottom, 25 mm left). */
const A4 = { width: 595.28, height: 841.89 };
const MM = 72 / 25.4;
const MARGIN = { top: 20 * MM, right: 20 * MM, bottom: 20 * MM, left: 25 * MM };
const FOOTER = /^Seite \d+ von \d+$/;

interface TextLine {
  readonly text: string;
  readonly x: number;
  /** Distance of the baseline from the top edge. */
  readonly top: number;
}

async function printedPages(page: Page): Promise<TextLine[][]> {
  await expect(page.getByRole('article', { name: /^Vorlage: / })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const pages: TextLine[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    const lines: TextLine[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [, , , , x, y] = item.transform as number[];
      lines.push({ text: item.str.trim(), x: x!, top: A4.height - y! });
    }
    pages.push(lines);
  }
  return pages;
}

const body = (lines: readonly TextLine[]) => lines.filter((line) => !FOOTER.test(line.text));
const textOf = (lines: readonly TextLine[]) => lines.map((line) => line.text).join(' ');

function expectLayout(pages: readonly TextLine[][]): void {
  pages.forEach((lines, index) => {
    const where = `page ${index + 1} of ${pages.length}`;
    expect(
      lines.filter((line) => FOOTER.test(line.text)).map((line) => line.text),
      where,
    ).toEqual([`Seite ${index + 1} von ${pages.length}`]);
    expect(body(lines).length, `${where} holds more than the footer`).toBeGreaterThan(0);
    for (const line of body(lines)) {
      expect(line.x, `${where}: "${line.text}" left margin`).toBeGreaterThanOrEqual(
        MARGIN.left - 1,
      );
      expect(line.top, `${where}: "${line.text}" top margin`).toBeGreaterThanOrEqual(
        MARGIN.top - 1,
      );
      expect(line.top, `${where}: "${line.text}" bottom margin`).toBeLessThanOrEqual(
        A4.height - MARGIN.bottom + 1,
      );
    }
  });
}

test('the seeded Vorlage prints on A4 with margins, filled pages and "Seite n von m"', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  await spk.page.goto('/vorlagen/ag-planung-2026/druck');
  const pages = await printedPages(spk.page);

  expect(pages.length).toBeGreaterThanOrEqual(2);
  expectLayout(pages);
  const first = textOf(pages[0]!);
  expect(first).toContain('Bezirksamt Friedrichshain-Kreuzberg von Berlin');
  expect(first).toContain('Sozialraumorientierte Planungskoordination');
  expect(first).toMatch(/Berlin, \d{2}\.\d{2}\.\d{4}/);
  // The long Begründung starts on page 1 and breaks across the page: page 1 is filled to its
  // bottom margin, not left half empty.
  expect(first).toContain('4. Begründung:');
  const lowest = Math.max(...body(pages[0]!).map((line) => line.top));
  expect(lowest).toBeGreaterThan(A4.height - MARGIN.bottom - 60);
  await spk.context.close();
});

test('a short Vorlage prints on one page, with the Fassung line on it', async ({
  browser,
  baseURL,
}) => {
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Kurze Vorlage zum Drucken',
    leadOfficeId: 'jugendamt',
  });
  await spk.page.goto(`/vorlagen/${created.vorlageId}/druck`);
  const pages = await printedPages(spk.page);

  expect(pages.length).toBe(1);
  expectLayout(pages);
  expect(textOf(pages[0]!)).toContain('Jugendamt');
  // The printed text is named as people name it, its hash beside it.
  expect(textOf(pages[0]!)).toMatch(/Fassung 1 vom \d{2}\.\d{2}\.\d{4}/);
  expect(textOf(pages[0]!)).toMatch(/Prüfsumme [0-9a-f]{8}/);
  await spk.context.close();
});
