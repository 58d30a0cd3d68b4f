// Seeding through the JSON API, as a signed-in person: create a Vorlage from the template, read it
// (with read-your-writes) and run lifecycle commands. Each test creates its own Vorlage.
import { expect, type APIRequestContext, type Browser } from '@playwright/test';
import { originHeader, signIn, type Person } from './session';

export interface CreatedVorlage {
  readonly vorlageId: string;
  readonly position: string;
}

export async function createVorlage(
  person: Person,
  input: {
    title: string;
    leadOfficeId: string;
    rapporteurName?: string;
    targetSessionDate?: string;
  },
): Promise<CreatedVorlage> {
  const response = await person.context.request.post('/api/vorlagen', {
    data: {
      title: input.title,
      leadOfficeId: input.leadOfficeId,
      rapporteurName: input.rapporteurName ?? 'Bezirksstadträtin Carolina Böhm',
      targetSessionDate: input.targetSessionDate ?? futureDate(60),
    },
    headers: originHeader(person),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedVorlage;
}

export async function readVorlage(
  request: APIRequestContext,
  vorlageId: string,
  after?: string,
): Promise<{
  vorlage: { status: string; editingLocked: boolean; targetSessionDate: string };
  text: { textHash: string };
}> {
  const response = await request.get(`/api/vorlagen/${vorlageId}${after ? `?after=${after}` : ''}`);
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

export async function runCommand(
  person: Person,
  vorlageId: string,
  command: string,
  body: Record<string, unknown>,
): Promise<{ position: string }> {
  const response = await person.context.request.post(
    `/api/vorlagen/${vorlageId}/commands/${command}`,
    {
      data: body,
      headers: originHeader(person),
    },
  );
  expect(response.status(), `${command}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** Asks offices to co-sign the current text (which also makes them take part, so they may edit). */
export async function requestSignOffs(
  person: Person,
  created: CreatedVorlage,
  officeIds: readonly string[],
): Promise<{ position: string }> {
  const { text } = await readVorlage(person.context.request, created.vorlageId, created.position);
  return runCommand(person, created.vorlageId, 'request-sign-offs', {
    officeIds,
    deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    deemedGivenPolicy: 'explicitOnly',
    fassungHash: text.textHash,
  });
}

/** `YYYY-MM-DD`, `days` from today. */
export function futureDate(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The SPK creates a Vorlage and asks offices to co-sign it (through the API, in its own context). */
export async function vorlageAskedOf(
  browser: Browser,
  baseURL: string | undefined,
  input: { title: string; leadOfficeId: string; officeIds: readonly string[] },
): Promise<CreatedVorlage> {
  const spk = await signIn(browser, baseURL, 'spk');
  const created = await createVorlage(spk, {
    title: input.title,
    leadOfficeId: input.leadOfficeId,
  });
  await requestSignOffs(spk, created, input.officeIds);
  return created;
}
