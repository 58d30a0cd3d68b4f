// Every route of the JSON API against the started product: valid input, invalid input (400 with the
// zod issue), no session (401), wrong role or office (403), missing Vorlage (404), lifecycle
// conflicts (409), Origin checks on state-changing requests, idempotency keys, and no 500 for junk.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  signedIn,
  startProduct,
  type ApiResponse,
  type TestProduct,
} from '../../scripts/lib/test-product';
import {
  FUTURE_SESSION_DATE,
  command,
  commandOk,
  createVorlage,
  currentFassung,
  detail,
  publishedVorlage,
  requestSignOffs,
  requestSignOffsBody,
} from '../../scripts/lib/test-workflow';
import { USER_COMMAND_ROUTES } from './admin/schemas';
import { COMMAND_ROUTES } from './vorlagen/[id]/commands/[command]/commands';
import { DISCUSSION_COMMAND_ROUTES } from './vorlagen/[id]/kommentare/[command]/commands';

const LEAD = 'jugendamt';
const ASKED = 'soziales';
const OUTSIDER = 'wirtschaftsfoerderung';
const MISSING_ID = 'gibt-es-nicht-4711';

const MESSAGES = {
  invalidInput: 'Die Eingabe ist unvollständig oder ungültig.',
  unauthenticated: 'Bitte melden Sie sich an.',
  forbidden: 'Dazu sind Sie nicht berechtigt.',
  badOrigin: 'Die Anfrage kam nicht von dieser Anwendung.',
  vorlageNotFound: 'Diese Vorlage gibt es nicht.',
  invalidTransition: 'Das ist im aktuellen Stand der Vorlage nicht möglich.',
} as const;

let product: TestProduct;
let anonymous: ApiClient;
let spk: ApiClient;
let leadMember: ApiClient;
let askedSigner: ApiClient;
let outsider: ApiClient;
let rapporteur: ApiClient;
/** A Vorlage of LEAD in sign-off, ASKED asked. */
let vorlageId: string;

beforeAll(async () => {
  product = await startProduct();
  anonymous = new ApiClient(product.baseUrl);
  spk = await signedIn(product, 'spk');
  leadMember = await signedIn(product, LEAD);
  askedSigner = await signedIn(product, `${ASKED}.zeichnung`);
  outsider = await signedIn(product, OUTSIDER);
  rapporteur = await signedIn(product, 'boehm');
  vorlageId = await createVorlage(leadMember, LEAD, 'Routen-Test');
  await requestSignOffs(leadMember, vorlageId, [ASKED]);
}, 660_000);

afterAll(async () => {
  await product?.stop();
}, 60_000);

/** Every `route.ts` under app/api as its OpenAPI path and the HTTP methods it exports. */
function routeFiles(): { path: string; methods: string[] }[] {
  const apiDir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(apiDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('route.ts') && !file.startsWith('openapi.json'),
  );
  return files.map((file) => {
    const route = relative(apiDir, dirname(join(apiDir, file)));
    const source = readFileSync(join(apiDir, file), 'utf8');
    const methods = [
      ...source.matchAll(/export (?:async function|function|const) (GET|POST|PUT|PATCH|DELETE)\b/g),
    ];
    return {
      path: `/api/${route}`.replace(/\[(\w+)\]/g, '{$1}'),
      methods: methods.map((match) => match[1]!.toLowerCase()),
    };
  });
}

function expectError(response: ApiResponse, status: number, code: string, message?: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  if (message) expect(response.body.error.message).toBe(message);
}

/** A 400 whose issues include one at `path` (no `data.` prefix) with a German message. */
function expectIssue(response: ApiResponse, path: string, message?: string | RegExp): void {
  expect(response.status).toBe(400);
  expect(['invalid_input', 'invalid_command']).toContain(response.body.error.code);
  expect(response.body.error.message).toBe(MESSAGES.invalidInput);
  const issues = response.body.error.issues as { path: string; message: string }[];
  for (const issue of issues) expect(issue.path).not.toMatch(/^data\b/);
  const atPath = issues.filter((issue) => issue.path === path);
  expect(atPath, `issues: ${JSON.stringify(issues)}`).not.toHaveLength(0);
  if (message)
    expect(atPath.map((issue) => issue.message)).toContainEqual(expect.stringMatching(message));
}

