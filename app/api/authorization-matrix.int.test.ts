// DESIGN.md's role table, cell by cell, over HTTP against the started product (domain SPEC D-50…D-58),
// and its WebSocket side: collab tokens issued by the app, used by real WebsocketProviders.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { eventStoreTextSource } from '../../collab-server/event-store-source';
import { createTextStore, docFromLoadedText, type TextStore } from '../../collab-server/text-store';
import { createCollabProvider, isEditingLocked } from '../../editor/collab-provider';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
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
  requestSignOffs,
} from '../../scripts/lib/test-workflow';

const LEAD = 'jugendamt';
const ASKED = 'soziales';
const ASKED_2 = 'qpk';
const OUTSIDER = 'wirtschaftsfoerderung';

/** One actor per cell of the role table: role × relation of their office to the Vorlage. */
const ACTORS = {
  'lead office member': LEAD,
  'lead office signer': `${LEAD}.zeichnung`,
  'asked office member': ASKED,
  'asked office signer': `${ASKED}.zeichnung`,
  'second asked office signer': `${ASKED_2}.zeichnung`,
  'outside office member': OUTSIDER,
  'outside office signer': `${OUTSIDER}.zeichnung`,
  SPK: 'spk',
  rapporteur: 'boehm',
  auditor: 'pruefung',
  admin: 'admin',
} as const;
type ActorName = keyof typeof ACTORS;
const ALL_ACTORS = Object.keys(ACTORS) as ActorName[];

let product: TestProduct;
const as = {} as Record<ActorName, ApiClient>;
let store: EventStoreClient;
let textStore: TextStore;
/** Lead office LEAD, sign-offs asked of ASKED and ASKED_2, editing open. */
let signOffVorlage: string;
/** The same shape, editing locked. */
let lockedVorlage: string;

beforeAll(async () => {
  product = await startProduct();
  for (const name of ALL_ACTORS) as[name] = await signedIn(product, ACTORS[name]);
  store = createEventStoreClient(product.eventStoreUrl);
  textStore = createTextStore(eventStoreTextSource(store));
  signOffVorlage = await vorlageInSignOff();
  lockedVorlage = await vorlageInSignOff();
  await commandOk(as['lead office member'], lockedVorlage, 'lock-editing');
}, 660_000);

afterAll(async () => {
  await store?.close();
  await product?.stop();
}, 60_000);

async function vorlageInSignOff(): Promise<string> {
  const id = await createVorlage(as['lead office member'], LEAD, 'Matrix');
  await requestSignOffs(as['lead office member'], id, [ASKED, ASKED_2]);
  return id;
}

function expectAnswer(response: ApiResponse, status: number, code?: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({
    status,
    code: status < 300 ? undefined : code,
  });
}

/** Runs `attempt` for every actor except `allowed` and expects 403 `forbidden` from each. */
async function expectForbiddenForOthers(
  allowed: readonly ActorName[],
  attempt: (client: ApiClient) => Promise<ApiResponse>,
  code = 'forbidden',
): Promise<void> {
  for (const name of ALL_ACTORS.filter((actor) => !allowed.includes(actor))) {
    const response = await attempt(as[name]);
    expect({ actor: name, status: response.status, code: response.body?.error?.code }).toEqual({
      actor: name,
      status: 403,
      code,
    });
  }
}

