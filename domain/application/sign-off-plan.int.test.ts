// Issue 19 over the real embedded event store (gRPC): the sign-off that completes stage 1 and the
// request of stage 2 land in one append (D-155); deemed consent completes a stage the same way,
// the handler reading the text head for RecordDeemedSignOffs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import { startTestEventStore, type TestEventStore } from '../../event-store/testing';
import { ACTORS, ASKED_A, OUTSIDER } from '../testing/fixtures';
import { createVorlage, envelope, handlerOn } from '../testing/scenario';
import { vorlageStreamName } from './vorlage-handler';

const RUN = Math.floor(Math.random() * 0xffffff);
const vorlageId = (name: string) => `plan${RUN.toString(16)}_${name}`;

describe('sign-off plan through the real event store (D-153…D-155)', () => {
  let store: TestEventStore;
  let client: EventStoreClient;

  beforeAll(async () => {
    store = await startTestEventStore();
    client = createEventStoreClient(store.connectionString);
  });
  afterAll(async () => {
    await client.close();
    await store.stop();
  });

  async function planned(id: string, deemed: boolean): Promise<string> {
    const { textHash } = await createVorlage(handlerOn(client), id, {
      laterStages: [{ name: 'Querschnitt', officeIds: [OUTSIDER] }],
      period: { unit: 'days', amount: 3 },
      deemed,
    });
    return textHash;
  }

  it('D-155: the completing sign-off and the request of stage 2 are one append', async () => {
    const id = vorlageId('give');
    const textHash = await planned(id, false);
    const handler = handlerOn(client);
    const approve = (signer: typeof ACTORS.askedSigner) =>
      envelope(
        'GiveSignOff',
        { vorlageId: id, officeId: signer.officeId, kind: 'approve', fassungHash: textHash },
        signer,
      );
    const first = await handler.handle(approve(ACTORS.askedSigner));
    expect(first.events).toHaveLength(1);
    const second = await handler.handle(approve(ACTORS.askedBSigner));
    expect(second.events).toHaveLength(3);
    const events = await client.readStream(vorlageStreamName(id));
    const types = events.map((event) => event.type);
    expect(types.slice(-3)).toEqual(['SignOffGiven', 'SignOffsRequested', 'TextVersionFrozen']);
    const stage2 = events.at(-2)!;
    expect(stage2.data).toMatchObject({ round: 2, stage: 2, officeIds: [OUTSIDER] });
    expect(stage2.revision).toBe(events.at(-3)!.revision + 1n);
  });

  it('D-155: deemed consent after the deadline completes stage 1 and requests stage 2', async () => {
    const id = vorlageId('deemed');
    const textHash = await planned(id, true);
    const handler = handlerOn(client);
    await handler.handle(
      envelope(
        'GiveSignOff',
        { vorlageId: id, officeId: ASKED_A, kind: 'approve', fassungHash: textHash },
        ACTORS.askedSigner,
      ),
    );
    const result = await handler.handle(
      envelope('RecordDeemedSignOffs', { vorlageId: id }, ACTORS.system, {
        time: '2026-05-20T08:00:00Z',
      }),
    );
    expect(result.status).toBe('applied');
    const events = await client.readStream(vorlageStreamName(id));
    expect(events.map((event) => event.type).slice(-3)).toEqual([
      'SignOffDeemedGiven',
      'SignOffsRequested',
      'TextVersionFrozen',
    ]);
    expect(events.at(-2)!.data).toMatchObject({ stage: 2, fassung: { textHash } });
  });
});