describe('POST /api/session, DELETE /api/session, POST /api/session/abmelden', () => {
  it('signs in with JSON: 200 with the user, an HttpOnly SameSite session cookie', async () => {
    const client = new ApiClient(product.baseUrl);
    const response = await client.post('/api/session', { login: 'spk', password: 'vorlagen-demo' });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({
      login: 'spk',
      role: 'coordination',
      officeId: 'spk',
      displayName: 'Dana Richter',
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('vorlagen_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/Path=\//i);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('accepts the login case-insensitively and trimmed', async () => {
    const response = await new ApiClient(product.baseUrl).post('/api/session', {
      login: '  SPK ',
      password: 'vorlagen-demo',
    });
    expect(response.status).toBe(200);
    expect(response.body.user.login).toBe('spk');
  });

  it('wrong password and unknown login: 401 invalid_credentials, no cookie', async () => {
    for (const credentials of [
      { login: 'spk', password: 'falsch' },
      { login: 'niemand', password: 'vorlagen-demo' },
    ]) {
      const client = new ApiClient(product.baseUrl);
      const response = await client.post('/api/session', credentials);
      expectError(response, 401, 'invalid_credentials', 'Benutzername oder Passwort ist falsch.');
      expect(client.hasCookie('vorlagen_session')).toBe(false);
    }
  });

  it('invalid input: 400 with the issue at its field, in German', async () => {
    const client = new ApiClient(product.baseUrl);
    expectIssue(
      await client.post('/api/session', { login: 'spk', password: '' }),
      'password',
      'Bitte geben Sie Ihr Passwort ein.',
    );
    expectIssue(
      await client.post('/api/session', { login: '   ', password: 'x' }),
      'login',
      'Bitte geben Sie Ihren Benutzernamen ein.',
    );
    expectIssue(
      await client.post('/api/session', { login: 42, password: 'x' }),
      'login',
      /erwartet string/,
    );
    expectIssue(await client.post('/api/session', { password: 'x' }), 'login', /erwartet string/);
    expectIssue(
      await client.post('/api/session', { login: 'x'.repeat(2_000), password: 'x' }),
      'login',
      /Zu groß/,
    );
    // A body beyond any sign-in (8 KiB) is refused as a whole, before it is parsed.
    expectError(
      await client.post('/api/session', { login: 'x'.repeat(200_000), password: 'x' }),
      413,
      'payload_too_large',
    );
    expectIssue(
      await client.post('/api/session', { login: 'spk', password: 'x', admin: true }),
      '',
      /admin/,
    );
    expectIssue(
      await client.post('/api/session', undefined, { raw: '{"login":' }),
      '',
      'Der Inhalt ist kein gültiges JSON.',
    );
    expectIssue(await client.post('/api/session', ['spk', 'vorlagen-demo']), '');
  });

  it('refuses a sign-in without Origin or from a foreign Origin: 403 bad_origin', async () => {
    for (const origin of [null, 'https://evil.example', 'null']) {
      const client = new ApiClient(product.baseUrl);
      const response = await client.post(
        '/api/session',
        { login: 'spk', password: 'vorlagen-demo' },
        { origin },
      );
      expectError(response, 403, 'bad_origin', MESSAGES.badOrigin);
      expect(client.hasCookie('vorlagen_session')).toBe(false);
    }
  });

  it('a form post signs in with a redirect to /vorlagen; bad credentials redirect back', async () => {
    const form = (login: string, password: string) => ({
      raw: new URLSearchParams({ login, password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const client = new ApiClient(product.baseUrl);
    const ok = await client.request('POST', '/api/session', form('spk', 'vorlagen-demo'));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/vorlagen');
    expect((await client.get('/api/me')).status).toBe(200);

    const bad = new ApiClient(product.baseUrl);
    const refused = await bad.request('POST', '/api/session', form('spk', 'falsch'));
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/anmelden?fehler=1');
    expect(bad.hasCookie('vorlagen_session')).toBe(false);
  });

  it('DELETE ends the session (204); the old cookie no longer works', async () => {
    const client = await signedIn(product, 'spk');
    const cookie = client.cookieHeader();
    expect((await client.request('DELETE', '/api/session')).status).toBe(204);
    expect((await client.get('/api/me')).status).toBe(401);
    // The server forgot the session, not only the browser.
    const replay = await fetch(new URL('/api/me', product.baseUrl), { headers: { cookie } });
    expect(replay.status).toBe(401);
  });

  it('DELETE without Origin: 403 bad_origin, the session stays', async () => {
    const client = await signedIn(product, 'spk');
    expectError(
      await client.request('DELETE', '/api/session', { origin: null }),
      403,
      'bad_origin',
    );
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('POST /api/session/abmelden ends the session and redirects to /anmelden', async () => {
    const client = await signedIn(product, 'spk');
    const cookie = client.cookieHeader();
    const response = await client.post('/api/session/abmelden', undefined, { raw: '' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/anmelden');
    const replay = await fetch(new URL('/api/me', product.baseUrl), { headers: { cookie } });
    expect(replay.status).toBe(401);
  });

  it('POST /api/session/abmelden from a foreign Origin: 403, the session stays', async () => {
    const client = await signedIn(product, 'spk');
    const response = await client.post('/api/session/abmelden', undefined, {
      raw: '',
      origin: 'https://evil.example',
    });
    expectError(response, 403, 'bad_origin');
    expect((await client.get('/api/me')).status).toBe(200);
  });
});

describe('sign-in throttling', () => {
  it('after five failures the login is refused for a while (429, Retry-After, German), even with the right password; other logins are unaffected', async () => {
    const client = new ApiClient(product.baseUrl);
    const login = 'fm-hochbau.zeichnung';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expectError(
        await client.post('/api/session', { login, password: 'falsch' }),
        401,
        'invalid_credentials',
      );
    }
    const throttled = await client.post('/api/session', { login, password: 'vorlagen-demo' });
    expectError(
      throttled,
      429,
      'too_many_attempts',
      'Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    );
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(client.hasCookie('vorlagen_session')).toBe(false);
    await new ApiClient(product.baseUrl).signIn('fm-hochbau');
  });
});

describe('GET /api/me, /api/offices, /api/inbox', () => {
  it('GET /api/me: the user without secrets; 401 without or with a forged session', async () => {
    const response = await askedSigner.get('/api/me');
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual({
      userId: expect.any(String),
      login: `${ASKED}.zeichnung`,
      displayName: expect.any(String),
      officeId: ASKED,
      officeName: 'Amt für Soziales',
      role: 'signer',
    });
    expect(response.body.inboxCount).toBeGreaterThanOrEqual(1);
    expectError(await anonymous.get('/api/me'), 401, 'unauthenticated', MESSAGES.unauthenticated);
    const forged = await fetch(new URL('/api/me', product.baseUrl), {
      headers: { cookie: 'vorlagen_session=erfunden' },
    });
    expect(forged.status).toBe(401);
  });

  it('GET /api/offices: the catalogue; 401 without session', async () => {
    const response = await leadMember.get('/api/offices');
    expect(response.status).toBe(200);
    const ids = (response.body.offices as { id: string }[]).map((office) => office.id);
    expect(ids).toEqual(expect.arrayContaining([LEAD, ASKED, OUTSIDER, 'spk']));
    expectError(await anonymous.get('/api/offices'), 401, 'unauthenticated');
  });

  it("GET /api/inbox: the asked office sees the Vorlage, others don't; 401 without session", async () => {
    const asked = await askedSigner.get('/api/inbox');
    expect(asked.status).toBe(200);
    expect(asked.body.entries).toContainEqual(expect.objectContaining({ vorlageId }));
    const other = await outsider.get('/api/inbox');
    expect(other.status).toBe(200);
    expect(other.body.entries).not.toContainEqual(expect.objectContaining({ vorlageId }));
    expect((await spk.get('/api/inbox')).body).toEqual({ entries: [], nextCursor: null });
    expectError(await anonymous.get('/api/inbox'), 401, 'unauthenticated');
  });
});

describe('GET /api/vorlagen', () => {
  it('lists readable Vorlagen; filters by status and lead office', async () => {
    const all = await spk.get('/api/vorlagen');
    expect(all.status).toBe(200);
    const ids = (all.body.vorlagen as { vorlageId: string }[]).map((v) => v.vorlageId);
    expect(ids).toContain(vorlageId);
    expect(ids).toContain('ag-planung-2026');

    const inSignOff = await spk.get('/api/vorlagen?status=inSignOff');
    expect(inSignOff.status).toBe(200);
    for (const entry of inSignOff.body.vorlagen) expect(entry.status).toBe('inSignOff');
    expect(inSignOff.body.vorlagen).toContainEqual(expect.objectContaining({ vorlageId }));

    const both = await spk.get('/api/vorlagen?status=inSignOff&status=drafting');
    expect(both.body.vorlagen.length).toBe(all.body.vorlagen.length);

    const byLead = await spk.get(`/api/vorlagen?leadOffice=${OUTSIDER}`);
    expect(byLead.body.vorlagen).toEqual([]);
    const byOwnLead = await spk.get(`/api/vorlagen?leadOffice=${LEAD}`);
    expect(byOwnLead.body.vorlagen).toContainEqual(expect.objectContaining({ vorlageId }));
  });

  it('an office sees only the Vorlagen it takes part in', async () => {
    const ids = async (client: ApiClient) =>
      ((await client.get('/api/vorlagen')).body.vorlagen as { vorlageId: string }[]).map(
        (v) => v.vorlageId,
      );
    expect(await ids(leadMember)).toContain(vorlageId);
    expect(await ids(askedSigner)).toContain(vorlageId);
    expect(await ids(outsider)).not.toContain(vorlageId);
  });

  it('pages with limit and cursor: every readable Vorlage once, the access rule on every page', async () => {
    const whole = (await spk.get('/api/vorlagen?limit=500')).body.vorlagen as {
      vorlageId: string;
    }[];
    expect(whole.length).toBeGreaterThanOrEqual(2);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await spk.get(`/api/vorlagen?limit=1${query}`);
      expect(page.status).toBe(200);
      expect(page.body.vorlagen.length).toBeLessThanOrEqual(1);
      paged.push(...(page.body.vorlagen as { vorlageId: string }[]).map((v) => v.vorlageId));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(paged).toEqual(whole.map((v) => v.vorlageId));
    const outsiderPage = await outsider.get('/api/vorlagen?limit=1');
    expect(outsiderPage.body.vorlagen).not.toContainEqual(expect.objectContaining({ vorlageId }));
    expectIssue(await spk.get('/api/vorlagen?cursor=kaputt'), 'cursor');
    expectIssue(await spk.get('/api/vorlagen?limit=0'), 'limit');
    expectIssue(await askedSigner.get('/api/inbox?cursor=kaputt'), 'cursor');
  });

  it('invalid filters: 400 with the issue', async () => {
    expectIssue(await spk.get('/api/vorlagen?status=erledigt'), 'status.0', /Ungültige Option/);
    expectIssue(await spk.get('/api/vorlagen?sessionUntil=morgen'), 'sessionUntil');
    expectIssue(await spk.get('/api/vorlagen?overdue=ja'), 'overdue');
    expectIssue(await spk.get('/api/vorlagen?sortierung=neu'), '', /sortierung/);
    expectIssue(await spk.get(`/api/vorlagen?leadOffice=${'x'.repeat(10_000)}`), 'leadOffice');
  });

  it('401 without session', async () => {
    expectError(await anonymous.get('/api/vorlagen'), 401, 'unauthenticated');
  });
});

describe('POST /api/vorlagen', () => {
  const valid = {
    title: 'Neue Vorlage',
    leadOfficeId: LEAD,
    rapporteurName: 'Bezirksstadträtin Carolina Böhm',
    targetSessionDate: FUTURE_SESSION_DATE,
  };

  it('creates a Vorlage from the template: 201 with its id; it is readable at once', async () => {
    const response = await leadMember.post('/api/vorlagen', valid);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      vorlageId: expect.stringMatching(new RegExp(`^${FUTURE_SESSION_DATE}-[a-z0-9]{6}$`)),
      position: expect.stringMatching(/^\d+$/),
    });
    const created = await detail(leadMember, response.body.vorlageId, response.body.position);
    expect(created.vorlage).toMatchObject({
      title: 'Neue Vorlage',
      leadOfficeId: LEAD,
      status: 'drafting',
    });
  });

  it('invalid input: 400 with the issue at its field, in German', async () => {
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, title: '  ' }),
      'title',
      'Bitte geben Sie den Gegenstand der Vorlage an.',
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, rapporteurName: '' }),
      'rapporteurName',
      'Bitte geben Sie die Berichterstatterin oder den Berichterstatter an.',
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, title: 7 }),
      'title',
      /erwartet string/,
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, title: 'x'.repeat(1_000_000) }),
      'title',
      /Zu groß/,
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, targetSessionDate: '19.05.2026' }),
      'targetSessionDate',
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, vorlageId: 'selbst-gewählt' }),
      '',
      /vorlageId/,
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', { ...valid, leadOfficeId: null }),
      'leadOfficeId',
    );
    expectIssue(
      await leadMember.post('/api/vorlagen', undefined, { raw: 'nicht json' }),
      '',
      'Der Inhalt ist kein gültiges JSON.',
    );
    expectIssue(await leadMember.post('/api/vorlagen', 'ein string'), '');
  });

  it('D-52: another office may not create for the lead office: 403, nothing created', async () => {
    const before = (await spk.get('/api/vorlagen')).body.vorlagen.length;
    expectError(await outsider.post('/api/vorlagen', valid), 403, 'forbidden', MESSAGES.forbidden);
    expectError(await rapporteur.post('/api/vorlagen', valid), 403, 'forbidden');
    expect((await spk.get('/api/vorlagen')).body.vorlagen.length).toBe(before);
  });

  it('401 without session; 403 bad_origin without or with a foreign Origin', async () => {
    expectError(await anonymous.post('/api/vorlagen', valid), 401, 'unauthenticated');
    expectError(await leadMember.post('/api/vorlagen', valid, { origin: null }), 403, 'bad_origin');
    expectError(
      await leadMember.post('/api/vorlagen', valid, { origin: 'http://127.0.0.1:1' }),
      403,
      'bad_origin',
    );
  });

  it('D-92: the same Idempotency-Key sent twice creates one Vorlage', async () => {
    const key = randomUUID();
    const title = `Idempotent ${key}`;
    const first = await leadMember.post(
      '/api/vorlagen',
      { ...valid, title },
      { headers: { 'idempotency-key': key } },
    );
    const second = await leadMember.post(
      '/api/vorlagen',
      { ...valid, title },
      { headers: { 'idempotency-key': key } },
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.vorlageId).toBe(first.body.vorlageId);
    await detail(leadMember, first.body.vorlageId, second.body.position);
    const listed = (await leadMember.get('/api/vorlagen')).body.vorlagen.filter(
      (v: { title: string }) => v.title === title,
    );
    expect(listed).toHaveLength(1);
  });

  it('D-92: the same Idempotency-Key from another user creates that user’s own Vorlage', async () => {
    const key = randomUUID();
    const first = await leadMember.post('/api/vorlagen', valid, {
      headers: { 'idempotency-key': key },
    });
    const other = await spk.post('/api/vorlagen', valid, { headers: { 'idempotency-key': key } });
    expect([first.status, other.status]).toEqual([201, 201]);
    expect(other.body.vorlageId).not.toBe(first.body.vorlageId);
  });

  it('D-108: under contention every re-send answers the status and body of its original; one event per command id', async () => {
    const offices = ['soziales', 'klimaschutz', 'qpk', 'umwelt-und-naturschutz'];
    const id = await createVorlage(leadMember, LEAD);
    await requestSignOffs(leadMember, id, offices);
    const fassungHash = await currentFassung(spk, id);
    // Three clients (own sessions) per signer: the original and its re-sends race each other.
    const clients = await Promise.all(
      offices.map((office) =>
        Promise.all([1, 2, 3].map(() => signedIn(product, `${office}.zeichnung`))),
      ),
    );
    const bodies = {
      'give-sign-off': (officeId: string) => ({ officeId, kind: 'approve', fassungHash }),
      'refuse-sign-off': (officeId: string) => ({ officeId, fassungHash, reason: 'Nein.' }),
      'withdraw-sign-off': (officeId: string) => ({ officeId }),
    } as const;
    const segments = Object.keys(bodies) as (keyof typeof bodies)[];
    const answers = new Map<string, { status: number; body: unknown }[]>();
    await Promise.all(
      offices.map(async (officeId, officeIndex) => {
        const [first, second, third] = clients[officeIndex]!;
        for (let step = 0; step < 9; step += 1) {
          const segment = segments[(step * (officeIndex + 1)) % segments.length]!;
          const key = randomUUID();
          const send = (client: ApiClient) =>
            command(client, id, segment, bodies[segment](officeId), { 'idempotency-key': key });
          // The original and two re-sends at once, then a late re-send after the others moved on.
          const sent = await Promise.all([send(first!), send(second!), send(third!)]);
          answers.set(
            key,
            sent.map(({ status, body }) => ({ status, body })),
          );
          if (step % 3 === 2) {
            const late = await send(first!);
            answers.get(key)!.push({ status: late.status, body: late.body });
          }
        }
      }),
    );
    const statuses = new Set<number>();
    for (const [key, sent] of answers) {
      for (const answer of sent) expect(answer, `key ${key}`).toEqual(sent[0]);
      statuses.add(sent[0]!.status);
    }
    // Both outcomes occur (some refusals are recorded, some commands apply).
    expect([...statuses].sort()).toEqual([200, 409]);
    // Refusals carry no position to wait for: wait until the read model has every command.
    const timeline = async () =>
      (
        (await spk.get(`/api/vorlagen/${id}/audit`)).body as {
          timeline: { events: { commandId: string | null; chain: { status: string } }[] };
        }
      ).timeline.events;
    await expect
      .poll(async () => (await timeline()).length, { timeout: 20_000 })
      .toBe(3 + answers.size);
    const perCommand = new Map<string, number>();
    for (const event of await timeline()) {
      expect(event.chain.status).toBe('ok');
      if (event.commandId) {
        perCommand.set(event.commandId, (perCommand.get(event.commandId) ?? 0) + 1);
      }
    }
    // Created (1 event), requested (2 events: request + frozen Fassung), then one per command id.
    expect([...perCommand.values()].filter((count) => count > 1)).toEqual([2]);
    expect(perCommand.size).toBe(2 + answers.size);
  });

  it('an Idempotency-Key that is not a UUID: 400 at Idempotency-Key', async () => {
    expectIssue(
      await leadMember.post('/api/vorlagen', valid, { headers: { 'idempotency-key': 'nochmal' } }),
      'Idempotency-Key',
      'Erwartet wird eine UUID.',
    );
  });
});