describe('D-50: read a Vorlage — taking-part offices, SPK, rapporteur, auditor; not admin', () => {
  const cells: [ActorName, 200 | 403][] = [
    ['lead office member', 200],
    ['lead office signer', 200],
    ['asked office member', 200],
    ['asked office signer', 200],
    ['outside office member', 403],
    ['outside office signer', 403],
    ['SPK', 200],
    ['rapporteur', 200],
    ['auditor', 200],
    ['admin', 403],
  ];

  it.each(cells)(
    'D-50: %s reads the Vorlage → %i, and lists it only then',
    async (name, status) => {
      const response = await as[name].get(`/api/vorlagen/${signOffVorlage}`);
      expectAnswer(response, status, 'forbidden');
      if (status === 200) expect(response.body.vorlage.vorlageId).toBe(signOffVorlage);
      const listed = (await as[name].get('/api/vorlagen')).body.vorlagen as { vorlageId: string }[];
      expect(listed.some((entry) => entry.vorlageId === signOffVorlage)).toBe(status === 200);
    },
  );

  it('D-50: a member reads a Vorlage while drafting only if its office leads it', async () => {
    const draft = await createVorlage(as['lead office member'], LEAD, 'Entwurf');
    expectAnswer(await as['lead office signer'].get(`/api/vorlagen/${draft}`), 200);
    // Not yet asked: the office does not take part yet.
    expectAnswer(await as['asked office member'].get(`/api/vorlagen/${draft}`), 403, 'forbidden');
    await requestSignOffs(as['lead office member'], draft, [ASKED]);
    expectAnswer(await as['asked office member'].get(`/api/vorlagen/${draft}`), 200);
  });

  it('D-50: the live change stream follows the same rule', async () => {
    for (const name of ['outside office member', 'admin'] as const) {
      expectAnswer(await as[name].get(`/api/changes?vorlage=${signOffVorlage}`), 403, 'forbidden');
    }
  });
});

describe('D-51: edit text — taking-part offices and SPK, only while editing is open', () => {
  const openCells: [ActorName, 'rw' | 'ro' | 403][] = [
    ['lead office member', 'rw'],
    ['lead office signer', 'rw'],
    ['asked office member', 'rw'],
    ['asked office signer', 'rw'],
    ['outside office member', 403],
    ['outside office signer', 403],
    ['SPK', 'rw'],
    ['rapporteur', 'ro'],
    ['auditor', 'ro'],
    ['admin', 403],
  ];

  it.each(openCells)('D-51: editing open — %s gets a collab token → %s', async (name, expected) => {
    const response = await as[name].post(`/api/vorlagen/${signOffVorlage}/collab-token`);
    if (expected === 403) {
      expectAnswer(response, 403, 'forbidden');
      return;
    }
    expectAnswer(response, 200);
    expect(response.body.mode).toBe(expected);
    expect((await detail(as[name], signOffVorlage)).permissions.canEdit).toBe(expected === 'rw');
  });

  it.each(openCells)(
    'D-51: editing locked — %s gets a read-only token or none',
    async (name, open) => {
      const response = await as[name].post(`/api/vorlagen/${lockedVorlage}/collab-token`);
      if (open === 403) {
        expectAnswer(response, 403, 'forbidden');
        return;
      }
      expectAnswer(response, 200);
      expect(response.body.mode).toBe('ro');
      expect((await detail(as[name], lockedVorlage)).permissions.canEdit).toBe(false);
    },
  );
});

