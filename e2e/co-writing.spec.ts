// Journey 1 — co-writing: three offices in three browser contexts edit different sections at the
// same time; each sees the others' text and carets; after a reload every context shows the same text.
import { expect, test } from '@playwright/test';
import { signIn, type Person } from './support/session';
import { createVorlage, requestSignOffs } from './support/vorlagen';
import {
  caretLabel,
  expectSaved,
  openVorlage,
  screenshot,
  sectionEditor,
  sectionText,
  typeInto,
} from './support/vorlage-page';

const SECTIONS = [
  '4. Begründung:',
  '5. Rechtsgrundlagen:',
  '7. Finanzielle Auswirkungen:',
] as const;

test('three offices write different sections at once and end with the same text', async ({
  browser,
  baseURL,
}) => {
  // Four browser contexts and live collaboration: more than the default budget of one page.
  test.setTimeout(150_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: 'Einsetzung der AG Planung (Journey 1)',
    leadOfficeId: 'stadtentwicklung',
  });
  await requestSignOffs(spk, created, ['jugendamt', 'soziales']);

  const writers: Person[] = [];
  for (const login of ['stadtentwicklung', 'jugendamt', 'soziales'])
    writers.push(await signIn(browser, baseURL, login));
  await Promise.all(writers.map((writer) => openVorlage(writer.page, created.vorlageId)));

  const texts = writers.map(
    (writer, index) => `Beitrag von ${writer.user.officeName} zu Abschnitt ${SECTIONS[index]}`,
  );
  // All three type at the same time, each into their own section.
  await Promise.all(
    writers.map((writer, index) => typeInto(writer.page, SECTIONS[index]!, texts[index]!)),
  );

  for (const [readerIndex, reader] of writers.entries()) {
    for (const [writerIndex, writer] of writers.entries()) {
      await expect(sectionEditor(reader.page, SECTIONS[writerIndex]!)).toContainText(
        texts[writerIndex]!,
      );
      if (readerIndex === writerIndex) continue;
      // The writer's caret (still in their section) shows with name and office.
      await expect(
        caretLabel(reader.page, SECTIONS[writerIndex]!, writer.user.displayName),
      ).toBeVisible();
    }
    await expectSaved(reader.page);
  }
  await screenshot(writers[0]!.page, 'journey-1-co-writing');

  const contents: string[][] = [];
  for (const writer of writers) {
    await writer.page.reload();
    await expectSaved(writer.page);
    const sections: string[] = [];
    for (const section of SECTIONS) {
      const editor = sectionEditor(writer.page, section);
      await expect(editor).toContainText(texts[SECTIONS.indexOf(section)]!);
      sections.push(await sectionText(writer.page, section));
    }
    contents.push(sections);
  }
  expect(contents[1]).toEqual(contents[0]);
  expect(contents[2]).toEqual(contents[0]);

  for (const person of [spk, ...writers]) await person.context.close();
});