describe('GET /api/vorlagen/{id}', () => {
  it('the Vorlage with text state, approvals and permissions', async () => {
    const body = await detail(askedSigner, vorlageId);
    expect(body.vorlage).toMatchObject({ vorlageId, status: 'inSignOff', leadOfficeId: LEAD });
    expect(body.text.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.approvals).toEqual([
      expect.objectContaining({ officeId: ASKED, status: 'open', statusLabel: 'offen' }),
    ]);
    expect(body.permissions).toEqual({
      canEdit: true,
      // D-143, D-144: a signer proposes instead of editing directly, and does not decide.
      canEditDirectly: false,
      canDecideProposals: false,
      // D-130: a signer of an asked office comments.
      canComment: true,
      // D-182: it marks and unmarks its own office's threads as dissent.
      dissentRights: { mark: 'own', unmark: 'own' },
      canManageLifecycle: false,
      canCoordinate: false,
      canReadAudit: false,
      signableOfficeIds: [ASKED],
    });
  });

  it('?after= with junk is ignored, not an error', async () => {
    for (const after of ['abc', '-1', '1e9', '99999999999999999999999999']) {
      const response = await spk.get(`/api/vorlagen/${vorlageId}?after=${after}`);
      expect(response.status, after).toBe(200);
    }
  });

  it('404 for a missing Vorlage, also for an id the domain would refuse', async () => {
    expectError(
      await spk.get(`/api/vorlagen/${MISSING_ID}`),
      404,
      'vorlage_not_found',
      MESSAGES.vorlageNotFound,
    );
    expectError(await spk.get('/api/vorlagen/a.b'), 404, 'vorlage_not_found');
    expectError(await spk.get(`/api/vorlagen/${'x'.repeat(5000)}`), 404, 'vorlage_not_found');
  });

  it('D-50: 403 for an office that does not take part; 401 without session', async () => {
    expectError(
      await outsider.get(`/api/vorlagen/${vorlageId}`),
      403,
      'forbidden',
      MESSAGES.forbidden,
    );
    expectError(await anonymous.get(`/api/vorlagen/${vorlageId}`), 401, 'unauthenticated');
  });
});

