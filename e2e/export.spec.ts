// Export: the OParl 1.1 Paper of a published Vorlage follows the seed's section structure (1–10,
// section 9 with the BVV number, section 10 from the sign-offs, signature block), its main file's
// checksum covers exactly the served bytes, and the print view renders to a PDF in Chromium.
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signIn, type Person } from './support/session';
import {
  createVorlage,
  futureDate,
  readVorlage,
  requestSignOffs,
  runCommand,
} from './support/vorlagen';
import { screenshot } from './support/vorlage-page';

/** The numbered headings of seed 000, in order (section 9 as published with its BVV number). */
const SEED_SECTIONS = [
  '1. Gegenstand der Vorlage',
  '2. Berichterstatter/in',
  '3. Beschlussentwurf',
  '4. Begründung',
  '5. Rechtsgrundlagen',
  '6. Politik-/Querschnittsfeld',
  '7. Finanzielle Auswirkungen',
  '8. Auswirkungen auf eine nachhaltige Entwicklung',
  '9. Veröffentlichung (BVV-BNr: 471/V)',
  '10. Die Vorlage hat mitgezeichnet',
];

function germanDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}

async function publishedVorlage(spk: Person, signers: Person[], sessionDate: string) {
  const created = await createVorlage(spk, {
    title: 'Einsetzung der AG Planung (Export)',
    leadOfficeId: 'stadtentwicklung',
    rapporteurName: 'Bezirksstadträtin Carolina Böhm',
    targetSessionDate: sessionDate,
  });
  const id = created.vorlageId;
  await requestSignOffs(spk, created, ['soziales', 'jugendamt']);
  const { text } = await readVorlage(spk.context.request, id);
  await runCommand(signers[0]!, id, 'give-sign-off', {
    officeId: 'soziales',
    kind: 'approve',
    fassungHash: text.textHash,
  });
  await runCommand(signers[1]!, id, 'give-sign-off', {
    officeId: 'jugendamt',
    kind: 'approveWithRemarks',
    remarks: 'Jugendhilfeplanung einbeziehen.',
    fassungHash: text.textHash,
  });
  await runCommand(spk, id, 'lock-editing', {});
  await runCommand(spk, id, 'submit-to-session', { sessionDate });
  await runCommand(spk, id, 'record-decision', {
    outcome: 'adopted',
    earlyReason: 'Sitzung vorgezogen',
  });
  return { id, textHash: text.textHash };
}

