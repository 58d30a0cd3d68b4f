// D-57 for the Verwaltung's pages, cell by cell against the started product: each role gets the
// admin pages with 200 exactly when the API lets it run the directory commands behind them — the
// page guard and the domain decide alike; signed out, the pages lead to the sign-in page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userIdForLogin } from '../../domain/directory/decider';
import {
  ApiClient,
  DEMO_PASSWORD,
  signedIn,
  startProduct,
  type TestProduct,
} from '../../scripts/lib/test-product';

/** One demo account per role. */
const ACTORS = {
  member: 'jugendamt',
  signer: 'jugendamt.zeichnung',
  coordination: 'spk',
  rapporteur: 'boehm',
  auditor: 'pruefung',
  admin: 'admin',
} as const;
type RoleName = keyof typeof ACTORS;
const CELLS: [RoleName, 200 | 403][] = [
  ['member', 403],
  ['signer', 403],
  ['coordination', 403],
  ['rapporteur', 403],
  ['auditor', 403],
  ['admin', 200],
];

let product: TestProduct;
const as = {} as Record<RoleName, ApiClient>;
let signerId: string;

beforeAll(async () => {
  product = await startProduct();
  for (const role of Object.keys(ACTORS) as RoleName[]) {
    as[role] = await signedIn(product, ACTORS[role]);
  }
  signerId = await userIdForLogin(ACTORS.signer);
}, 660_000);

afterAll(async () => {
  await product?.stop();
}, 60_000);

const pages = () => [
  '/verwaltung/benutzer',
  `/verwaltung/benutzer/${signerId}`,
  '/verwaltung/aemter',
];

describe('D-57: the Verwaltung pages follow the directory right of the API', () => {
  it.each(CELLS)('D-57: %s → pages %i, and the API agrees', async (role, status) => {
    for (const path of pages()) {
      const page = await as[role].get(path);
      expect({ role, path, status: page.status }).toEqual({ role, path, status });
      if (status === 403) expect(page.body as string).toContain('Kein Zugriff auf die Verwaltung');
    }
    const login = `matrix.${role}.${randomUUID().slice(0, 8)}`;
    const registered = await as[role].post(
      '/api/admin/users',
      {
        login,
        displayName: `Matrix ${role}`,
        officeId: 'jugendamt',
        role: 'member',
        password: 'ein-langes-passwort',
      },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect({ role, status: registered.status }).toEqual({
      role,
      status: status === 200 ? 201 : 403,
    });
  });

  it('D-57: signed out, every admin page leads to the sign-in page and back', async () => {
    const anonymous = new ApiClient(product.baseUrl);
    for (const path of pages()) {
      const response = await anonymous.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 307 });
      expect(response.headers.get('location')).toBe(`/anmelden?weiter=${encodeURIComponent(path)}`);
    }
  });

  it('an unknown or malformed account id is 404 for the admin', async () => {
    for (const id of [randomUUID(), 'kein-konto']) {
      expect((await as.admin.get(`/verwaltung/benutzer/${id}`)).status).toBe(404);
    }
  });

  it('D-50: an admin is not shown an empty Vorlagen list but led to the Verwaltung, also after sign-in', async () => {
    const list = await as.admin.get('/vorlagen');
    expect(list.status).toBe(307);
    expect(list.headers.get('location')).toBe('/verwaltung/benutzer');
    const form = await new ApiClient(product.baseUrl).request('POST', '/api/session', {
      raw: new URLSearchParams({ login: 'admin', password: DEMO_PASSWORD }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/verwaltung/benutzer');
  });
});