describe('POST /api/vorlagen/{id}/commands/{command}', () => {
  it('runs a command: 200 with position, revision and the events', async () => {
    const id = await createVorlage(leadMember, LEAD);
    const response = await command(
      leadMember,
      id,
      'request-sign-offs',
      requestSignOffsBody(await currentFassung(leadMember, id), [ASKED]),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      position: expect.stringMatching(/^\d+$/),
      revision: '2',
      events: [{ type: 'SignOffsRequested' }, { type: 'TextVersionFrozen' }],
    });
    expect((await detail(leadMember, id, response.body.position)).vorlage.status).toBe('inSignOff');
  });

  it('invalid input: 400 with the zod issue, path without `data.`, in German', async () => {
    const fassungHash = await currentFassung(spk, vorlageId);
    expectIssue(
      await command(askedSigner, vorlageId, 'refuse-sign-off', { officeId: ASKED, fassungHash }),
      'reason',
      /erwartet string, erhalten undefined/,
    );
    expectIssue(
      await command(askedSigner, vorlageId, 'refuse-sign-off', {
        officeId: ASKED,
        fassungHash,
        reason: 'x'.repeat(1_000_000),
      }),
      'reason',
      /Zu groß/,
    );
    expectIssue(
      await command(askedSigner, vorlageId, 'give-sign-off', {
        officeId: ASKED,
        fassungHash,
        kind: 'approveWithRemarks',
      }),
      'remarks',
      /Anmerkungen sind bei Zustimmung mit Anmerkungen Pflicht/,
    );
    expectIssue(
      await command(askedSigner, vorlageId, 'give-sign-off', {
        officeId: ASKED,
        fassungHash: 'kurz',
        kind: 'approve',
      }),
      'fassungHash',
    );
    expectIssue(
      await command(spk, vorlageId, 'submit-to-session', { sessionDate: 20260519 }),
      'sessionDate',
      /erwartet string, erhalten Zahl/,
    );
    expectIssue(
      await command(spk, vorlageId, 'record-decision', { outcome: 'vertagt' }),
      'outcome',
      /Ungültige Option/,
    );
    expectIssue(await command(spk, vorlageId, 'lock-editing', { unbekannt: 1 }), '', /unbekannt/);
  });

  it('issue messages from the domain schemas are German (office id, repeated offices)', async () => {
    const fassungHash = await currentFassung(spk, vorlageId);
    const request = (officeIds: unknown) =>
      command(spk, vorlageId, 'request-sign-offs', {
        officeIds,
        deadline: '2099-01-01T12:00:00Z',
        deemedGivenPolicy: 'explicitOnly',
        fassungHash,
      });
    expectIssue(await request(['Jugendamt!']), 'officeIds.0', /Kennung eines Amtes/);
    expectIssue(await request(['jugendamt', 'jugendamt']), 'officeIds', /nur einmal/);
  });

  it('a body that is no JSON object: 400 naming the problem', async () => {
    const post = (raw: string) =>
      leadMember.post(`/api/vorlagen/${vorlageId}/commands/lock-editing`, undefined, { raw });
    expectIssue(await post('{"reason": '), '', 'Der Inhalt ist kein gültiges JSON.');
    expectIssue(await post(''), '', 'Der Inhalt ist kein gültiges JSON.');
    for (const raw of ['[]', 'null', '42', '"text"']) {
      expectIssue(await post(raw), '', 'Erwartet wird ein JSON-Objekt.');
    }
  });

  it('a body cannot redirect the command to another Vorlage', async () => {
    const other = await createVorlage(leadMember, LEAD);
    const response = await command(leadMember, other, 'lock-editing', { vorlageId });
    // The URL names the Vorlage; a vorlageId in the body is overwritten, never obeyed.
    expect(response.status).toBe(200);
    expect((await detail(leadMember, other, response.body.position)).vorlage.editingLocked).toBe(
      true,
    );
    expect((await detail(leadMember, vorlageId)).vorlage.editingLocked).toBe(false);
  });

  it('an unknown command segment: 404 not_found, also for prototype keys', async () => {
    for (const segment of [
      'nope',
      'create-vorlage',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
    ]) {
      const response = await command(spk, vorlageId, segment, {});
      expectError(response, 404, 'not_found', 'Nicht gefunden.');
    }
  });

  it('a Vorlage id no Vorlage can have: 404, the store is not asked', async () => {
    expectError(await command(spk, 'a.b', 'lock-editing'), 404, 'vorlage_not_found');
    expectError(await command(spk, 'x'.repeat(5000), 'lock-editing'), 404, 'vorlage_not_found');
  });

  it('D-50: an office that may not read the Vorlage learns nothing from a command: 403 always', async () => {
    const fassungHash = await currentFassung(spk, vorlageId);
    const outsideSigner = await signedIn(product, `${OUTSIDER}.zeichnung`);
    for (const [segment, body] of [
      ['give-sign-off', { officeId: OUTSIDER, kind: 'approve', fassungHash }],
      ['record-decision', { outcome: 'adopted' }],
      ['unlock-editing', {}],
      ['lock-editing', { junk: true }],
    ] as const) {
      expectError(await command(outsideSigner, vorlageId, segment, body), 403, 'forbidden');
    }
  });

  it('401 without session (before anything else)', async () => {
    expectError(await command(anonymous, vorlageId, 'lock-editing'), 401, 'unauthenticated');
    expectError(await command(anonymous, vorlageId, 'nope'), 401, 'unauthenticated');
  });

  it('D-58: wrong role or office: 403 forbidden, nothing written', async () => {
    expectError(
      await command(rapporteur, vorlageId, 'lock-editing'),
      403,
      'forbidden',
      MESSAGES.forbidden,
    );
    expectError(await command(outsider, vorlageId, 'lock-editing'), 403, 'forbidden');
    expectError(await command(askedSigner, vorlageId, 'lock-editing'), 403, 'forbidden');
    expectError(
      await command(leadMember, vorlageId, 'submit-to-session', {
        sessionDate: FUTURE_SESSION_DATE,
      }),
      403,
      'forbidden',
    );
    expect((await detail(spk, vorlageId)).vorlage.editingLocked).toBe(false);
  });

  it('404 for a missing Vorlage', async () => {
    expectError(
      await command(spk, MISSING_ID, 'lock-editing'),
      404,
      'vorlage_not_found',
      MESSAGES.vorlageNotFound,
    );
    expectError(
      await command(spk, MISSING_ID, 'withdraw', { reason: 'weg' }),
      404,
      'vorlage_not_found',
    );
  });

  it('409 for lifecycle conflicts', async () => {
    const id = await createVorlage(spk, LEAD);
    expectError(
      await command(spk, id, 'record-decision', { outcome: 'adopted' }),
      409,
      'invalid_transition',
      MESSAGES.invalidTransition,
    );
    expectError(
      await command(spk, id, 'submit-to-session', { sessionDate: FUTURE_SESSION_DATE }),
      409,
      'editing_not_locked',
    );
    expectError(
      await command(
        spk,
        id,
        'request-sign-offs',
        requestSignOffsBody(await currentFassung(spk, id), [LEAD]),
      ),
      409,
      'lead_office_not_askable',
    );
    expectError(
      await command(spk, id, 'request-sign-offs', requestSignOffsBody('0'.repeat(64), [ASKED])),
      409,
      'fassung_not_current',
    );
    await commandOk(spk, id, 'lock-editing');
    expectError(await command(spk, id, 'lock-editing'), 409, 'editing_already_locked');
    // Signing a Vorlage still in drafting: the lead office's signer reads it and is told why not.
    const leadSigner = await signedIn(product, `${LEAD}.zeichnung`);
    expectError(
      await command(leadSigner, id, 'give-sign-off', {
        officeId: LEAD,
        kind: 'approve',
        fassungHash: await currentFassung(spk, id),
      }),
      409,
      'invalid_transition',
    );
  });

  it('409 for refusals of the sign-off and submission rules; an override reason lets SPK submit', async () => {
    const id = await createVorlage(leadMember, LEAD);
    await requestSignOffs(leadMember, id, [ASKED]);
    expectError(
      await command(askedSigner, id, 'withdraw-sign-off', { officeId: ASKED }),
      409,
      'no_sign_off_to_withdraw',
    );
    expectError(await command(leadMember, id, 'unlock-editing'), 409, 'editing_not_locked');
    await commandOk(leadMember, id, 'lock-editing');
    expectError(
      await command(spk, id, 'submit-to-session', { sessionDate: FUTURE_SESSION_DATE }),
      409,
      'sign_offs_incomplete',
    );
    await commandOk(spk, id, 'submit-to-session', {
      sessionDate: FUTURE_SESSION_DATE,
      overrideReason: 'Eilbedürftig; Amt für Soziales zeichnet nach.',
    });
    expectError(
      await command(spk, id, 'publish', { bvvNumber: '471/V' }),
      409,
      'invalid_transition',
    );
    expectIssue(
      await command(spk, id, 'record-decision', { outcome: 'adoptedWithChanges' }),
      'changes',
      /Änderungen sind bei „mit Änderungen beschlossen“ Pflicht/,
    );
    // D-180: the session is weeks ahead; recording its decision now needs a reason.
    expectError(
      await command(spk, id, 'record-decision', { outcome: 'adopted' }),
      409,
      'decision_before_session',
      'Die Sitzung hat noch nicht stattgefunden. Ein Beschluss vor dem Sitzungstermin braucht eine Begründung.',
    );
    await commandOk(spk, id, 'record-decision', {
      outcome: 'adopted',
      earlyReason: 'Sondersitzung vorgezogen',
    });
    expectIssue(await command(spk, id, 'publish', { bvvNumber: 'ohne Nummer' }), 'bvvNumber');
    expectIssue(await command(spk, id, 'withdraw', {}), 'reason');
    const status = (await detail(spk, id)).vorlage;
    expect(status).toMatchObject({ status: 'adopted', submissionOverridden: true });
  });

  it('400 for a deadline in the past and a session date in the past', async () => {
    const id = await createVorlage(spk, LEAD);
    expectError(
      await command(spk, id, 'request-sign-offs', {
        ...requestSignOffsBody(await currentFassung(spk, id), [ASKED]),
        deadline: '2020-01-01T00:00:00Z',
      }),
      400,
      'deadline_not_in_future',
    );
    await commandOk(spk, id, 'lock-editing');
    expectError(
      await command(spk, id, 'submit-to-session', { sessionDate: '2020-01-01' }),
      400,
      'session_date_in_past',
    );
  });

  it('403 bad_origin without or with a foreign Origin: nothing written', async () => {
    const id = await createVorlage(spk, LEAD);
    for (const origin of [null, 'https://evil.example', `${product.baseUrl}.evil.example`]) {
      const response = await spk.post(`/api/vorlagen/${id}/commands/lock-editing`, {}, { origin });
      expectError(response, 403, 'bad_origin', MESSAGES.badOrigin);
    }
    expect((await detail(spk, id)).vorlage.editingLocked).toBe(false);
  });

  it('D-92: an Idempotency-Key resent applies the command once', async () => {
    const id = await createVorlage(leadMember, LEAD);
    await requestSignOffs(leadMember, id, [ASKED]);
    const body = { officeId: ASKED, kind: 'approve', fassungHash: await currentFassung(spk, id) };
    const key = randomUUID();
    const first = await command(askedSigner, id, 'give-sign-off', body, { 'idempotency-key': key });
    const second = await command(askedSigner, id, 'give-sign-off', body, {
      'idempotency-key': key,
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    // D-108: the same body; only the header tells the re-send apart.
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // Without the key, the same answer again is a new command, refused as unchanged.
    expectError(await command(askedSigner, id, 'give-sign-off', body), 409, 'sign_off_unchanged');
    const approvals = (await detail(spk, id, second.body.position)).approvals;
    expect(approvals).toEqual([expect.objectContaining({ officeId: ASKED, status: 'approved' })]);
  });

  it('D-92: an Idempotency-Key reused for another command never turns that command into a no-op', async () => {
    const id = await createVorlage(leadMember, LEAD);
    await requestSignOffs(leadMember, id, [ASKED]);
    const key = randomUUID();
    const given = await command(
      askedSigner,
      id,
      'give-sign-off',
      { officeId: ASKED, kind: 'approve', fassungHash: await currentFassung(spk, id) },
      { 'idempotency-key': key },
    );
    expect(given.status).toBe(200);
    const locked = await command(spk, id, 'lock-editing', {}, { 'idempotency-key': key });
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({
      events: [{ type: 'EditingLocked' }, { type: 'TextVersionFrozen' }],
    });
    expect((await detail(spk, id, locked.body.position)).vorlage.editingLocked).toBe(true);
  });

  it('an Idempotency-Key that is not a UUID: 400 at Idempotency-Key', async () => {
    expectIssue(
      await command(spk, vorlageId, 'lock-editing', {}, { 'idempotency-key': 'x'.repeat(300) }),
      'Idempotency-Key',
      'Erwartet wird eine UUID.',
    );
  });

  it('X-Correlation-Id: carried into the events when sane; 400 at the header when too long', async () => {
    const id = await createVorlage(spk, LEAD);
    expectIssue(
      await command(spk, id, 'lock-editing', {}, { 'x-correlation-id': 'c'.repeat(5000) }),
      'X-Correlation-Id',
      'Höchstens 200 Zeichen.',
    );
    const response = await command(
      spk,
      id,
      'lock-editing',
      {},
      { 'x-correlation-id': 'vorgang-42' },
    );
    expect(response.status).toBe(200);
    await detail(spk, id, response.body.position);
    const events = (await spk.get(`/api/vorlagen/${id}/audit`)).body.timeline.events as {
      type: string;
      correlationId: string;
    }[];
    expect(events.find((event) => event.type === 'EditingLocked')?.correlationId).toBe(
      'vorgang-42',
    );
  });
});

describe('POST /api/vorlagen/{id}/collab-token', () => {
  it('issues a short-lived token with the mode, the collab URL and no-store', async () => {
    const response = await leadMember.post(`/api/vorlagen/${vorlageId}/collab-token`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      url: product.collabUrl,
      mode: 'rw',
      expiresAt: expect.any(String),
    });
    const lifetime = Date.parse(response.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(120_000);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('401 without session, 403 for an outsider, 404 for a missing Vorlage, 403 bad_origin', async () => {
    expectError(
      await anonymous.post(`/api/vorlagen/${vorlageId}/collab-token`),
      401,
      'unauthenticated',
    );
    expectError(await outsider.post(`/api/vorlagen/${vorlageId}/collab-token`), 403, 'forbidden');
    expectError(
      await spk.post(`/api/vorlagen/${MISSING_ID}/collab-token`),
      404,
      'vorlage_not_found',
    );
    expectError(
      await spk.post(`/api/vorlagen/${vorlageId}/collab-token`, {}, { origin: null }),
      403,
      'bad_origin',
    );
  });
});

describe('GET /api/changes', () => {
  async function openStream(client: ApiClient, query: string) {
    const controller = new AbortController();
    const response = await fetch(new URL(`/api/changes${query}`, product.baseUrl), {
      headers: { cookie: client.cookieHeader() },
      signal: controller.signal,
    });
    return { response, controller };
  }

  it('streams Server-Sent Events, starting with hello, and a change after a command', async () => {
    const id = await createVorlage(spk, LEAD);
    const { response, controller } = await openStream(spk, `?vorlage=${id}`);
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let received = '';
      const readUntil = async (pattern: RegExp) => {
        while (!pattern.test(received)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended; got: ${received}`);
          received += value;
        }
      };
      await readUntil(/event: hello\ndata: \{"position":"\d+"\}/);
      await commandOk(spk, id, 'lock-editing');
      await readUntil(/event: change\ndata: \{"position":"\d+","readModels":\[/);
    } finally {
      controller.abort();
    }
  });

  it('without ?vorlage= every change arrives, with no keys that could name an unreadable Vorlage', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/changes', product.baseUrl), {
      headers: { cookie: outsider.cookieHeader() },
      signal: controller.signal,
    });
    try {
      expect(response.status).toBe(200);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let received = '';
      while (!received.includes('event: hello')) received += (await reader.read()).value ?? '';
      // A change to a Vorlage the outsider may not read still reaches it, but anonymously.
      const id = await createVorlage(spk, LEAD, 'Geheim');
      while (!/event: change\ndata: .*\n\n/.test(received)) {
        received += (await reader.read()).value ?? '';
      }
      expect(received).not.toContain(id);
      expect(received).not.toContain('Geheim');
    } finally {
      controller.abort();
    }
  });

  it('401 without session, 403 for a Vorlage the user may not read, 404 for a missing one', async () => {
    expectError(await anonymous.get(`/api/changes?vorlage=${vorlageId}`), 401, 'unauthenticated');
    expectError(await outsider.get(`/api/changes?vorlage=${vorlageId}`), 403, 'forbidden');
    expectError(await spk.get(`/api/changes?vorlage=${MISSING_ID}`), 404, 'vorlage_not_found');
  });
});

describe('audit review: GET /api/vorlagen/{id}/audit, /fassungen, /fassungen/{hash}, …/diff', () => {
  it('audit: the timeline and the chain verified now; 401, 403 (office), 404', async () => {
    const response = await spk.get(`/api/vorlagen/${vorlageId}/audit`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.vorlageId).toBe(vorlageId);
    expect(response.body.chain).toMatchObject({ ok: true, eventCount: 3, firstBroken: null });
    expect(response.body.timeline.events.map((event: { type: string }) => event.type)).toEqual([
      'VorlageCreated',
      'SignOffsRequested',
      'TextVersionFrozen',
    ]);
    expectError(await anonymous.get(`/api/vorlagen/${vorlageId}/audit`), 401, 'unauthenticated');
    expectError(await leadMember.get(`/api/vorlagen/${vorlageId}/audit`), 403, 'forbidden');
    expectError(await spk.get(`/api/vorlagen/${MISSING_ID}/audit`), 404, 'vorlage_not_found');
  });

  it('authorship: every section as runs with their authors; ?fassung validated; 401, 403, 404', async () => {
    const response = await spk.get(`/api/vorlagen/${vorlageId}/audit/authorship`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.fassung).toBeNull();
    const subject = (
      response.body.sections as {
        section: string;
        blocks: { runs: { text: string; author: number }[] }[];
      }[]
    ).find((section) => section.section === 'subject')!;
    expect(subject.blocks[0]!.runs.map((run) => run.text).join('')).toBe('Routen-Test');
    const author = response.body.authors[subject.blocks[0]!.runs[0]!.author];
    expect(author.people.map((person: { officeId: string }) => person.officeId)).toEqual([LEAD]);
    expectIssue(
      await spk.get(`/api/vorlagen/${vorlageId}/audit/authorship?fassung=abc`),
      'fassung',
    );
    expectError(
      await spk.get(`/api/vorlagen/${vorlageId}/audit/authorship?fassung=${'0'.repeat(64)}`),
      404,
      'not_found',
    );
    expectError(
      await anonymous.get(`/api/vorlagen/${vorlageId}/audit/authorship`),
      401,
      'unauthenticated',
    );
    expectError(
      await leadMember.get(`/api/vorlagen/${vorlageId}/audit/authorship`),
      403,
      'forbidden',
    );
  });

  it('fassungen: the current hash and the Fassung sent out; one Fassung re-hashed; a diff', async () => {
    const current = await currentFassung(spk, vorlageId);
    const list = await rapporteur.get(`/api/vorlagen/${vorlageId}/fassungen`);
    expect(list.status).toBe(200);
    expect(list.body.current.hash).toBe(current);
    expect(list.body.fassungen.map((fassung: { hash: string }) => fassung.hash)).toContain(current);

    const one = await rapporteur.get(`/api/vorlagen/${vorlageId}/fassungen/${current}`);
    expect(one.status).toBe(200);
    expect(one.body.hash).toBe(current);
    expect(one.body.verification).toMatchObject({ verified: true, computedHash: current });
    expect(one.body.plainText.subject).toBe('Routen-Test');

    const diff = await rapporteur.get(`/api/vorlagen/${vorlageId}/fassungen/${current}/diff`);
    expect(diff.status).toBe(200);
    expect(diff.body.from).toEqual({ hash: current, verified: true });
    expect(diff.body.to).toMatchObject({ hash: current, current: true });
  });

  it('fassungen: bad hash 400, unknown hash 404, bad query 400; 401 and 403', async () => {
    const base = `/api/vorlagen/${vorlageId}/fassungen`;
    expectIssue(await spk.get(`${base}/kein-hash`), 'hash');
    expectError(await spk.get(`${base}/${'0'.repeat(64)}`), 404, 'not_found');
    const current = await currentFassung(spk, vorlageId);
    expectIssue(await spk.get(`${base}/${current}/diff?against=gestern`), 'against');
    expectIssue(await spk.get(`${base}/${current}/diff?gegen=current`), '', /gegen/);
    expectError(await anonymous.get(base), 401, 'unauthenticated');
    expectError(await askedSigner.get(base), 403, 'forbidden');
    expectError(await askedSigner.get(`${base}/${current}`), 403, 'forbidden');
    expectError(await spk.get(`/api/vorlagen/${MISSING_ID}/fassungen`), 404, 'vorlage_not_found');
  });
});

describe('export: GET /api/vorlagen/{id}/export, /export/text, /export/intern', () => {
  it('before publication: 409; 401, 403 (outsider), 404', async () => {
    expectError(await spk.get(`/api/vorlagen/${vorlageId}/export`), 409, 'not_published');
    expectError(await spk.get(`/api/vorlagen/${vorlageId}/export/text`), 409, 'not_published');
    expectError(await anonymous.get(`/api/vorlagen/${vorlageId}/export`), 401, 'unauthenticated');
    expectError(await outsider.get(`/api/vorlagen/${vorlageId}/export`), 403, 'forbidden');
    expectError(await spk.get(`/api/vorlagen/${MISSING_ID}/export/text`), 404, 'vorlage_not_found');
  });

  it('a published Vorlage: the OParl Paper and its main file as text', async () => {
    const id = await publishedVorlage(
      { lead: leadMember, askedSigner, spk },
      LEAD,
      ASKED,
      'Export-Test',
    );
    const paper = await askedSigner.get(`/api/vorlagen/${id}/export`);
    expect(paper.status).toBe(200);
    expect(paper.body.name ?? paper.body.title ?? JSON.stringify(paper.body)).toContain(
      'Export-Test',
    );
    const text = await askedSigner.get(`/api/vorlagen/${id}/export/text`);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.body).toContain('Export-Test');
    expectError(await outsider.get(`/api/vorlagen/${id}/export/text`), 403, 'forbidden');
    // The internal export (Mitzeichnungen): audit roles only (D-111).
    expect((await spk.get(`/api/vorlagen/${id}/export/intern`)).status).toBe(200);
    expect((await rapporteur.get(`/api/vorlagen/${id}/export/intern`)).status).toBe(200);
    expectError(await askedSigner.get(`/api/vorlagen/${id}/export/intern`), 403, 'forbidden');
    expectError(await anonymous.get(`/api/vorlagen/${id}/export/intern`), 401, 'unauthenticated');
  });
});

describe('POST /api/feedback', () => {
  it('accepts feedback without session: 201 with an id and a German confirmation', async () => {
    const response = await anonymous.post('/api/feedback', {
      message: 'Der Kontrast der Schaltflächen ist zu gering.',
      email: 'leser@example.org',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      message: expect.stringMatching(/^Vielen Dank für Ihre Rückmeldung/),
    });
  });

  it('invalid input: 400 with the issue; a foreign Origin: 403', async () => {
    expectIssue(
      await anonymous.post('/api/feedback', { message: 'kurz' }),
      'message',
      'Bitte beschreiben Sie das Problem in mindestens 10 Zeichen.',
    );
    expectIssue(
      await anonymous.post('/api/feedback', { message: 'x'.repeat(20), email: 'keine-adresse' }),
      'email',
      /gültige E-Mail-Adresse/,
    );
    // Refused at the field or, for a body over the route's 32 KiB, as a whole (413).
    const long = await anonymous.post('/api/feedback', { message: 'x'.repeat(6000) });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body.error.issues)).toMatch(/höchstens 5000 Zeichen/);
    const huge = await anonymous.post('/api/feedback', { message: 'x'.repeat(100_000) });
    expectError(huge, 413, 'payload_too_large');
    expectIssue(await anonymous.post('/api/feedback', undefined, { raw: '{' }), '');
    expectError(
      await anonymous.post('/api/feedback', { message: 'x'.repeat(20) }, { origin: null }),
      403,
      'bad_origin',
    );
  });
});

describe('directory (admins only): POST /api/admin/users, /api/admin/users/{userId}/commands/*, /api/admin/offices', () => {
  const login = `neu.${randomUUID().slice(0, 8)}`;
  const password = 'ein-langes-passwort';
  const newUser = () => ({
    login,
    displayName: 'Neue Person',
    officeId: LEAD,
    role: 'member',
    password,
  });
  let admin: ApiClient;
  let userId: string;

  beforeAll(async () => {
    admin = await signedIn(product, 'admin');
  });

  it('D-57: an admin registers a user, who can then sign in with office and role from the record', async () => {
    const created = await admin.post('/api/admin/users', newUser());
    expect(created.status).toBe(201);
    userId = created.body.userId;
    const person = await new ApiClient(product.baseUrl).signIn(login, password);
    const me = await person.get('/api/me');
    expect(me.body.user).toMatchObject({ userId, login, officeId: LEAD, role: 'member' });
    const again = await admin.post('/api/admin/users', newUser());
    expectError(again, 409, 'user_already_exists');
  });

  it('D-57: nobody but an admin manages users or offices (SPK, signer, member: 403; no session: 401)', async () => {
    for (const client of [spk, askedSigner, leadMember]) {
      expectError(
        await client.post('/api/admin/users', {
          ...newUser(),
          login: `x.${randomUUID().slice(0, 6)}`,
        }),
        403,
        'forbidden',
      );
      expectError(
        await client.post('/api/admin/offices', {
          officeId: 'neues-amt',
          name: 'Neues Amt',
          shortName: 'Neu',
          kind: 'office',
        }),
        403,
        'forbidden',
      );
    }
    expectError(await anonymous.post('/api/admin/users', newUser()), 401, 'unauthenticated');
  });

  it('a weak password or a bad login is a 400 with a German message', async () => {
    expectIssue(
      await admin.post('/api/admin/users', { ...newUser(), password: 'kurz' }),
      'password',
      /mindestens 12 Zeichen/,
    );
    expectIssue(
      await admin.post('/api/admin/users', { ...newUser(), login: 'Groß Buchstaben' }),
      'login',
    );
    expectIssue(
      await admin.post('/api/admin/users', { ...newUser(), role: 'king' }),
      'role',
      /Ungültige Option/,
    );
  });

  it('role change and deactivation apply at once to the running session', async () => {
    const person = await new ApiClient(product.baseUrl).signIn(login, password);
    const changed = await admin.post(`/api/admin/users/${userId}/commands/change-role`, {
      role: 'signer',
    });
    expect(changed.status).toBe(200);
    expect((await person.get('/api/me')).body.user.role).toBe('signer');
    const deactivated = await admin.post(`/api/admin/users/${userId}/commands/deactivate`, {
      reason: 'Ausgeschieden',
    });
    expect(deactivated.status).toBe(200);
    expectError(await person.get('/api/me'), 401, 'unauthenticated');
    expectError(
      await new ApiClient(product.baseUrl).post('/api/session', { login, password }),
      401,
      'invalid_credentials',
    );
    expectError(
      await spk.post(`/api/admin/users/${userId}/commands/reactivate`, {}),
      403,
      'forbidden',
    );
    expectError(
      await admin.post(`/api/admin/users/${userId}/commands/befoerdern`, {}),
      404,
      'not_found',
    );
  });

  it('D-170: an admin moves an account to another office; its sessions end, the next one has the new office', async () => {
    const moving = `umzug.${randomUUID().slice(0, 8)}`;
    const created = await admin.post('/api/admin/users', { ...newUser(), login: moving });
    expect(created.status).toBe(201);
    const movingId = created.body.userId as string;
    const person = await new ApiClient(product.baseUrl).signIn(moving, password);
    const path = `/api/admin/users/${movingId}/commands/change-office`;
    expect((await admin.post(path, { officeId: ASKED })).status).toBe(200);
    expectError(await person.get('/api/me'), 401, 'unauthenticated');
    const again = await new ApiClient(product.baseUrl).signIn(moving, password);
    expect((await again.get('/api/me')).body.user.officeId).toBe(ASKED);
    expectError(await admin.post(path, { officeId: ASKED }), 409, 'office_unchanged');
    expectError(await admin.post(path, { officeId: 'gibt-es-nicht' }), 404, 'office_not_found');
    expectError(await spk.post(path, { officeId: LEAD }), 403, 'forbidden');
  });

  it('D-57: an admin registers an office', async () => {
    const officeId = `amt-${randomUUID().slice(0, 6)}`;
    const created = await admin.post('/api/admin/offices', {
      officeId,
      name: 'Amt für Tests',
      shortName: 'Test',
      kind: 'office',
    });
    expect(created.status).toBe(201);
    expectError(
      await admin.post('/api/admin/offices', {
        officeId,
        name: 'Amt für Tests',
        shortName: 'Test',
        kind: 'office',
      }),
      409,
      'office_already_exists',
    );
  });
});

describe('no session: 401 on every route that needs one', () => {
  it('every GET and POST that reads or changes Vorlagen answers 401 unauthenticated', async () => {
    const hash = '0'.repeat(64);
    const gets = [
      '/api/me',
      '/api/offices',
      '/api/inbox',
      '/api/vorlagen',
      `/api/vorlagen/${vorlageId}`,
      `/api/vorlagen/${vorlageId}/audit`,
      `/api/vorlagen/${vorlageId}/audit/authorship`,
      `/api/vorlagen/${vorlageId}/fassungen`,
      `/api/vorlagen/${vorlageId}/fassungen/${hash}`,
      `/api/vorlagen/${vorlageId}/fassungen/${hash}/diff`,
      `/api/vorlagen/${vorlageId}/export`,
      `/api/vorlagen/${vorlageId}/export/text`,
      '/api/changes',
      `/api/changes?vorlage=${vorlageId}`,
      `/api/vorlagen/${vorlageId}/kommentare`,
    ];
    const posts = [
      '/api/vorlagen',
      `/api/vorlagen/${vorlageId}/collab-token`,
      ...Object.keys(COMMAND_ROUTES).map(
        (segment) => `/api/vorlagen/${vorlageId}/commands/${segment}`,
      ),
      ...Object.keys(DISCUSSION_COMMAND_ROUTES).map(
        (segment) => `/api/vorlagen/${vorlageId}/kommentare/${segment}`,
      ),
    ];
    const answers = [
      ...(await Promise.all(gets.map(async (path) => [path, await anonymous.get(path)] as const))),
      ...(await Promise.all(
        posts.map(async (path) => [path, await anonymous.post(path)] as const),
      )),
    ];
    for (const [path, response] of answers) {
      expect({ path, status: response.status, code: response.body?.error?.code }).toEqual({
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
  });
});

describe('comments: GET /api/vorlagen/{id}/kommentare, POST …/kommentare/{command} (D-130…D-134)', () => {
  const start = { sectionKey: 'justification', anchor: { start: 'AQ==', end: 'Ag==' }, quote: 'x' };

  it('the asked signer starts a thread, the lead member replies and resolves; everyone taking part reads it', async () => {
    const started = await askedSigner.post(`/api/vorlagen/${vorlageId}/kommentare/start-thread`, {
      ...start,
      body: 'Frage zur Begründung',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const threadId = started.body.events[0].id as string;
    const replied = await leadMember.post(`/api/vorlagen/${vorlageId}/kommentare/reply-to-thread`, {
      threadId,
      body: 'Antwort',
    });
    expect(replied.status).toBe(200);
    expect(
      (await leadMember.post(`/api/vorlagen/${vorlageId}/kommentare/resolve-thread`, { threadId }))
        .status,
    ).toBe(200);
    const read = await rapporteur.get(
      `/api/vorlagen/${vorlageId}/kommentare?after=${replied.body.position}`,
    );
    expect(read.status).toBe(200);
    expect(read.body.threads).toContainEqual(
      expect.objectContaining({ threadId, body: 'Frage zur Begründung', resolved: true }),
    );
  });

  it('400 with the zod issue, 403 for rapporteurs and outsiders, 404 for a missing Vorlage or thread, 409 twice Erledigt', async () => {
    const url = (segment: string, id = vorlageId) => `/api/vorlagen/${id}/kommentare/${segment}`;
    expectIssue(await spk.post(url('start-thread'), { ...start, body: ' ' }), 'body');
    expectIssue(await spk.post(url('start-thread'), { ...start, body: 'x'.repeat(4001) }), 'body');
    expectIssue(
      await spk.post(url('start-thread'), { ...start, body: 'x', anchor: { start: '!' } }),
      'anchor.start',
    );
    expectError(
      await rapporteur.post(url('start-thread'), { ...start, body: 'x' }),
      403,
      'forbidden',
    );
    expectError(
      await outsider.post(url('start-thread'), { ...start, body: 'x' }),
      403,
      'forbidden',
    );
    expectError(await outsider.get(`/api/vorlagen/${vorlageId}/kommentare`), 403, 'forbidden');
    expectError(
      await spk.post(url('start-thread', MISSING_ID), { ...start, body: 'x' }),
      404,
      'vorlage_not_found',
    );
    expectError(
      await spk.post(url('reply-to-thread'), { threadId: randomUUID(), body: 'x' }),
      404,
      'thread_not_found',
    );
    expectError(await spk.post(url('gibt-es-nicht'), {}), 404, 'not_found');
    const started = await spk.post(url('start-thread'), { ...start, body: 'x' });
    const threadId = started.body.events[0].id as string;
    expect((await spk.post(url('resolve-thread'), { threadId })).status).toBe(200);
    expectError(await spk.post(url('resolve-thread'), { threadId }), 409, 'thread_resolved');
  });

  it('D-182, D-183: the lead office marks a thread as dissent; the block lists it; the audit JSON carries the discussion events with actor, time and stream', async () => {
    const url = (segment: string) => `/api/vorlagen/${vorlageId}/kommentare/${segment}`;
    const started = await askedSigner.post(url('start-thread'), {
      ...start,
      body: 'Die Kosten sind nicht gedeckt.',
    });
    const threadId = started.body.events[0].id as string;
    const marked = await leadMember.post(url('mark-thread-as-dissent'), { threadId });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expectError(
      await rapporteur.post(url('mark-thread-as-dissent'), { threadId }),
      403,
      'forbidden',
    );
    // The lead office cannot make another office's disagreement disappear (D-182).
    expectError(
      await leadMember.post(url('unmark-thread-as-dissent'), { threadId }),
      403,
      'forbidden',
    );
    expectError(
      await askedSigner.post(url('mark-thread-as-dissent'), { threadId }),
      409,
      'thread_already_dissent',
    );
    const detail = await leadMember.get(`/api/vorlagen/${vorlageId}?after=${marked.body.position}`);
    expect(detail.body.disagreements).toContainEqual(
      expect.objectContaining({
        kind: 'thread',
        threadId,
        officeId: ASKED,
        comment: 'Die Kosten sind nicht gedeckt.',
        state: 'open',
      }),
    );
    // Only the lifecycle's refusals feed the dissent panel and the overview.
    expect(detail.body.vorlage.disagreements).not.toContainEqual(
      expect.objectContaining({ threadId }),
    );

    const audit = await spk.get(`/api/vorlagen/${vorlageId}/audit`);
    expect(audit.status).toBe(200);
    const { discussion } = audit.body as {
      discussion: {
        stream: string;
        chain: { ok: boolean };
        events: { type: string; stream: string; time: string; actor: unknown; details: unknown }[];
      };
    };
    expect(discussion.stream).toBe(`discussion-${vorlageId}`);
    expect(discussion.chain.ok).toBe(true);
    expect(discussion.events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'ThreadStarted',
        'ReplyPosted',
        'ThreadResolved',
        'ThreadMarkedAsDissent',
      ]),
    );
    expect(discussion.events.find((event) => event.type === 'ThreadMarkedAsDissent')).toMatchObject(
      {
        stream: `discussion-${vorlageId}`,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        actor: { officeId: LEAD, role: 'member' },
        details: { threadId },
      },
    );
  });
});

describe('GET /api/openapi.json, /api/health', () => {
  it('documents every route file on disk with its methods, and every command segment', async () => {
    const response = await anonymous.get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    const documented = response.body.paths as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    const routes = routeFiles();
    expect(routes.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/api/session', '/api/vorlagen/{id}/commands/{command}']),
    );
    for (const { path, methods } of routes) {
      expect(methods, path).not.toEqual([]);
      const segments = Object.keys(
        path.startsWith('/api/admin/users')
          ? USER_COMMAND_ROUTES
          : path.includes('/kommentare/')
            ? DISCUSSION_COMMAND_ROUTES
            : COMMAND_ROUTES,
      );
      const paths = path.includes('{command}')
        ? segments.map((segment) => path.replace('{command}', segment))
        : [path];
      for (const documentedPath of paths) {
        for (const method of methods) {
          if (!documented[documentedPath]?.[method]) missing.push(`${method} ${documentedPath}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('health answers without session', async () => {
    const response = await anonymous.get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      service: 'app',
      parts: { eventStore: 'ok', projections: 'ok', collab: 'ok' },
    });
  });
});

describe('no 500 for bad input', () => {
  const junkBodies = [
    '',
    '{',
    'null',
    '[]',
    '"x"',
    '1e999',
    '{"__proto__": {"admin": true}}',
    JSON.stringify({ officeIds: 'alle', deadline: [], fassungHash: {}, kind: 1, reason: null }),
    JSON.stringify({ text: { subject: [{ type: '<script>', content: 'x'.repeat(50_000) }] } }),
    JSON.stringify({ deep: JSON.parse('['.repeat(500) + ']'.repeat(500)) }),
    '\u0000\u0001\uFFFF',
  ];

  it('every command segment with junk bodies answers 4xx', async () => {
    const id = await createVorlage(spk, LEAD);
    for (const segment of Object.keys(COMMAND_ROUTES)) {
      for (const raw of junkBodies) {
        const response = await spk.post(`/api/vorlagen/${id}/commands/${segment}`, undefined, {
          raw,
        });
        expect(
          response.status >= 400 && response.status < 500,
          `${segment} ${raw.slice(0, 40)} → ${response.status} ${JSON.stringify(response.body)}`,
        ).toBe(true);
      }
    }
  });

  it('sign-in, create and collab-token with junk bodies answer 4xx', async () => {
    for (const raw of junkBodies) {
      for (const [client, path] of [
        [new ApiClient(product.baseUrl), '/api/session'],
        [spk, '/api/vorlagen'],
      ] as const) {
        const response = await client.post(path, undefined, { raw });
        // Sign-in takes at most 8 KiB: larger junk is refused by size (413).
        const expected = path === '/api/session' && Buffer.byteLength(raw) > 8 * 1024 ? 413 : 400;
        expect(response.status, `${path} ${raw.slice(0, 40)}`).toBe(expected);
      }
      const token = await spk.post(`/api/vorlagen/${vorlageId}/collab-token`, undefined, { raw });
      expect(token.status).toBe(200);
    }
  });
});