test('the OParl export of a published Vorlage follows the seed and its checksum holds; the PDF renders', async ({
  browser,
  baseURL,
}) => {
  const sessionDate = futureDate(40);
  const spk = await signIn(browser, baseURL, 'spk');
  const signers = [
    await signIn(browser, baseURL, 'soziales.zeichnung'),
    await signIn(browser, baseURL, 'jugendamt.zeichnung'),
  ];
  const { id, textHash } = await publishedVorlage(spk, signers, sessionDate);

  // Before publication there is no export, with a German reason.
  const early = await spk.context.request.get(`/api/vorlagen/${id}/export`);
  expect(early.status()).toBe(409);
  expect(((await early.json()) as { error: { message: string } }).error.message).toContain(
    'veröffentlicht',
  );

  const published = await runCommand(spk, id, 'publish', { bvvNumber: '471/V' });
  await readVorlage(spk.context.request, id, published.position);

  const response = await spk.context.request.get(`/api/vorlagen/${id}/export`);
  expect(response.status(), await response.text()).toBe(200);
  const paper = (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(paper['type']).toBe('https://schema.oparl.org/1.1/Paper');
  expect(paper['id']).toMatch(new RegExp(`/api/vorlagen/${id}/export$`));
  expect(paper['name']).toBe('Einsetzung der AG Planung (Export)');
  expect(paper['reference']).toBe('471/V');
  expect(paper['date']).toBe(sessionDate);
  expect(paper['paperType']).toBe('Vorlage zur Beschlussfassung');
  expect(paper['underDirectionOf']).toEqual([expect.stringContaining('stadtentwicklung')]);
  expect(paper['consultation'][0]).toMatchObject({
    type: 'https://schema.oparl.org/1.1/Consultation',
    authoritative: true,
  });

  const extension = paper['vorlagen:beschlussvorlage'];
  expect(extension.heading).toBe(
    `Vorlage zur Beschlussfassung für die Bezirksamtssitzung am ${germanDate(sessionDate)}`,
  );
  expect(
    extension.sections.map(
      (section: { number: number; label: string }) => `${section.number}. ${section.label}`,
    ),
  ).toEqual(SEED_SECTIONS);
  const byNumber = (n: number) =>
    extension.sections.find((section: { number: number }) => section.number === n);
  expect(byNumber(1).text).toBe('Einsetzung der AG Planung (Export)');
  expect(byNumber(2).text).toBe('Bezirksstadträtin Carolina Böhm');
  expect(byNumber(9).text).toBe('ja');
  expect(byNumber(10).text).toBe('Jugendamt, Amt für Soziales');
  expect(extension.signature).toEqual({ name: 'Carolina Böhm', title: 'Bezirksstadträtin' });
  expect(extension.fassung.sha256).toBe(textHash);
  expect(extension.decision).toMatchObject({ outcome: 'adopted', sessionDate });
  expect(extension.publication.bvvNumber).toBe('471/V');
  // Public: no Mitzeichnung details (issue 20); they are in the internal export, for audit roles.
  expect(JSON.stringify(paper)).not.toContain('Jugendhilfeplanung einbeziehen.');
  expect(extension.signOffs).toBeUndefined();
  const internalResponse = await spk.context.request.get(`/api/vorlagen/${id}/export/intern`);
  expect(internalResponse.status(), await internalResponse.text()).toBe(200);
  const internal = (await internalResponse.json())['vorlagen:intern'];
  const jugendamt = internal.signOffs.find(
    (signOff: { office: { id: string } }) => signOff.office.id === 'jugendamt',
  );
  expect(jugendamt).toMatchObject({
    kind: 'approvedWithRemarks',
    signer: { name: signers[1]!.user.displayName },
    fassungSha256: textHash,
    onDecidedText: true,
    remarks: 'Jugendhilfeplanung einbeziehen.',
  });
  expect(Date.parse(jugendamt.time)).not.toBeNaN();
  // A signer of an asked office may read the Vorlage but not the internal export.
  expect(
    (await signers[1]!.context.request.get(`/api/vorlagen/${id}/export/intern`)).status(),
  ).toBe(403);

  // The main file: the seed's layout as plain text; its SHA-512 matches the served bytes.
  const mainFile = paper['mainFile'];
  expect(mainFile.mimeType).toBe('text/plain; charset=utf-8');
  const file = await spk.context.request.get(new URL(mainFile.accessUrl).pathname);
  expect(file.status()).toBe(200);
  const bytes = await file.body();
  expect(bytes.byteLength).toBe(mainFile.size);
  expect(createHash('sha512').update(bytes).digest('hex')).toBe(mainFile.sha512Checksum);
  const lines = bytes.toString('utf8').split('\n');
  expect(lines.slice(0, 3)).toEqual([
    'Vorlage',
    'zur Beschlussfassung',
    `für die Bezirksamtssitzung am ${germanDate(sessionDate)}`,
  ]);
  expect(lines.filter((line) => /^\d+\. .+:$/.test(line))).toEqual(
    SEED_SECTIONS.map((section) => `${section}:`),
  );
  expect(lines.filter(Boolean).slice(-2)).toEqual(['Carolina Böhm', 'Bezirksstadträtin']);

  // The print view in the official layout, and as PDF.
  const page = spk.page;
  await page.goto(`/vorlagen/${id}/druck`);
  const sheet = page.getByRole('article', { name: /Vorlage: Einsetzung der AG Planung/ });
  await expect(
    sheet.getByRole('heading', {
      name: `Vorlage zur Beschlussfassung für die Bezirksamtssitzung am ${germanDate(sessionDate)}`,
    }),
  ).toBeVisible();
  for (const heading of SEED_SECTIONS) {
    await expect(sheet.getByRole('heading', { name: `${heading}:`, exact: true })).toBeVisible();
  }
  await expect(sheet).toContainText('Jugendamt, Amt für Soziales');
  await expect(sheet).toContainText('Carolina Böhm');
  await screenshot(page, 'druckansicht');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Drucken oder als PDF speichern' })).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const raw = pdf.toString('latin1');
  expect((raw.match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(1);
  expect(raw).toMatch(/\/Font/);
  expect(pdf.byteLength).toBeGreaterThan(10_000);

  for (const person of [spk, ...signers]) await person.context.close();
});