describe('D-52: create, request sign-offs, lock/unlock — lead office (member, signer) and SPK', () => {
  const body = {
    title: 'Matrix: anlegen',
    leadOfficeId: LEAD,
    rapporteurName: 'Bezirksstadträtin Carolina Böhm',
    targetSessionDate: FUTURE_SESSION_DATE,
  };
  const LIFECYCLE: ActorName[] = ['lead office member', 'lead office signer', 'SPK'];

  it.each(LIFECYCLE)('D-52: %s creates a Vorlage for the lead office → 201', async (name) => {
    const response = await as[name].post('/api/vorlagen', body);
    expectAnswer(response, 201);
    const created = await detail(as[name], response.body.vorlageId, response.body.position);
    expect(created.vorlage.leadOfficeId).toBe(LEAD);
    expect(created.permissions.canManageLifecycle).toBe(true);
  });

  it('D-52: everyone else may not create a Vorlage for the lead office → 403', async () => {
    await expectForbiddenForOthers(LIFECYCLE, (client) => client.post('/api/vorlagen', body));
  });

  it('D-52: an office member creates for its own office, never for another', async () => {
    const own = await as['outside office member'].post('/api/vorlagen', {
      ...body,
      leadOfficeId: OUTSIDER,
    });
    expectAnswer(own, 201);
    const foreign = await as['outside office signer'].post('/api/vorlagen', {
      ...body,
      leadOfficeId: ASKED,
    });
    expectAnswer(foreign, 403, 'forbidden');
  });

  it.each(LIFECYCLE)('D-52: %s requests sign-offs → 200', async (name) => {
    const id = await createVorlage(as.SPK, LEAD);
    await requestSignOffs(as[name], id, [ASKED]);
    expect((await detail(as.SPK, id)).vorlage.status).toBe('inSignOff');
  });

  it('D-52: everyone else may not request sign-offs → 403, nothing changes', async () => {
    const fassungHash = await currentFassung(as.SPK, signOffVorlage);
    await expectForbiddenForOthers(LIFECYCLE, (client) =>
      command(client, signOffVorlage, 'request-sign-offs', {
        officeIds: [OUTSIDER],
        deadline: '2099-01-01T00:00:00Z',
        deemedGivenPolicy: 'explicitOnly',
        fassungHash,
      }),
    );
    const asked = (await detail(as.SPK, signOffVorlage)).approvals.map((a) => a.officeId);
    expect(asked.sort()).toEqual([ASKED_2, ASKED].sort());
  });

  it.each(LIFECYCLE)('D-52: %s locks and unlocks editing → 200, 200', async (name) => {
    const id = await vorlageInSignOff();
    await commandOk(as[name], id, 'lock-editing');
    expect((await detail(as.SPK, id)).vorlage.editingLocked).toBe(true);
    await commandOk(as[name], id, 'unlock-editing');
    expect((await detail(as.SPK, id)).vorlage.editingLocked).toBe(false);
  });

  it('D-52: everyone else may neither lock nor unlock → 403, the lock state stays', async () => {
    const id = await vorlageInSignOff();
    await expectForbiddenForOthers(LIFECYCLE, (client) => command(client, id, 'lock-editing'));
    expect((await detail(as.SPK, id)).vorlage.editingLocked).toBe(false);
    await commandOk(as.SPK, id, 'lock-editing');
    await expectForbiddenForOthers(LIFECYCLE, (client) => command(client, id, 'unlock-editing'));
    expect((await detail(as.SPK, id)).vorlage.editingLocked).toBe(true);
  });

  it('D-52: withdrawing the Vorlage follows the same rule', async () => {
    const id = await vorlageInSignOff();
    await expectForbiddenForOthers(LIFECYCLE, (client) =>
      command(client, id, 'withdraw', { reason: 'erledigt' }),
    );
    await commandOk(as['lead office signer'], id, 'withdraw', { reason: 'erledigt' });
    expect((await detail(as.SPK, id)).vorlage.status).toBe('withdrawn');
  });
});

