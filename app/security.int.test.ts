// Issue 16's rules against the started product (npm start on free ports): audit seals that a store
// writer cannot forge, and the hardened HTTP surface.
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHeadOf, sealEvents, verifyChain } from '../domain/audit/chain';
import type { JsonValue } from '../domain/application/event-store-port';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { loadAuditKeys } from '../platform/audit-keys';
import { ApiClient, signedIn, startProduct, type TestProduct } from '../scripts/lib/test-product';
import {
  command,
  commandOk,
  createVorlage,
  currentFassung,
  FUTURE_DEADLINE,
  requestSignOffs,
} from '../scripts/lib/test-workflow';

const LEAD = 'jugendamt';
const ASKED = 'soziales';

let product: TestProduct;
let store: EventStoreClient;
let spk: ApiClient;
let lead: ApiClient;
let askedSigner: ApiClient;

beforeAll(async () => {
  product = await startProduct();
  store = createEventStoreClient(product.eventStoreUrl);
  spk = await signedIn(product, 'spk');
  lead = await signedIn(product, LEAD);
  askedSigner = await signedIn(product, `${ASKED}.zeichnung`);
}, 660_000);

afterAll(async () => {
  await store?.close();
  await product?.stop();
}, 60_000);

/** Visible text of an HTML page (React's text separators and tags removed). */
function pageText(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('signed audit seals (D-87)', () => {
  it('a SignOffGiven appended directly to the store with a valid chain hash but no signature is reported at its position, also on the history page', async () => {
    const genuine = await createVorlage(lead, LEAD, 'Echt signiert');
    const target = await createVorlage(lead, LEAD, 'Ziel der Fälschung');
    for (const id of [genuine, target]) await requestSignOffs(lead, id, [ASKED]);
    await commandOk(askedSigner, genuine, 'give-sign-off', {
      officeId: ASKED,
      kind: 'approve',
      fassungHash: await currentFassung(spk, genuine),
    });
    const trust = loadAuditKeys(product.dataDir).trust;
    const genuineEvents = await store.readStream(`vorlage-${genuine}`);
    expect(await verifyChain(genuineEvents, { trust })).toMatchObject({ ok: true });

    // The attacker copies a real sign-off and chains it with the project's own sealing code.
    const model = genuineEvents.find((event) => event.type === 'SignOffGiven')!;
    const { chain: _chain, ...metadata } = model.metadata as Record<string, JsonValue>;
    const forgedId = randomUUID();
    const before = await store.readStream(`vorlage-${target}`);
    const { events: forged } = await sealEvents(
      [
        {
          id: forgedId,
          type: 'SignOffGiven',
          data: model.data as JsonValue,
          metadata: { ...metadata, commandId: forgedId, correlationId: forgedId },
        },
      ],
      chainHeadOf(before),
    );
    await store.appendToStream(`vorlage-${target}`, forged, before.at(-1)!.revision);

    const after = await store.readStream(`vorlage-${target}`);
    expect(await verifyChain(after)).toMatchObject({ ok: true });
    const verdict = await verifyChain(after, { trust });
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'unsigned',
      firstBrokenIndex: before.length,
      eventId: forgedId,
    });

    const page = await spk.get(`/vorlagen/${target}/historie`);
    expect(page.status).toBe(200);
    expect(pageText(page.body as string)).toContain(
      `Erstes auffälliges Ereignis: Nr. ${before.length} (`,
    );
    expect(pageText(page.body as string)).toContain('nicht vom System signiert');
  });
});

