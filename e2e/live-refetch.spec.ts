// The acting tab fetches the Vorlage's view once per own command, whichever arrives first: the
// command's answer or the change announcement of the same command over the change stream.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/session';
import { answerSignOff, approvalOf, openVorlage } from './support/vorlage-page';
import { vorlageAskedOf } from './support/vorlagen';

const YOUTH = { id: 'jugendamt', name: 'Jugendamt' } as const;

/** Counts GET requests for the Vorlage's view from now on. */
function countViewFetches(page: Page, vorlageId: string): () => number {
  let count = 0;
  const path = `/api/vorlagen/${vorlageId}`;
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === path) count++;
  });
  return () => count;
}

for (const order of ['answer first', 'announcement first'] as const) {
  test(`the acting tab refetches once per own command (${order})`, async ({ browser, baseURL }) => {
    const created = await vorlageAskedOf(browser, baseURL, {
      title: `Einmal neu laden (${order})`,
      leadOfficeId: 'stadtentwicklung',
      officeIds: [YOUTH.id],
    });
    const signer = await signIn(browser, baseURL, `${YOUTH.id}.zeichnung`);
    await openVorlage(signer.page, created.vorlageId);
    await expect(approvalOf(signer.page, YOUTH.name)).toContainText('offen');

    if (order === 'announcement first') {
      // Hold the command's answer back until the change stream has surely announced the commit.
      await signer.page.route('**/commands/give-sign-off', async (route) => {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.fulfill({ response });
      });
    }
    const fetches = countViewFetches(signer.page, created.vorlageId);
    await answerSignOff(signer.page, { kind: 'Zustimmung' });
    await expect(approvalOf(signer.page, YOUTH.name)).toContainText('zugestimmt');
    // Late announcements or answers would cause a second fetch within this quiet period.
    await signer.page.waitForTimeout(2000);
    expect(fetches()).toBe(1);
  });
}