describe('D-53: give / refuse / withdraw a sign-off — a signer, own office only, if asked', () => {
  const signOffBody = async (segment: string, officeId: string) => {
    const fassungHash = await currentFassung(as.SPK, signOffVorlage);
    if (segment === 'give-sign-off') return { officeId, kind: 'approve', fassungHash };
    if (segment === 'refuse-sign-off') return { officeId, reason: 'Bedenken', fassungHash };
    return { officeId, reason: 'zurück' };
  };

  /** Tries every cell; returns the commit position of the one that succeeds (read-your-writes). */
  async function expectCells(segment: string): Promise<string> {
    const attempt = async (name: ActorName, officeId: string) =>
      command(as[name], signOffVorlage, segment, await signOffBody(segment, officeId));
    // Other office: the asked signer for the second asked office.
    expectAnswer(await attempt('asked office signer', ASKED_2), 403, 'not_own_office');
    // Own office, not asked: the lead office's signer (who reads the Vorlage) is told so; an
    // outside signer may not even read it.
    expectAnswer(await attempt('lead office signer', LEAD), 409, 'office_not_asked');
    expectAnswer(await attempt('outside office signer', OUTSIDER), 403, 'forbidden');
    // Not a signer at all, whoever it is and for whichever office.
    for (const name of [
      'asked office member',
      'lead office member',
      'SPK',
      'rapporteur',
      'auditor',
      'admin',
    ] as const) {
      expectAnswer(await attempt(name, ASKED), 403, 'forbidden');
    }
    // Own office, asked.
    const own = await attempt('asked office signer', ASKED);
    expectAnswer(own, 200);
    return own.body.position as string;
  }

  it('D-53: give-sign-off — only the asked office’s own signer → 200; others 403/409', async () => {
    const position = await expectCells('give-sign-off');
    const approval = (await detail(as.SPK, signOffVorlage, position)).approvals.find(
      (entry) => entry.officeId === ASKED,
    );
    expect(approval?.status).toBe('approved');
  });

  it('D-53: withdraw-sign-off — only the asked office’s own signer → 200; others 403/409', async () => {
    const position = await expectCells('withdraw-sign-off');
    const withdrawn = (await detail(as.SPK, signOffVorlage, position)).approvals.find(
      (entry) => entry.officeId === ASKED,
    );
    expect(withdrawn?.status).toBe('withdrawn');
  });

  it('D-53: refuse-sign-off — only the asked office’s own signer → 200; others 403/409', async () => {
    const position = await expectCells('refuse-sign-off');
    const refusal = (await detail(as.SPK, signOffVorlage, position)).approvals.find(
      (entry) => entry.officeId === ASKED,
    );
    expect(refusal?.status).toBe('refused');
  });

  it('D-53: the second asked office signs for itself → 200', async () => {
    const fassungHash = await currentFassung(as.SPK, signOffVorlage);
    expectAnswer(
      await command(as['second asked office signer'], signOffVorlage, 'give-sign-off', {
        officeId: ASKED_2,
        kind: 'approve',
        fassungHash,
      }),
      200,
    );
  });

  it('D-34: signing in Vertretung without an arrangement → 403 deputy_arrangement_invalid', async () => {
    const me = (await as['asked office member'].get('/api/me')).body.user.userId as string;
    expectAnswer(
      await command(as['asked office signer'], signOffVorlage, 'give-sign-off', {
        officeId: ASKED,
        kind: 'approve',
        fassungHash: await currentFassung(as.SPK, signOffVorlage),
        onBehalfOf: me,
      }),
      403,
      'deputy_arrangement_invalid',
    );
  });

  it('D-53: the app tells each actor which offices they may sign for', async () => {
    const expected: Partial<Record<ActorName, string[]>> = {
      'asked office signer': [ASKED],
      'second asked office signer': [ASKED_2],
      'asked office member': [],
      'lead office signer': [],
      SPK: [],
      rapporteur: [],
      auditor: [],
    };
    for (const [name, offices] of Object.entries(expected) as [ActorName, string[]][]) {
      const { permissions } = await detail(as[name], signOffVorlage);
      expect({ name, offices: permissions.signableOfficeIds }).toEqual({ name, offices });
    }
  });
});

