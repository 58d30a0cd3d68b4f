// The command handler against the real embedded event store over gRPC (or a configured
// EventStoreDB): concurrency, idempotency, and the audit chain catching a tampered SQLite file.
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import { startEmbeddedEventStore, type EmbeddedEventStore } from '../../event-store/embedded';
import { startTestEventStore, type TestEventStore } from '../../event-store/testing';
import { createLogger } from '../../platform/logger';
import { verifyChain } from '../audit/chain';
import type { Actor } from '../shared/actor';
import { ConcurrencyError } from '../shared/errors';
import { ACTORS } from '../testing/fixtures';
import { collabEdit, createVorlage, envelope, handlerOn, newCommandId } from '../testing/scenario';
import { textStreamName } from '../text/text-events';
import { createDirectoryCommandHandler } from './directory-handler';
import { userIdForLogin } from '../directory/decider';
import { vorlageStreamName } from './vorlage-handler';

/** Unique per run, so the suite also works against a long-lived EventStoreDB. */
const RUN = Math.floor(Math.random() * 0xffffff);
const vorlageId = (name: string) => `int${RUN.toString(16)}_${name}`;

describe('Vorlage commands through the real event store (D-96…D-98)', () => {
  let store: TestEventStore;
  let clients: EventStoreClient[];

  beforeAll(async () => {
    store = await startTestEventStore();
    clients = Array.from({ length: 4 }, () => createEventStoreClient(store.connectionString));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await store.stop();
  });

  it('D-96: 20 concurrent sign-offs (each also sent twice) on one Vorlage all land exactly once', async () => {
    const id = vorlageId('twenty');
    const offices = Array.from({ length: 20 }, (_, n) => `testamt-${n + 1}`);
    const { textHash } = await createVorlage(handlerOn(clients[0]!), id, { officeIds: offices });
    const signers: Actor[] = offices.map((officeId, n) => ({
      userId: `signer-${n}`,
      displayName: `Signer ${n}`,
      officeId,
      role: 'signer',
    }));
    const commands = signers.map((signer) =>
      envelope(
        'GiveSignOff',
        { vorlageId: id, officeId: signer.officeId, kind: 'approve', fassungHash: textHash },
        signer,
        { commandId: newCommandId(RUN) },
      ),
    );
    const handlers = clients.map((client) => handlerOn(client));
    const results = await Promise.all(
      [...commands, ...commands].map((command, n) =>
        handlers[n % handlers.length]!.handle(command),
      ),
    );
    const events = await clients[0]!.readStream(vorlageStreamName(id));
    const signOffs = events.filter((event) => event.type === 'SignOffGiven');
    expect(signOffs).toHaveLength(20);
    expect(new Set(signOffs.map((event) => (event.data as { officeId: string }).officeId))).toEqual(
      new Set(offices),
    );
    // A twin either finds its command in the stream (alreadyApplied) or its append is made
    // idempotent by the store (same event ids at the same expected revision): never a second event.
    expect(
      results.every((result) => result.status === 'applied' || result.status === 'alreadyApplied'),
    ).toBe(true);
    // Twins answer the same result: same event id, revision and commit position.
    for (let n = 0; n < 20; n += 1) {
      const { status: _a, attempts: _b, ...first } = results[n]!;
      const { status: _c, attempts: _d, ...twin } = results[n + 20]!;
      expect(twin).toEqual(first);
    }
    expect(await verifyChain(events)).toMatchObject({ ok: true, count: events.length });
  });

  it('D-97: a retried command does not double, across clients and after the fact', async () => {
    const id = vorlageId('retry');
    const { textHash } = await createVorlage(handlerOn(clients[0]!), id);
    const command = envelope(
      'RefuseSignOff',
      {
        vorlageId: id,
        officeId: ACTORS.askedSigner.officeId,
        reason: 'Kosten ungeklärt',
        fassungHash: textHash,
      },
      ACTORS.askedSigner,
      { commandId: newCommandId(RUN) },
    );
    const first = await handlerOn(clients[1]!).handle(command);
    const again = await handlerOn(clients[2]!).handle(command);
    const events = await clients[0]!.readStream(vorlageStreamName(id));
    expect(events.filter((event) => event.type === 'SignOffRefused')).toHaveLength(1);
    expect(again).toMatchObject({
      status: 'alreadyApplied',
      position: first.position,
      revision: first.revision,
      events: first.events,
    });
  });

  it('D-44: after the lock marker a collab append with the old expected revision is refused by the store', async () => {
    const id = vorlageId('lock');
    const handler = handlerOn(clients[0]!);
    await createVorlage(handler, id);
    await collabEdit(
      clients[1]!,
      id,
      { subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'Entwurf' }] }] },
      { userId: 'anna', officeId: 'stadtentwicklung' },
      'no_stream',
    );
    await handler.handle(envelope('LockEditing', { vorlageId: id }, ACTORS.leadMember));
    await expect(
      collabEdit(
        clients[1]!,
        id,
        { subject: [] },
        { userId: 'anna', officeId: 'stadtentwicklung' },
        0n,
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    const text = await clients[0]!.readStream(textStreamName(id));
    expect(text.map((event) => event.type)).toEqual(['TextUpdated', 'TextEditingLocked']);
  });

  it('D-99: a deputy signs in Vertretung through the directory', async () => {
    const directory = createDirectoryCommandHandler({ store: clients[0]! });
    const office = `vertretungsamt-${RUN.toString(16)}`;
    await directory.handle(
      envelope(
        'RegisterOffice',
        { officeId: office, name: 'Testamt', shortName: `T${RUN}`, kind: 'office' },
        ACTORS.system,
      ),
    );
    const hash = '$argon2id$v=19$m=65536,t=3,p=4$opaque-for-the-domain';
    const [principalId, deputyId] = [
      await userIdForLogin(`jana${RUN}`),
      await userIdForLogin(`jakob${RUN}`),
    ];
    await directory.handle(
      envelope(
        'RegisterUser',
        {
          userId: principalId,
          login: `jana${RUN}`,
          displayName: 'Jana',
          officeId: office,
          role: 'signer',
          passwordHash: hash,
        },
        ACTORS.system,
      ),
    );
    await directory.handle(
      envelope(
        'RegisterUser',
        {
          userId: deputyId,
          login: `jakob${RUN}`,
          displayName: 'Jakob',
          officeId: office,
          role: 'signer',
          passwordHash: hash,
        },
        ACTORS.system,
      ),
    );
    await directory.handle(
      envelope(
        'ArrangeDeputy',
        {
          userId: principalId,
          deputyUserId: deputyId,
          validFrom: '2026-05-01',
          validUntil: '2026-05-14',
        },
        ACTORS.admin,
      ),
    );
    const id = vorlageId('iv');
    const handler = handlerOn(clients[0]!);
    const { textHash } = await createVorlage(handler, id, { officeIds: [office] });
    const deputy: Actor = {
      userId: deputyId,
      displayName: 'Jakob',
      officeId: office,
      role: 'signer',
    };
    await handler.handle(
      envelope(
        'GiveSignOff',
        {
          vorlageId: id,
          officeId: office,
          kind: 'approve',
          fassungHash: textHash,
          onBehalfOf: principalId,
        },
        deputy,
      ),
    );
    const [signOff] = (await clients[0]!.readStream(vorlageStreamName(id))).filter(
      (event) => event.type === 'SignOffGiven',
    );
    expect(signOff!.data).toMatchObject({
      signer: { userId: deputyId },
      inVertretungFor: {
        principal: { userId: principalId, displayName: 'Jana' },
        validUntil: '2026-05-14',
      },
    });
    const late = envelope(
      'GiveSignOff',
      {
        vorlageId: id,
        officeId: office,
        kind: 'approveWithRemarks',
        remarks: 'spät',
        fassungHash: textHash,
        onBehalfOf: principalId,
      },
      deputy,
      { time: '2026-05-15T08:00:00Z' },
    );
    await expect(handler.handle(late)).rejects.toMatchObject({
      code: 'deputy_arrangement_invalid',
      details: { problem: 'not_in_force' },
    });
  });
});

