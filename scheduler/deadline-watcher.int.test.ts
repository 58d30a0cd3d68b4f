// The deadline watcher against the real embedded store and projections: an overdue request under
// the deemed-given policy is recorded as SignOffDeemedGiven for exactly the silent offices, once;
// an explicit-only request is never deemed given.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVorlage } from '../domain/application/create-vorlage';
import { yjsInitialText } from '../editor/initial-text';
import {
  vorlageStreamName,
  type VorlageCommandHandler,
} from '../domain/application/vorlage-handler';
import type { CommandMetadata } from '../domain/shared/actor';
import type { EventStoreClient } from '../event-store/client';
import { createLogger } from '../platform/logger';
import type { ProjectionsService } from '../projections/service';
import { startLiveProduct, type LiveProduct } from '../projections/testing/live-product';
import { EXAMPLE_VORLAGE_TEXT } from '../scripts/seed-data';
import { recordDueDeemedSignOffs } from './deadline-watcher';

const logger = createLogger({ name: 'deadline-watcher-int', level: 'silent' });
const SPK = {
  userId: 'spk-user',
  displayName: 'SPK',
  officeId: 'spk',
  role: 'coordination',
} as const;
const SIGNER = {
  userId: 'jug-signer',
  displayName: 'Zeichnung Jug',
  officeId: 'jugendamt',
  role: 'signer',
} as const;
const START = new Date('2026-03-01T09:00:00Z');
const DEADLINE = '2026-03-10T12:00:00.000Z';
const AFTER_DEADLINE = new Date('2026-03-11T08:00:00Z');

let product: LiveProduct;
let client: EventStoreClient;
let vorlagen: VorlageCommandHandler;
let projections: ProjectionsService;

beforeAll(async () => {
  product = await startLiveProduct('deadline-watcher', logger);
  ({ client, vorlagen, projections } = product);
});

afterAll(async () => {
  await product?.stop();
});

function metadata(actor: CommandMetadata['actor'], time: Date): CommandMetadata {
  const commandId = randomUUID();
  return { commandId, correlationId: commandId, actor, time: time.toISOString() };
}

/** A Vorlage asking Jugendamt, Soziales and QPK; Jugendamt answers, the others stay silent. */
async function vorlageWithSilentOffices(
  policy: 'explicitOnly' | 'deemedGivenAfterDeadline',
): Promise<string> {
  const vorlageId = `frist-${randomUUID().slice(0, 8)}`;
  const input = {
    vorlageId,
    title: 'Fristablauf',
    leadOfficeId: 'spk',
    rapporteur: { name: 'Bezirksstadträtin Carolina Böhm', userId: null },
    targetSessionDate: '2026-05-19',
    initialText: EXAMPLE_VORLAGE_TEXT,
  };
  await createVorlage(
    { store: client, vorlagen, text: yjsInitialText },
    input,
    metadata(SPK, START),
  );
  const head = await vorlagen.loadTextHead(vorlageId);
  const fassungHash = head!.textHash;
  await vorlagen.handle({
    type: 'RequestSignOffs',
    data: {
      vorlageId,
      officeIds: ['jugendamt', 'soziales', 'qpk'],
      deadline: DEADLINE,
      deemedGivenPolicy: policy,
      fassungHash,
    },
    metadata: metadata(SPK, START),
  });
  const answered = await vorlagen.handle({
    type: 'GiveSignOff',
    data: { vorlageId, officeId: 'jugendamt', kind: 'approve', fassungHash },
    metadata: metadata(SIGNER, START),
  });
  await projections.runner.waitForPosition(answered.position, 10_000);
  return vorlageId;
}

async function deemedOffices(vorlageId: string): Promise<string[]> {
  const events = await client.readStream(vorlageStreamName(vorlageId));
  return events
    .filter((event) => event.type === 'SignOffDeemedGiven')
    .map((event) => (event.data as { officeId: string }).officeId)
    .sort();
}

describe('deadline watcher (D-3x deemed given after the deadline)', () => {
  it('records SignOffDeemedGiven for the silent offices once the deadline has passed, and only once', async () => {
    const vorlageId = await vorlageWithSilentOffices('deemedGivenAfterDeadline');
    const deps = { readModels: () => projections.db, vorlagen, logger };

    expect(await recordDueDeemedSignOffs({ ...deps, clock: () => START })).not.toContain(vorlageId);
    expect(await deemedOffices(vorlageId)).toEqual([]);

    expect(await recordDueDeemedSignOffs({ ...deps, clock: () => AFTER_DEADLINE })).toContain(
      vorlageId,
    );
    expect(await deemedOffices(vorlageId)).toEqual(['qpk', 'soziales']);

    const events = await client.readStream(vorlageStreamName(vorlageId));
    await projections.runner.waitForPosition(events.at(-1)!.position, 10_000);
    expect(await recordDueDeemedSignOffs({ ...deps, clock: () => AFTER_DEADLINE })).not.toContain(
      vorlageId,
    );
    expect(await deemedOffices(vorlageId)).toEqual(['qpk', 'soziales']);
  });

  it('never deems an explicit-only request given', async () => {
    const vorlageId = await vorlageWithSilentOffices('explicitOnly');
    const deps = { readModels: () => projections.db, vorlagen, logger };
    expect(await recordDueDeemedSignOffs({ ...deps, clock: () => AFTER_DEADLINE })).not.toContain(
      vorlageId,
    );
    expect(await deemedOffices(vorlageId)).toEqual([]);
  });
});