describe('D-54: submit to a session, record the decision, publish — SPK only', () => {
  it('D-54: everyone but SPK gets 403 at each step; SPK gets 200 and the Vorlage is published', async () => {
    const id = await createVorlage(as['lead office member'], LEAD, 'Matrix: Beschluss');
    await requestSignOffs(as['lead office member'], id, [ASKED]);
    await commandOk(as['asked office signer'], id, 'give-sign-off', {
      officeId: ASKED,
      kind: 'approve',
      fassungHash: await currentFassung(as.SPK, id),
    });
    await commandOk(as['lead office member'], id, 'lock-editing');

    const submit = { sessionDate: FUTURE_SESSION_DATE };
    await expectForbiddenForOthers(['SPK'], (client) =>
      command(client, id, 'submit-to-session', submit),
    );
    await commandOk(as.SPK, id, 'submit-to-session', submit);
    expect((await detail(as.SPK, id)).vorlage.status).toBe('submitted');

    const decision = { outcome: 'adopted', earlyReason: 'Sitzung vorgezogen' };
    await expectForbiddenForOthers(['SPK'], (client) =>
      command(client, id, 'record-decision', decision),
    );
    await commandOk(as.SPK, id, 'record-decision', decision);
    expect((await detail(as.SPK, id)).vorlage.status).toBe('adopted');

    const publish = { bvvNumber: '471/V' };
    await expectForbiddenForOthers(['SPK'], (client) => command(client, id, 'publish', publish));
    await commandOk(as.SPK, id, 'publish', publish);
    expect((await detail(as.SPK, id)).vorlage.status).toBe('published');
    // D-51: nobody edits a published Vorlage, not even SPK.
    const token = await as.SPK.post(`/api/vorlagen/${id}/collab-token`);
    expect(token.body.mode).toBe('ro');
  });

  it('D-55: recording deemed sign-offs is SPK’s (409 when none is due), 403 for everyone else', async () => {
    await expectForbiddenForOthers(['SPK'], (client) =>
      command(client, signOffVorlage, 'record-deemed-sign-offs'),
    );
    expectAnswer(
      await command(as.SPK, signOffVorlage, 'record-deemed-sign-offs'),
      409,
      'no_deemed_sign_offs_due',
    );
  });

  it('D-54: only SPK is told it may coordinate', async () => {
    for (const name of ALL_ACTORS) {
      const response = await as[name].get(`/api/vorlagen/${signOffVorlage}`);
      if (response.status !== 200) continue;
      expect({ name, canCoordinate: response.body.permissions.canCoordinate }).toEqual({
        name,
        canCoordinate: name === 'SPK',
      });
    }
  });
});

describe('D-56: read the audit history, verify the chain — SPK, rapporteur, auditor', () => {
  const AUDITORS: ActorName[] = ['SPK', 'rapporteur', 'auditor'];

  it.each(AUDITORS)(
    'D-56: %s reads the audit history with the verified chain → 200',
    async (name) => {
      const response = await as[name].get(`/api/vorlagen/${signOffVorlage}/audit`);
      expectAnswer(response, 200);
      expect(response.body.vorlageId).toBe(signOffVorlage);
      // VorlageCreated, SignOffsRequested, TextVersionFrozen, and the sign-off tests' events.
      expect(response.body.chain).toMatchObject({ ok: true, firstBroken: null });
      expect(response.body.chain.eventCount).toBeGreaterThanOrEqual(3);
      expect(response.body.timeline.events.length).toBeGreaterThanOrEqual(3);
      expect((await detail(as[name], signOffVorlage)).permissions.canReadAudit).toBe(true);
      expectAnswer(await as[name].get(`/api/vorlagen/${signOffVorlage}/fassungen`), 200);
    },
  );

  it('D-56: everyone else (also the taking-part offices) → 403 for history and Fassungen', async () => {
    await expectForbiddenForOthers(AUDITORS, (client) =>
      client.get(`/api/vorlagen/${signOffVorlage}/audit`),
    );
    await expectForbiddenForOthers(AUDITORS, (client) =>
      client.get(`/api/vorlagen/${signOffVorlage}/fassungen`),
    );
    for (const name of ['lead office member', 'asked office signer'] as const) {
      expect((await detail(as[name], signOffVorlage)).permissions.canReadAudit).toBe(false);
    }
  });
});

describe('D-57: manage users and offices — admin only', () => {
  it('D-57/D-50: the admin manages the directory, not Vorlagen: sees none, may do nothing to one', async () => {
    const admin = as.admin;
    expect((await admin.get('/api/me')).body.user.role).toBe('admin');
    expect((await admin.get('/api/vorlagen')).body.vorlagen).toEqual([]);
    expectAnswer(await admin.get(`/api/vorlagen/${signOffVorlage}`), 403, 'forbidden');
    expectAnswer(await command(admin, signOffVorlage, 'lock-editing'), 403, 'forbidden');
  });
});

// ---- WebSocket side -------------------------------------------------------------------------

interface CollabClient {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly modes: string[];
}
/**
 * Clients a suite's beforeAll connected live until the end; those a test connected are closed
 * after it (every provider holds a socket and a process 'exit' listener).
 */
