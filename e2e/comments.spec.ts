// Comments on passages (issue 18, D-130…D-136), in real Chromium with three people at once: a
// signer of an asked office selects a passage and comments; the lead office sees it live; the SPK
// edits inside and around the passage meanwhile and the highlight still covers it; a reply,
// "Erledigt" and "Wieder öffnen" appear live; a sign-off "mit Anmerkungen" cites the thread and the
// approval view links to it; the lead office marks it as dissent and the block "Verbliebene
// Meinungsverschiedenheiten" lists it (page, print view); deleting the passage leaves the thread as
// "Bezugstext gelöscht"; the
// history lists the comments and verifies their own chain. The API refuses what it must.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { originHeader, signIn } from './support/session';
import {
  answerSignOff,
  approvalOf,
  expectSaved,
  openVorlage,
  sectionEditor,
  sectionText,
  selectText,
  typeInto,
} from './support/vorlage-page';
import { vorlageAskedOf } from './support/vorlagen';

const SECTION = '4. Begründung:';
const PASSAGE = 'Arbeitsgruppe tagt monatlich';
const SENTENCE = `Die ${PASSAGE} im Rathaus.`;
const COMMENT = 'Welche Arbeitsgruppe ist gemeint?';
const REPLY = 'Die AG Planung des Bezirks.';

/** The highlighted passage of a thread in a section's editor (decorations may split it). */
async function highlightedText(page: Page, heading: string): Promise<string> {
  return sectionEditor(page, heading)
    .locator('.comment-highlight')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent).join(''));
}

function commentsPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Kommentare' });
}

function thread(page: Page, authorName: string): Locator {
  return commentsPanel(page)
    .getByRole('listitem', { name: new RegExp(authorName) })
    .first();
}