/** Sends `bytes` bytes (chunked or with Content-Length) and returns the status, without buffering. */
function pushBody(
  path: string,
  bytes: number,
  options: { chunked: boolean; cookie?: string; contentType?: string },
): Promise<number> {
  const url = new URL(path, product.baseUrl);
  const headers: Record<string, string> = {
    origin: url.origin,
    'content-type': options.contentType ?? 'application/json',
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.chunked ? {} : { 'content-length': String(bytes) }),
  };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      outgoing.destroy();
    });
    // The server may answer and close before the body is through: that is the point.
    outgoing.on('error', (error) => (outgoing.writableEnded ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes && !outgoing.destroyed) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', pump);
      }
      if (!outgoing.destroyed) outgoing.end();
    };
    pump();
  });
}

/** Resident memory of the app server (the start script's `next` child), in MiB. */
function appRssMiB(): number {
  const line = execFileSync('ps', ['-o', 'rss=,args=', '--ppid', String(product.pid)], {
    encoding: 'utf8',
  })
    .split('\n')
    .find((candidate) => candidate.includes('next'));
  return Number(line?.trim().split(/\s+/)[0] ?? Number.NaN) / 1024;
}

describe('HTTP hardening', () => {
  it('a 50 MB body to three routes (anonymous and signed in, chunked and not) → 413, memory bounded', async () => {
    const before = appRssMiB();
    const cookie = lead.cookieHeader();
    const cases = [
      { path: '/api/session', cookie: undefined },
      { path: '/api/feedback', cookie: undefined },
      { path: '/api/vorlagen', cookie },
    ];
    for (const { path, cookie: sessionCookie } of cases) {
      for (const chunked of [false, true]) {
        const status = await pushBody(path, 50 * 1024 * 1024, { chunked, cookie: sessionCookie });
        expect(status, `${path} chunked=${chunked}`).toBe(413);
      }
    }
    // Six 50 MB bodies were refused after at most 2 MiB each: the app grew by far less than one.
    expect(appRssMiB() - before).toBeLessThan(50);
  }, 120_000);

  it('a forged Host with a matching Origin is refused (origin from PUBLIC_URL only)', async () => {
    const url = new URL('/api/session', product.baseUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const forged = httpRequest(
        url,
        {
          method: 'POST',
          headers: {
            host: `evil.example:${url.port}`,
            origin: `http://evil.example:${url.port}`,
            'content-type': 'application/json',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      forged.on('error', reject);
      forged.end(JSON.stringify({ login: 'spk', password: 'vorlagen-demo' }));
    });
    expect(status).toBe(403);

    // Nor does the collab URL handed out with a token follow a forged Host.
    const vorlage = await createVorlage(lead, LEAD, 'Host egal');
    const body = await new Promise<string>((resolve, reject) => {
      const tokenRequest = httpRequest(
        new URL(`/api/vorlagen/${vorlage}/collab-token`, product.baseUrl),
        {
          method: 'POST',
          headers: {
            host: `evil.example:${url.port}`,
            origin: url.origin,
            cookie: lead.cookieHeader(),
          },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        },
      );
      tokenRequest.on('error', reject);
      tokenRequest.end();
    });
    expect(JSON.parse(body).url).toBe(`ws://127.0.0.1:${product.ports.collab}`);
  });

  it('the projection service answers 401 without the shared secret', async () => {
    const base = `http://127.0.0.1:${product.ports.projections}`;
    expect((await fetch(`${base}/changes`)).status).toBe(401);
    expect((await fetch(`${base}/wait?position=0&timeoutMs=10`)).status).toBe(401);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });

  it('every page carries the security headers; the CSP allows scripts only with the nonce', async () => {
    const vorlage = await createVorlage(lead, LEAD, 'Kopfzeilen');
    const anonymous = new ApiClient(product.baseUrl);
    const pages: [ApiClient, string][] = [
      [anonymous, '/anmelden'],
      [anonymous, '/barrierefreiheit'],
      [spk, '/vorlagen'],
      [spk, `/vorlagen/${vorlage}`],
      [spk, `/vorlagen/${vorlage}/historie`],
      [spk, '/uebersicht'],
      [spk, '/gibt-es-nicht'],
    ];
    for (const [client, path] of pages) {
      const page = await client.get(path);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc, path).not.toContain("'unsafe-inline'");
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
      expect(nonce, path).toBeTruthy();
      for (const tag of (page.body as string).match(/<script\b[^>]*>/g) ?? []) {
        expect(tag, path).toContain(`nonce="${nonce}"`);
      }
      expect(page.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(page.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(page.headers.get('permissions-policy'), path).toContain('camera=()');
    }
    const api = await anonymous.get('/api/health/live');
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('pages answer 404 for an unknown Vorlage, 403 for one the office does not take part in and for a history without audit right', async () => {
    const vorlage = await createVorlage(lead, LEAD, 'Nur für Beteiligte');
    expect((await spk.get('/vorlagen/gibt-es-nicht-123')).status).toBe(404);
    expect((await spk.get('/vorlagen/gibt-es-nicht-123/historie')).status).toBe(404);
    const outsider = await signedIn(product, 'wirtschaftsfoerderung');
    const refused = await outsider.get(`/vorlagen/${vorlage}`);
    expect(refused.status).toBe(403);
    expect(pageText(refused.body as string)).toContain('Kein Zugriff');
    // An office member of the lead office may read the Vorlage but not its history.
    const history = await lead.get(`/vorlagen/${vorlage}/historie`);
    expect(history.status).toBe(403);
    expect(pageText(history.body as string)).toContain('Kein Zugriff auf die Historie');
  });

  it('the overview, the inbox and the history answer 403 with their notice to roles they are not for', async () => {
    const overview = await lead.get('/uebersicht');
    expect(overview.status).toBe(403);
    expect(pageText(overview.body as string)).toContain('Kein Zugriff auf die Übersicht');
    const inbox = await spk.get('/eingang');
    expect(inbox.status).toBe(403);
    expect(pageText(inbox.body as string)).toContain('Kein Eingang für Ihre Rolle');
    const history = await lead.get('/historie');
    expect(history.status).toBe(403);
    expect(pageText(history.body as string)).toContain('Kein Zugriff auf die Historie');
    for (const [client, path] of [
      [spk, '/uebersicht'],
      [lead, '/eingang'],
      [spk, '/historie'],
    ] as const) {
      expect((await client.get(path)).status, path).toBe(200);
    }
  });

  it('feedback is rate-limited per client (429), other clients still get through', async () => {
    const send = (client: string) =>
      new ApiClient(product.baseUrl).post(
        '/api/feedback',
        { message: 'Der Kontrast ist zu gering.' },
        { headers: { 'x-forwarded-for': client } },
      );
    const statuses: number[] = [];
    for (let n = 0; n < 15; n += 1) statuses.push((await send('203.0.113.7')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    expect((await send('203.0.113.8')).status).toBe(201);
  });

  it('feedback is rate-limited per account across client addresses', async () => {
    const auditor = await signedIn(product, 'pruefung');
    const statuses: number[] = [];
    for (let n = 0; n < 22; n += 1) {
      const response = await auditor.post(
        '/api/feedback',
        { message: 'Noch eine Rückmeldung.' },
        { headers: { 'x-forwarded-for': `198.51.100.${n}` } },
      );
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
  });

  it('password spraying: failed sign-ins across many accounts from one client → 429, even with a right password', async () => {
    const sprayer = { 'x-forwarded-for': '192.0.2.66' };
    const logins = ['jugendamt', 'soziales', 'qpk', 'umwelt', 'stadtentwicklung'];
    let attempts = 0;
    for (let n = 0; attempts < 20; n += 1) {
      const response = await new ApiClient(product.baseUrl).post(
        '/api/session',
        {
          login: `${logins[n % logins.length]!}${n < logins.length ? '' : `.x${n}`}`,
          password: 'Sommer2026!',
        },
        { headers: sprayer },
      );
      expect(response.status).toBe(401);
      attempts += 1;
    }
    const blocked = await new ApiClient(product.baseUrl).post(
      '/api/session',
      { login: 'spk', password: 'vorlagen-demo' },
      { headers: sprayer },
    );
    expect(blocked.status).toBe(429);
    const elsewhere = await new ApiClient(product.baseUrl).post(
      '/api/session',
      { login: 'spk', password: 'vorlagen-demo' },
      { headers: { 'x-forwarded-for': '192.0.2.67' } },
    );
    expect(elsewhere.status).toBe(200);
  });

  it('a password change ends every other session of the user; a reactivation revives none', async () => {
    const admin = await signedIn(product, 'admin');
    const login = `sitzung.${randomUUID().slice(0, 8)}`;
    const created = await admin.post('/api/admin/users', {
      login,
      displayName: 'Sitzungsprobe',
      officeId: LEAD,
      role: 'member',
      password: 'ein-langes-passwort',
    });
    expect(created.status).toBe(201);
    const userId = created.body.userId as string;
    const first = await signedIn(product, login).catch(() => null);
    const firstSession =
      first ?? (await new ApiClient(product.baseUrl).signIn(login, 'ein-langes-passwort'));
    const second = await new ApiClient(product.baseUrl).signIn(login, 'ein-langes-passwort');
    expect((await second.get('/api/me')).status).toBe(200);
    const changed = await admin.post(`/api/admin/users/${userId}/commands/change-password`, {
      password: 'ein-neues-langes-passwort',
    });
    expect(changed.status).toBe(200);
    expect((await firstSession.get('/api/me')).status).toBe(401);
    expect((await second.get('/api/me')).status).toBe(401);

    const third = await new ApiClient(product.baseUrl).signIn(login, 'ein-neues-langes-passwort');
    expect(
      (
        await admin.post(`/api/admin/users/${userId}/commands/deactivate`, {
          reason: 'Probe',
        })
      ).status,
    ).toBe(200);
    expect((await admin.post(`/api/admin/users/${userId}/commands/reactivate`, {})).status).toBe(
      200,
    );
    expect((await third.get('/api/me')).status).toBe(401);
  });

  it('the last active admin can neither lose the admin role nor be deactivated', async () => {
    const admin = await signedIn(product, 'admin');
    const me = await admin.get('/api/me');
    const adminId = me.body.user.userId as string;
    const demoted = await admin.post(`/api/admin/users/${adminId}/commands/change-role`, {
      role: 'member',
    });
    expect(demoted.status).toBe(409);
    expect(demoted.body.error.code).toBe('last_admin');
    const deactivated = await admin.post(`/api/admin/users/${adminId}/commands/deactivate`, {
      reason: 'Versehen',
    });
    expect(deactivated.status).toBe(409);
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('sign-offs can be requested only from existing member offices', async () => {
    const vorlage = await createVorlage(lead, LEAD, 'Nur echte Ämter');
    const fassungHash = await currentFassung(lead, vorlage);
    for (const officeId of ['gibt-es-nicht', 'spk']) {
      const response = await command(lead, vorlage, 'request-sign-offs', {
        officeIds: [ASKED, officeId],
        deadline: FUTURE_DEADLINE,
        deemedGivenPolicy: 'explicitOnly',
        fassungHash,
      });
      expect(response.status, officeId).toBe(400);
      expect(response.body.error.issues[0].path).toBe('officeIds.1');
    }
  });

  it('data and log files are created 0600 in 0700 folders', () => {
    const loose: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const mode = statSync(path).mode & 0o777;
        if (entry.isDirectory()) {
          if (mode !== 0o700) loose.push(`${path} ${mode.toString(8)}`);
          walk(path);
        } else if (mode & 0o077) loose.push(`${path} ${mode.toString(8)}`);
      }
    };
    walk(product.dataDir);
    expect(statSync(product.dataDir).mode & 0o777).toBe(0o700);
    expect(loose).toEqual([]);
  });
});