const suiteClients: CollabClient[] = [];
let testClients: CollabClient[] | null = null;

function disconnect(clients: readonly CollabClient[]): void {
  for (const client of clients) {
    client.provider.destroy();
    client.doc.destroy();
  }
}

beforeEach(() => {
  testClients = [];
});
afterEach(() => {
  disconnect(testClients ?? []);
  testClients = null;
});
afterAll(() => disconnect(suiteClients));

/** A stock WebsocketProvider whose tokens come from the app's collab-token route. */
function connectAs(name: ActorName, vorlageId: string): CollabClient {
  const doc = new Y.Doc();
  const modes: string[] = [];
  const provider = createCollabProvider({
    serverUrl: product.collabUrl,
    vorlageId,
    doc,
    fetchToken: async () => {
      const response = await as[name].post(`/api/vorlagen/${vorlageId}/collab-token`);
      if (response.status !== 200) throw new Error(`no token for ${name}: ${response.status}`);
      modes.push(response.body.mode);
      return response.body.token as string;
    },
    WebSocket: WebSocket as never,
    maxBackoffTime: 500,
  });
  const client = { name, doc, provider, modes };
  (testClients ?? suiteClients).push(client);
  return client;
}

async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const justification = (doc: Y.Doc) => doc.getXmlFragment('justification').toString();

/** Appends a paragraph with `marker` to Begründung. */
function typeParagraph(doc: Y.Doc, marker: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(marker)]);
  doc.getXmlFragment('justification').push([paragraph]);
}

async function storedJustification(vorlageId: string): Promise<string> {
  const loaded = await textStore.load(vorlageId);
  if (!loaded) throw new Error('no stored text');
  const doc = docFromLoadedText(loaded);
  try {
    return justification(doc);
  } finally {
    doc.destroy();
  }
}

async function synced(client: CollabClient): Promise<void> {
  await waitUntil(
    () => client.provider.synced && client.doc.getXmlFragment('subject').length > 0,
    `${client.name} synced`,
  );
}

