// The Vorlage page as a person uses it: open it, find a section's editor by its heading, type into
// it, and wait for the save status — all through roles and visible text.
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { signIn, type Person } from './session';
import { createVorlage, vorlageAskedOf, type CreatedVorlage } from './vorlagen';

/** "gespeichert" (and not "wird gespeichert …"). */
const SAVED = /(^|\s)gespeichert$/;

export function saveStatus(page: Page): Locator {
  return page.getByTestId('save-status');
}

export async function openVorlage(page: Page, vorlageId: string): Promise<void> {
  await page.goto(`/vorlagen/${encodeURIComponent(vorlageId)}`);
  await expect(
    page.getByRole('heading', { level: 1, name: /Vorlage zur Beschlussfassung/ }),
  ).toBeVisible();
  await expectSaved(page);
}

export async function expectSaved(page: Page): Promise<void> {
  await expect(saveStatus(page)).toHaveText(SAVED, { timeout: 20_000 });
}

/** The editor of a section, named by its heading, e.g. "4. Begründung:". */
export function sectionEditor(page: Page, heading: string): Locator {
  return page.getByRole('textbox', { name: heading, exact: true });
}

/** Places the caret at the end of the section and types like a person (`delay` ms per key). */
export async function typeInto(
  page: Page,
  heading: string,
  text: string,
  options: { delay?: number } = {},
): Promise<void> {
  const editor = sectionEditor(page, heading);
  await expect(editor).toHaveAttribute('contenteditable', 'true');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await editor.pressSequentially(text, options);
}

/** A peer's caret label (name · office) shown inside a section's editor. */
export function caretLabel(page: Page, heading: string, name: string): Locator {
  return sectionEditor(page, heading).getByText(name);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The section's text as stored, without the carets and name labels of other people. */
export async function sectionText(page: Page, heading: string): Promise<string> {
  return sectionEditor(page, heading).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return (copy.textContent ?? '').trim();
  });
}

/** The SPK's / lead office's panel of lifecycle steps. */
export function procedurePanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Verfahren' });
}

/** One asked office in the approval view, by its full name. */
export function approvalOf(page: Page, officeName: string): Locator {
  return page
    .getByRole('list', { name: 'Angefragte Ämter' })
    .getByRole('listitem', { name: officeName, exact: true });
}

/** The signer's panel: give Zustimmung (optionally with remarks) or refuse with a reason. */
export async function answerSignOff(
  page: Page,
  answer:
    | { kind: 'Zustimmung' }
    | { kind: 'Zustimmung mit Anmerkungen'; remarks: string }
    | { kind: 'Ablehnung'; reason: string },
): Promise<void> {
  const panel = page.getByRole('region', { name: 'Ihre Mitzeichnung' });
  await panel.getByRole('radio', { name: answer.kind, exact: true }).check();
  if (answer.kind === 'Zustimmung mit Anmerkungen')
    await panel.getByRole('textbox', { name: 'Anmerkungen' }).fill(answer.remarks);
  if (answer.kind === 'Ablehnung')
    await panel.getByRole('textbox', { name: 'Begründung der Ablehnung' }).fill(answer.reason);
  await panel
    .getByRole('button', {
      name: answer.kind === 'Ablehnung' ? 'Ablehnung abgeben' : 'Mitzeichnung abgeben',
    })
    .click();
  await expect(panel.getByRole('status')).toHaveText(
    answer.kind === 'Ablehnung'
      ? 'Ihre Ablehnung wurde erfasst.'
      : 'Ihre Mitzeichnung wurde erfasst.',
  );
}

/**
 * Signs in the member account of an office, creates a Vorlage that office leads (the account's
 * login is the office id) and opens it in the person's page.
 */
export async function openNewVorlage(
  browser: Browser,
  baseURL: string | undefined,
  officeId: string,
  title: string,
): Promise<{ person: Person; created: CreatedVorlage }> {
  const person = await signIn(browser, baseURL, officeId);
  const created = await createVorlage(person, { title, leadOfficeId: officeId });
  await openVorlage(person.page, created.vorlageId);
  return { person, created };
}

/**
 * The SPK asks an office to co-sign a Vorlage of the Stadtentwicklungsamt, whose member writes
 * `justification` into 4. Begründung; the member and the office's signer are signed in, each on
 * the Vorlage (the signer sees the text).
 */
export async function leadAndSignerOn(
  browser: Browser,
  baseURL: string | undefined,
  input: {
    readonly title: string;
    readonly signerOfficeId: string;
    readonly justification: string;
  },
): Promise<{ created: CreatedVorlage; lead: Person; signer: Person }> {
  const created = await vorlageAskedOf(browser, baseURL, {
    title: input.title,
    leadOfficeId: 'stadtentwicklung',
    officeIds: [input.signerOfficeId],
  });
  const lead = await signIn(browser, baseURL, 'stadtentwicklung');
  await openVorlage(lead.page, created.vorlageId);
  await typeInto(lead.page, '4. Begründung:', input.justification);
  await expectSaved(lead.page);
  const signer = await signIn(browser, baseURL, `${input.signerOfficeId}.zeichnung`);
  await openVorlage(signer.page, created.vorlageId);
  await expect(sectionEditor(signer.page, '4. Begründung:')).toContainText(input.justification);
  return { created, lead, signer };
}

/** Selects `text` in a section's editor the way a mouse drag would (a DOM selection). */
export async function selectText(page: Page, heading: string, text: string): Promise<void> {
  const editor = sectionEditor(page, heading);
  await editor.click();
  await editor.evaluate((element, wanted) => {
    // The text may span several nodes (highlights and carets split it): search their concatenation.
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('.collaboration-carets__caret')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const whole = nodes.map((node) => node.data).join('');
    const at = whole.indexOf(wanted);
    if (at < 0) throw new Error(`text not found: ${wanted}`);
    const locate = (offset: number, preferEnd: boolean): [Text, number] => {
      let seen = 0;
      for (const node of nodes) {
        const end = seen + node.data.length;
        if (offset < end || (preferEnd && offset === end)) return [node, offset - seen];
        seen = end;
      }
      const last = nodes[nodes.length - 1]!;
      return [last, last.data.length];
    };
    const range = document.createRange();
    range.setStart(...locate(at, false));
    range.setEnd(...locate(at + wanted.length, true));
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, text);
}
