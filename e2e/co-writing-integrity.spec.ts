// Co-writing integrity (issue 13): three offices in three browser contexts click at the end of the
// same field and type at the same moment, 15–30 ms per key, each with characters only it uses. In
// every round — a fresh Vorlage, so the first write into a never-written section is covered — the
// converged text must hold exactly the typed characters (nothing doubled, nothing lost) in every
// context, after a reload, and in the text stream read back from the event store, where every
// character is also attributed to the office that typed it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';
import { signIn, type Person } from './support/session';
import { createVorlage, requestSignOffs } from './support/vorlagen';
import {
  expectSaved,
  openVorlage,
  screenshot,
  sectionText,
  typeInto,
} from './support/vorlage-page';

const FIELDS = [
  { heading: '6. Politik-/Querschnittsfeld:', key: 'policyArea' },
  { heading: '4. Begründung:', key: 'justification' },
] as const;
const ALPHABETS = ['abcdefghij', '0123456789', 'KLMNOPQRST'] as const;
const ROUNDS = 10;
const YJS_TWICE = 'Yjs was already imported';

interface AuthorshipJson {
  authors: { key: number; people: { userId: string }[] }[];
  sections: { section: string; blocks: { runs: { text: string; author: number | null }[] }[] }[];
}

const sorted = (text: string) => [...text.replace(/\s/g, '')].sort().join('');

test('three offices typing at the same spot: every keystroke lands exactly once, attributed to its typist', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const spk = await signIn(browser, baseURL, 'spk');
  const writers: Person[] = [];
  for (const login of ['jugendamt', 'schul-und-sportamt', 'soziales']) {
    writers.push(await signIn(browser, baseURL, login));
  }
  const consoleMessages: string[] = [];
  for (const writer of writers)
    writer.page.on('console', (message) => consoleMessages.push(message.text()));

  for (let round = 0; round < ROUNDS; round += 1) {
    const created = await createVorlage(spk, {
      title: `Gleichzeitiges Schreiben, Runde ${round + 1}`,
      leadOfficeId: 'jugendamt',
    });
    await requestSignOffs(spk, created, ['schul-und-sportamt', 'soziales']);
    await Promise.all(writers.map((writer) => openVorlage(writer.page, created.vorlageId)));

    // Different timings per round and per writer: 15–30 ms per key.
    const delays = writers.map((_, index) => 15 + ((round * 7 + index * 5) % 16));
    for (const field of FIELDS) {
      await Promise.all(
        writers.map((writer, index) =>
          typeInto(writer.page, field.heading, ALPHABETS[index]!, { delay: delays[index]! }),
        ),
      );
    }
    const typed = sorted(ALPHABETS.join(''));
    for (const field of FIELDS) {
      const context = `round ${round + 1}, ${field.heading}, delays ${delays.join('/')}`;
      // Converged: every context shows the same text, holding exactly what was typed.
      await expect
        .poll(async () => sorted(await sectionText(writers[0]!.page, field.heading)), {
          message: context,
          timeout: 20_000,
        })
        .toBe(typed);
      const shown = await sectionText(writers[0]!.page, field.heading);
      for (const writer of writers.slice(1)) {
        await expect
          .poll(() => sectionText(writer.page, field.heading), { message: context })
          .toBe(shown);
      }
    }
    await Promise.all(writers.map((writer) => expectSaved(writer.page)));

    // After a reload, and as stored: the same text, every character by its typist.
    await writers[1]!.page.reload();
    await expectSaved(writers[1]!.page);
    const response = await spk.context.request.get(
      `/api/vorlagen/${encodeURIComponent(created.vorlageId)}/audit/authorship`,
    );
    expect(response.status()).toBe(200);
    const stored = (await response.json()) as AuthorshipJson;
    for (const field of FIELDS) {
      const reloaded = await sectionText(writers[1]!.page, field.heading);
      expect(sorted(reloaded), `round ${round + 1} reload ${field.key}`).toBe(typed);
      const section = stored.sections.find((entry) => entry.section === field.key)!;
      const runs = section.blocks.flatMap((block) => block.runs);
      expect(sorted(runs.map((run) => run.text).join('')), `stored ${field.key}`).toBe(typed);
      for (const run of runs) {
        const people = stored.authors[run.author!]!.people.map((person) => person.userId);
        const typist = writers.findIndex(
          (writer) => people.length === 1 && people[0] === writer.user.userId,
        );
        expect(
          typist,
          `"${run.text}" attributed to ${people.join(' oder ')}`,
        ).toBeGreaterThanOrEqual(0);
        for (const character of run.text) expect(ALPHABETS[typist]).toContain(character);
      }
    }

    if (round === ROUNDS - 1) {
      const page = spk.page;
      await page.goto(`/vorlagen/${encodeURIComponent(created.vorlageId)}/historie/autoren`);
      await expect(
        page.getByRole('heading', { level: 1, name: 'Wer hat was geschrieben?' }),
      ).toBeVisible();
      const legend = page.getByRole('region', { name: 'Legende' });
      for (const writer of writers) await expect(legend).toContainText(writer.user.displayName);
      for (const [index, writer] of writers.entries()) {
        const passages = page.locator(
          `[data-section="policyArea"] mark[data-author="${writer.user.userId}"]`,
        );
        const texts = (await passages.allTextContents()).map((text) =>
          text.replace(/^\[[^\]]*\]\s*/, ''),
        );
        expect(sorted(texts.join(''))).toBe(sorted(ALPHABETS[index]!));
      }
      await screenshot(page, 'co-writing-authorship');
    }
  }

  // Exactly one copy of Yjs in the browser bundle and in the app process.
  expect(consoleMessages.filter((message) => message.includes(YJS_TWICE))).toEqual([]);
  expect(readFileSync(join(E2E_DATA_DIR, 'logs', 'app.log'), 'utf8')).not.toContain(YJS_TWICE);

  for (const person of [spk, ...writers]) await person.context.close();
});