describe('tampering with the store file is found by the chain verifier (D-98)', () => {
  const external = process.env['ESDB_CONNECTION_STRING'];
  let dataDir: string;
  let embedded: EmbeddedEventStore;
  let client: EventStoreClient;

  beforeAll(async () => {
    if (external) return;
    dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-domain-tamper-'));
    embedded = await startEmbeddedEventStore({
      dataDir,
      port: 0,
      logger: createLogger({ name: 'tamper-test', level: 'silent' }),
    });
    client = createEventStoreClient(embedded.connectionString);
  });
  afterAll(async () => {
    if (external) return;
    await client.close();
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  // A real EventStoreDB has no file to edit; the verifier itself is covered by the unit specs.
  it.skipIf(Boolean(external))(
    'D-98: a changed and a deleted event row are reported at the right position',
    async () => {
      const id = vorlageId('tamper');
      const handler = handlerOn(client);
      const { textHash } = await createVorlage(handler, id);
      await handler.handle(
        envelope(
          'RefuseSignOff',
          {
            vorlageId: id,
            officeId: ACTORS.askedSigner.officeId,
            reason: 'Kosten ungeklärt',
            fassungHash: textHash,
          },
          ACTORS.askedSigner,
        ),
      );
      await handler.handle(
        envelope(
          'GiveSignOff',
          {
            vorlageId: id,
            officeId: ACTORS.askedBSigner.officeId,
            kind: 'approve',
            fassungHash: textHash,
          },
          ACTORS.askedBSigner,
        ),
      );
      const stream = vorlageStreamName(id);
      const before = await client.readStream(stream);
      expect(before.map((event) => event.type)).toEqual([
        'VorlageCreated',
        'SignOffsRequested',
        'TextVersionFrozen',
        'SignOffRefused',
        'SignOffGiven',
      ]);
      expect(await verifyChain(before)).toMatchObject({ ok: true, count: 5 });

      const db = new Database(join(dataDir, 'events.sqlite'));
      try {
        const refused = before[3]!;
        const row = db.prepare('SELECT data FROM events WHERE event_id = ?').get(refused.id) as {
          data: Buffer;
        };
        const forged = Buffer.from(
          row.data.toString('utf8').replace('Kosten ungeklärt', 'Keine Einwände'),
          'utf8',
        );
        expect(
          db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(forged, refused.id)
            .changes,
        ).toBe(1);
        const changed = await verifyChain(await client.readStream(stream));
        expect(changed).toMatchObject({
          ok: false,
          firstBrokenIndex: 3,
          eventId: refused.id,
          reason: 'changed',
        });

        db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(row.data, refused.id);
        expect(await verifyChain(await client.readStream(stream))).toMatchObject({ ok: true });
        expect(db.prepare('DELETE FROM events WHERE event_id = ?').run(before[2]!.id).changes).toBe(
          1,
        );
        const removed = await verifyChain(await client.readStream(stream));
        expect(removed).toMatchObject({
          ok: false,
          firstBrokenIndex: 2,
          eventId: refused.id,
          reason: 'removed',
        });
      } finally {
        db.close();
      }
    },
  );
});
