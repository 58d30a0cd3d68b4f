// Offline editing: with the collab server unreachable, edits stay in the browser (IndexedDB), the
// status says once they are stored on this device ("offline – auf diesem Gerät gespeichert, wird
// nachgetragen"), they survive a reload, and they reach everyone on reconnect.
import { expect, test } from '@playwright/test';
import { signIn } from './support/session';
import {
  expectSaved,
  openNewVorlage,
  openVorlage,
  saveStatus,
  sectionEditor,
  sectionText,
  typeInto,
} from './support/vorlage-page';

const SECTION = '6. Politik-/Querschnittsfeld:';
const OFFLINE_TEXT = 'Organisation, Prozesse, Digitalisierung';

test('edits made offline survive a reload and merge on reconnect', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { person: writer, created } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Offline-Bearbeitung',
  );

  // The collab server becomes unreachable: every new WebSocket is closed at once, until
  // `reachable` is set again (then sockets pass through to the real server).
  let reachable = false;
  await writer.context.routeWebSocket(/[?&]token=/, (socket) => {
    if (reachable) socket.connectToServer();
    else void socket.close();
  });
  await writer.page.reload();
  await expect(saveStatus(writer.page)).toHaveText(/offline – auf diesem Gerät gespeichert/);
  await typeInto(writer.page, SECTION, OFFLINE_TEXT);
  // Reloading is safe once the status says the edits are stored on this device.
  await expect(saveStatus(writer.page)).toHaveText(
    /offline – auf diesem Gerät gespeichert, wird nachgetragen/,
  );

  await writer.page.reload();
  await expect(sectionEditor(writer.page, SECTION)).toHaveText(OFFLINE_TEXT);
  await expect(saveStatus(writer.page)).toHaveText(/offline/);

  reachable = true;
  await expectSaved(writer.page);

  const reader = await signIn(browser, baseURL, 'spk');
  await openVorlage(reader.page, created.vorlageId);
  await expect(sectionEditor(reader.page, SECTION)).toContainText(OFFLINE_TEXT);
  expect(await sectionText(reader.page, SECTION)).toBe(OFFLINE_TEXT);

  await writer.context.close();
  await reader.context.close();
});

test('offline, the page does not claim who else has the Vorlage open', async ({
  browser,
  baseURL,
}) => {
  const { person: writer, created } = await openNewVorlage(
    browser,
    baseURL,
    'stadtentwicklung',
    'Anwesenheit offline',
  );
  const reader = await signIn(browser, baseURL, 'spk');
  await openVorlage(reader.page, created.vorlageId);
  const presence = writer.page.getByRole('list', { name: 'Ebenfalls geöffnet' });
  await expect(presence).toContainText(reader.user.displayName);

  await writer.context.setOffline(true);
  await expect(saveStatus(writer.page)).toHaveText(/offline/, { timeout: 20_000 });
  await expect(presence).toBeHidden();

  await writer.context.setOffline(false);
  await expectSaved(writer.page);
  await expect(presence).toContainText(reader.user.displayName);
  await writer.context.close();
  await reader.context.close();
});
