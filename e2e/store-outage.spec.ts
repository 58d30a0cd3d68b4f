// Issue 14: when the event store stops answering, the editor says "nicht gespeichert" instead of
// "gespeichert"; when it is back, every character typed meanwhile is stored and the status says
// "gespeichert" again — checked through the store. And an office account's update that would
// break the document is refused, while the page keeps rendering.
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { pauseEventStore, storedSectionText } from './support/event-store';
import { originHeader } from './support/session';
import { expectSaved, openNewVorlage, saveStatus, typeInto } from './support/vorlage-page';

const SECTION = '6. Politik-/Querschnittsfeld:';

test('store stopped: "nicht gespeichert"; store back: "gespeichert" with all text stored', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { person: writer, created } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Speicherausfall',
  );
  await typeInto(writer.page, SECTION, 'Stadtentwicklung');
  await expectSaved(writer.page);
  await expect
    .poll(() => storedSectionText(created.vorlageId, 'policyArea'))
    .toBe('Stadtentwicklung');

  const resume = pauseEventStore();
  try {
    await typeInto(writer.page, SECTION, ' und Digitalisierung');
    await expect(saveStatus(writer.page)).toHaveText(/nicht gespeichert/);
  } finally {
    resume();
  }

  await expectSaved(writer.page);
  await expect
    .poll(() => storedSectionText(created.vorlageId, 'policyArea'), { timeout: 20_000 })
    .toBe('Stadtentwicklung und Digitalisierung');
  await writer.context.close();
});

test('the 27-byte Y.Text update of an office account is refused (4422); the page still renders for everyone', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { person: attacker, created } = await openNewVorlage(
    browser,
    baseURL,
    'jugendamt',
    'Angriff auf die Begründung',
  );
  await typeInto(attacker.page, SECTION, 'Jugendhilfe');
  await expectSaved(attacker.page);

  const response = await attacker.context.request.post(
    `/api/vorlagen/${created.vorlageId}/collab-token`,
    { headers: originHeader(attacker), data: {} },
  );
  expect(response.ok()).toBe(true);
  const { token, url } = (await response.json()) as { token: string; url: string };
  const closed = await sendTextUpdate(`${url}/${created.vorlageId}?token=${token}`, baseURL!);
  expect(closed.code).toBe(4422);

  await attacker.page.reload();
  await expect(
    attacker.page.getByRole('heading', { level: 1, name: /Vorlage zur Beschlussfassung/ }),
  ).toBeVisible();
  await expect(attacker.page.getByText('Etwas ist schiefgegangen')).toHaveCount(0);
  await expectSaved(attacker.page);
  await typeInto(attacker.page, SECTION, ' weiter');
  await expectSaved(attacker.page);
  await expect
    .poll(() => storedSectionText(created.vorlageId, 'policyArea'))
    .toBe('Jugendhilfe weiter');
  await attacker.context.close();
});

/** `new Y.Doc(); getText('justification').insert(0, 'x')` as sync step 2, like the attacker. */
function sendTextUpdate(url: string, origin: string): Promise<{ code: number; reason: string }> {
  const doc = new Y.Doc();
  doc.getText('justification').insert(0, 'x');
  const update = Y.encodeStateAsUpdate(doc);
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { origin: new URL(origin).origin } });
    socket.once('message', () => socket.send(new Uint8Array([0, 1, update.length, ...update])));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', () => undefined);
  });
}