test('a comment on a passage: live for all, follows concurrent edits, reply, Erledigt, cited in a sign-off, Bezugstext gelöscht', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const created = await vorlageAskedOf(browser, baseURL, {
    title: `Kommentare an Textstellen ${Date.now()}`,
    leadOfficeId: 'stadtentwicklung',
    officeIds: ['jugendamt'],
  });
  const id = created.vorlageId;

  const lead = await signIn(browser, baseURL, 'stadtentwicklung');
  await openVorlage(lead.page, id);
  await typeInto(lead.page, SECTION, ` ${SENTENCE}`);
  await expectSaved(lead.page);

  const signer = await signIn(browser, baseURL, 'jugendamt.zeichnung');
  await openVorlage(signer.page, id);
  await expect(sectionEditor(signer.page, SECTION)).toContainText(SENTENCE);
  const spk = await signIn(browser, baseURL, 'spk');
  await openVorlage(spk.page, id);

  await test.step('the signer selects a passage and comments on it', async () => {
    await selectText(signer.page, SECTION, PASSAGE);
    await signer.page.getByRole('button', { name: 'Kommentieren (Begründung)' }).click();
    const form = commentsPanel(signer.page);
    await expect(form.locator('blockquote').first()).toHaveText(PASSAGE);
    await form.getByRole('textbox', { name: 'Kommentar' }).fill(COMMENT);
    await form.getByRole('button', { name: 'Kommentar speichern' }).click();
    await expect(thread(signer.page, signer.user.displayName)).toContainText(COMMENT);
    await expect.poll(() => highlightedText(signer.page, SECTION)).toBe(PASSAGE);
  });

  await test.step('the lead office sees the comment and its highlight live, without reloading', async () => {
    const item = thread(lead.page, signer.user.displayName);
    await expect(item).toContainText(COMMENT);
    await expect(item).toContainText('Jugendamt');
    await expect(
      commentsPanel(lead.page).getByRole('heading', { name: '4. Begründung' }),
    ).toBeVisible();
    await expect.poll(() => highlightedText(lead.page, SECTION)).toBe(PASSAGE);
  });

  await test.step('the SPK edits inside and before the passage; every highlight still covers it', async () => {
    const editor = sectionEditor(spk.page, SECTION);
    await editor.click();
    await spk.page.keyboard.press('ControlOrMeta+End');
    // The caret after "tagt": left over " monatlich im Rathaus."
    for (let step = 0; step < ' monatlich im Rathaus.'.length; step += 1) {
      await spk.page.keyboard.press('ArrowLeft');
    }
    await spk.page.keyboard.type(' zweimal');
    // And right before the passage ("Die …"), while the lead office types at the end. The caret is
    // placed with the keyboard first; remote edits keep it where it is.
    for (let step = 0; step < 'Die Arbeitsgruppe tagt zweimal'.length; step += 1) {
      await spk.page.keyboard.press('ArrowLeft');
    }
    await Promise.all([
      typeInto(lead.page, SECTION, ' Ende.'),
      spk.page.keyboard.type('Neu: ', { delay: 20 }),
    ]);
    await expectSaved(spk.page);
    const moved = 'Arbeitsgruppe tagt zweimal monatlich';
    for (const page of [signer.page, lead.page, spk.page]) {
      await expect
        .poll(() => sectionText(page, SECTION))
        .toContain(`Neu: Die ${moved} im Rathaus.`);
      await expect.poll(() => highlightedText(page, SECTION)).toBe(moved);
    }
  });

  await test.step('a reply, Erledigt and Wieder öffnen appear live for the others', async () => {
    const item = thread(lead.page, signer.user.displayName);
    await item.getByRole('button', { name: 'Antworten' }).click();
    await item.getByRole('textbox', { name: 'Antwort' }).fill(REPLY);
    await item.getByRole('button', { name: 'Antwort senden' }).click();
    await expect(thread(signer.page, signer.user.displayName)).toContainText(REPLY);
    await expect(thread(signer.page, signer.user.displayName)).toContainText(lead.user.displayName);

    await item.getByRole('button', { name: 'Erledigt' }).click();
    await expect(commentsPanel(signer.page)).toContainText('Noch keine offenen Kommentare.');
    await expect.poll(() => highlightedText(signer.page, SECTION)).toBe('');
    await commentsPanel(signer.page)
      .getByLabel(/Erledigte anzeigen/)
      .check();
    const resolved = thread(signer.page, signer.user.displayName);
    await expect(resolved).toContainText('erledigt');
    await resolved.getByRole('button', { name: 'Wieder öffnen' }).click();
    await expect(
      thread(lead.page, signer.user.displayName).getByRole('button', { name: 'Erledigt' }),
    ).toBeVisible();
  });

  await test.step('a sign-off "mit Anmerkungen" cites the thread; the approval view links to it', async () => {
    const panel = signer.page.getByRole('region', { name: 'Ihre Mitzeichnung' });
    await panel.getByRole('radio', { name: 'Zustimmung mit Anmerkungen', exact: true }).check();
    await panel
      .getByRole('group', { name: 'Kommentare Ihres Amtes zitieren' })
      .getByRole('checkbox', { name: new RegExp(COMMENT) })
      .check();
    await answerSignOff(signer.page, {
      kind: 'Zustimmung mit Anmerkungen',
      remarks: 'Bitte die Arbeitsgruppe benennen (siehe Kommentar).',
    });
    const link = approvalOf(lead.page, 'Jugendamt').getByRole('link', {
      name: /Arbeitsgruppe tagt/,
    });
    await expect(link).toBeVisible();
    await link.click();
    await expect(lead.page).toHaveURL(/#kommentar-[0-9a-f-]{36}$/);
    const target = lead.page.locator(':target');
    await expect(target).toContainText(COMMENT);
    await expect(target).toHaveClass(/comment-thread--active/);
  });

  await test.step('the lead office marks the thread as dissent; the block lists it live and in the print view', async () => {
    await thread(lead.page, signer.user.displayName)
      .getByRole('button', { name: 'Als Meinungsverschiedenheit festhalten' })
      .click();
    // The lead office may not remove another office's disagreement; the thread's office may.
    const own = thread(signer.page, signer.user.displayName);
    await expect(own.getByText('Meinungsverschiedenheit', { exact: true })).toBeVisible();
    await expect(
      own.getByRole('button', { name: 'Meinungsverschiedenheit aufheben' }),
    ).toBeVisible();
    await expect(
      thread(lead.page, signer.user.displayName).getByRole('button', {
        name: 'Meinungsverschiedenheit aufheben',
      }),
    ).toHaveCount(0);
    const block = signer.page.getByRole('region', {
      name: 'Verbliebene Meinungsverschiedenheiten',
    });
    await expect(block).toContainText(
      `Jugendamt zur Textstelle „${PASSAGE}“ (4. Begründung): „${COMMENT}“`,
    );
    await expect(block).toContainText(
      `Als Meinungsverschiedenheit festgehalten von ${lead.user.displayName} – offen`,
    );
    // The new controls (tag, „aufheben“, the block) pass the axe scan.
    await expectNoSeriousViolations(signer.page, 'kommentar-als-meinungsverschiedenheit');
    const print = await spk.context.newPage();
    await print.goto(`/vorlagen/${id}/druck`);
    await expect(
      print.getByRole('region', { name: 'Verbliebene Meinungsverschiedenheiten' }),
    ).toContainText(COMMENT);
    await print.close();
  });

  await test.step('deleting the passage leaves the thread listed as "Bezugstext gelöscht"', async () => {
    await selectText(spk.page, SECTION, 'Arbeitsgruppe tagt zweimal monatlich');
    await spk.page.keyboard.press('Backspace');
    await expectSaved(spk.page);
    for (const page of [lead.page, signer.page]) {
      const item = thread(page, signer.user.displayName);
      await expect(item).toContainText('Bezugstext gelöscht');
      await expect(item).toContainText(COMMENT);
      await expect.poll(() => highlightedText(page, SECTION)).toBe('');
    }
  });

  await test.step('the history lists the comments and verifies their own chain', async () => {
    await spk.page.goto(`/vorlagen/${id}/historie`);
    const section = spk.page.getByRole('region', { name: /Kommentare \(\d+ Ereignisse/ });
    await expect(section).toContainText('Kommentar geschrieben');
    await expect(section).toContainText('Auf Kommentar geantwortet');
    await expect(section).toContainText('Kommentar erledigt');
    await expect(section).toContainText('Kommentar als Meinungsverschiedenheit festgehalten');
    await expect(spk.page.getByTestId('discussion-chain-result')).toContainText(
      'Kette geprüft: unverändert',
    );
  });

  await test.step('the API: auditors and outsiders get 403, bad input 400, and nothing is written', async () => {
    const body = {
      sectionKey: 'justification',
      anchor: { start: 'AQ==', end: 'Ag==' },
      quote: 'x',
      body: 'Kommentar',
    };
    const post = async (login: string, data: unknown) => {
      const person = await signIn(browser, baseURL, login);
      const response = await person.context.request.post(
        `/api/vorlagen/${id}/kommentare/start-thread`,
        { data, headers: originHeader(person) },
      );
      const answer = {
        status: response.status(),
        body: (await response.json()) as { error?: { issues?: { path: string }[] } },
      };
      await person.context.close();
      return answer;
    };
    expect((await post('pruefung', body)).status).toBe(403);
    expect((await post('soziales', body)).status).toBe(403);
    const bad = await post('spk', { ...body, body: '   ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.[0]?.path).toBe('body');
    expect((await post('spk', { ...body, sectionKey: 'coSignedBy' })).status).toBe(400);
    const threads = await spk.context.request.get(`/api/vorlagen/${id}/kommentare`);
    expect(((await threads.json()) as { threads: unknown[] }).threads).toHaveLength(1);
  });
});
