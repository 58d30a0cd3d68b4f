// Test helpers that drive a Vorlage through its lifecycle over the HTTP API, asserting each step
// succeeded, so a test can set up the state it needs in a few lines.
import type { ApiClient, ApiResponse } from './test-product';

/** A session date well in the future, so submission never fails for a date in the past. */
export const FUTURE_SESSION_DATE = '2099-06-16';
/** Sign-off deadlines lie in the future, too. */
export const FUTURE_DEADLINE = '2099-06-01T12:00:00.000Z';

export function expectStatus(response: ApiResponse, status: number, what: string): void {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected HTTP ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
}

export async function createVorlage(
  client: ApiClient,
  leadOfficeId: string,
  title = 'Testvorlage',
): Promise<string> {
  const response = await client.post('/api/vorlagen', {
    title,
    leadOfficeId,
    rapporteurName: 'Bezirksstadträtin Carolina Böhm',
    targetSessionDate: FUTURE_SESSION_DATE,
  });
  expectStatus(response, 201, `create Vorlage for ${leadOfficeId}`);
  const body = response.body as { vorlageId: string; position: string };
  // Read-your-writes: later requests see the new Vorlage in the read models.
  await detail(client, body.vorlageId, body.position);
  return body.vorlageId;
}

export interface VorlageDetail {
  readonly vorlage: { status: string; editingLocked: boolean; leadOfficeId: string };
  readonly text: { textHash: string; locked: boolean };
  readonly approvals: readonly { officeId: string; status: string }[];
  readonly permissions: {
    canEdit: boolean;
    canManageLifecycle: boolean;
    canCoordinate: boolean;
    canReadAudit: boolean;
    signableOfficeIds: string[];
  };
}

export async function detail(
  client: ApiClient,
  vorlageId: string,
  after?: string,
): Promise<VorlageDetail> {
  const query = after ? `?after=${after}` : '';
  const response = await client.get(`/api/vorlagen/${vorlageId}${query}`);
  expectStatus(response, 200, `read Vorlage ${vorlageId}`);
  return response.body as VorlageDetail;
}

/** The current Fassung hash, from the lifecycle's point of view (read models after `after`). */
export async function currentFassung(client: ApiClient, vorlageId: string): Promise<string> {
  return (await detail(client, vorlageId)).text.textHash;
}

export function command(
  client: ApiClient,
  vorlageId: string,
  segment: string,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  return client.post(`/api/vorlagen/${vorlageId}/commands/${segment}`, body, { headers });
}

/** Runs a command that must succeed and waits until the read models include it. */
export async function commandOk(
  client: ApiClient,
  vorlageId: string,
  segment: string,
  body: unknown = {},
): Promise<void> {
  const response = await command(client, vorlageId, segment, body);
  expectStatus(response, 200, `${segment} on ${vorlageId}`);
  await detail(client, vorlageId, (response.body as { position: string }).position);
}

export async function requestSignOffs(
  client: ApiClient,
  vorlageId: string,
  officeIds: readonly string[],
): Promise<void> {
  await commandOk(client, vorlageId, 'request-sign-offs', {
    officeIds,
    deadline: FUTURE_DEADLINE,
    deemedGivenPolicy: 'explicitOnly',
    fassungHash: await currentFassung(client, vorlageId),
  });
}

export function requestSignOffsBody(fassungHash: string, officeIds: readonly string[]) {
  return { officeIds, deadline: FUTURE_DEADLINE, deemedGivenPolicy: 'explicitOnly', fassungHash };
}

/** Drives a new Vorlage of `leadOfficeId` to `published`: asked, approved, locked, submitted, adopted. */
export async function publishedVorlage(
  clients: { lead: ApiClient; askedSigner: ApiClient; spk: ApiClient },
  leadOfficeId: string,
  askedOfficeId: string,
  title = 'Veröffentlichte Testvorlage',
): Promise<string> {
  const { lead, askedSigner, spk } = clients;
  const id = await createVorlage(lead, leadOfficeId, title);
  await requestSignOffs(lead, id, [askedOfficeId]);
  await commandOk(askedSigner, id, 'give-sign-off', {
    officeId: askedOfficeId,
    kind: 'approve',
    fassungHash: await currentFassung(spk, id),
  });
  await commandOk(lead, id, 'lock-editing');
  await commandOk(spk, id, 'submit-to-session', { sessionDate: FUTURE_SESSION_DATE });
  await commandOk(spk, id, 'record-decision', {
    outcome: 'adopted',
    earlyReason: 'Sitzung vorgezogen',
  });
  await commandOk(spk, id, 'publish', { bvvNumber: '471/V' });
  return id;
}