/** Status of a raw upgrade: the HTTP status of a refusal, or 101 when it opened. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

describe('D-51 over WebSocket: tokens from the app decide who can change the text', () => {
  let vorlageId: string;
  let observer: CollabClient;
  let witness: CollabClient;

  beforeAll(async () => {
    vorlageId = await vorlageInSignOff();
    observer = connectAs('auditor', vorlageId);
    witness = connectAs('SPK', vorlageId);
    await Promise.all([synced(observer), synced(witness)]);
  });

  const cells: [ActorName, 'rw' | 'ro'][] = [
    ['lead office member', 'rw'],
    ['lead office signer', 'rw'],
    ['asked office member', 'rw'],
    ['asked office signer', 'rw'],
    ['SPK', 'rw'],
    ['rapporteur', 'ro'],
    ['auditor', 'ro'],
  ];

  it.each(cells)(
    'D-51/D-143: %s connects with a %s token; its direct edit reaches others and the store only if rw and not a signer',
    async (name, mode) => {
      const editor = connectAs(name, vorlageId);
      await synced(editor);
      expect(editor.modes[0]).toBe(mode);
      const marker = `${mode}-${name}-${randomUUID()}`;
      const closes: number[] = [];
      editor.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) closes.push(event.code);
      });
      typeParagraph(editor.doc, marker);

      if (name.endsWith('signer')) {
        // D-143: a signer's token is rw (it may propose), but a direct edit is refused (4403).
        await waitUntil(() => closes.includes(4403), 'the direct edit refused');
        const after = `witness-${randomUUID()}`;
        typeParagraph(witness.doc, after);
        await waitUntil(
          async () => (await storedJustification(vorlageId)).includes(after),
          'witness in the store',
        );
        expect(justification(observer.doc)).not.toContain(marker);
        expect(await storedJustification(vorlageId)).not.toContain(marker);
        return;
      }
      if (mode === 'rw') {
        await waitUntil(() => justification(observer.doc).includes(marker), 'edit at the observer');
        await waitUntil(
          async () => (await storedJustification(vorlageId)).includes(marker),
          'edit in the store',
        );
        return;
      }
      // Barrier: awareness sent after the edit on the same socket; once the observer sees it, the
      // server has handled (and dropped) the edit.
      editor.provider.awareness.setLocalStateField('probe', marker);
      await waitUntil(
        () =>
          [...observer.provider.awareness.getStates().values()].some(
            (state) => state['probe'] === marker,
          ),
        'read-only client awareness at the observer',
      );
      const after = `witness-${randomUUID()}`;
      typeParagraph(witness.doc, after);
      await waitUntil(() => justification(observer.doc).includes(after), 'witness at observer');
      await waitUntil(
        async () => (await storedJustification(vorlageId)).includes(after),
        'witness in the store',
      );
      expect(justification(observer.doc)).not.toContain(marker);
      expect(justification(witness.doc)).not.toContain(marker);
      expect(await storedJustification(vorlageId)).not.toContain(marker);
    },
  );

  it('D-51: after LockEditing the lead office gets a read-only token; its edit is not stored', async () => {
    const id = await vorlageInSignOff();
    await commandOk(as['lead office member'], id, 'lock-editing');
    const editor = connectAs('lead office member', id);
    const watcher = connectAs('SPK', id);
    await Promise.all([synced(editor), synced(watcher)]);
    expect(editor.modes[0]).toBe('ro');
    expect(watcher.modes[0]).toBe('ro');
    const before = await storedJustification(id);
    const marker = `locked-${randomUUID()}`;
    typeParagraph(editor.doc, marker);
    editor.provider.awareness.setLocalStateField('probe', marker);
    await waitUntil(
      () =>
        [...watcher.provider.awareness.getStates().values()].some(
          (state) => state['probe'] === marker,
        ),
      'awareness barrier',
    );
    expect(justification(watcher.doc)).not.toContain(marker);
    expect(await storedJustification(id)).toBe(before);
  });

  it('D-51/D-41: LockEditing through the app turns an open rw connection read-only; unlocking lets its held edit through', async () => {
    const id = await vorlageInSignOff();
    const editor = connectAs('asked office member', id);
    const watcher = connectAs('rapporteur', id);
    await Promise.all([synced(editor), synced(watcher)]);
    expect(editor.modes[0]).toBe('rw');
    await commandOk(as['lead office member'], id, 'lock-editing');
    await waitUntil(() => isEditingLocked(editor.provider.awareness), 'lock seen by the editor');

    const marker = `held-${randomUUID()}`;
    typeParagraph(editor.doc, marker);
    editor.provider.awareness.setLocalStateField('probe', marker);
    await waitUntil(
      () =>
        [...watcher.provider.awareness.getStates().values()].some(
          (state) => state['probe'] === marker,
        ),
      'awareness barrier',
    );
    expect(justification(watcher.doc)).not.toContain(marker);
    expect(await storedJustification(id)).not.toContain(marker);

    await commandOk(as['lead office member'], id, 'unlock-editing');
    await waitUntil(
      async () => (await storedJustification(id)).includes(marker),
      'held edit stored after unlock',
    );
    await waitUntil(() => justification(watcher.doc).includes(marker), 'held edit at the watcher');
  });

  it('D-50: a token the app issued for one Vorlage is refused for another (403); it opens its own (101)', async () => {
    const other = await createVorlage(as.SPK, LEAD);
    const response = await as.SPK.post(`/api/vorlagen/${other}/collab-token`);
    expectAnswer(response, 200);
    const token = encodeURIComponent(response.body.token as string);
    expect(await upgradeStatus(`${product.collabUrl}/${vorlageId}?token=${token}`)).toBe(403);
    expect(await upgradeStatus(`${product.collabUrl}/${other}?token=${token}`)).toBe(101);
    expect(await upgradeStatus(`${product.collabUrl}/${vorlageId}`)).toBe(401);
  });
});
