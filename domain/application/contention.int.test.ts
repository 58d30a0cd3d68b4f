// D-93, D-92, D-108 under contention over gRPC: many offices signing one Vorlage at the same instant, from
// several processes (handler instances, each with its own per-Vorlage queue, over separate
// clients), with the production backoff, and re-sent commands among them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import { startTestEventStore, type TestEventStore } from '../../event-store/testing';
import { contentionRetries } from '../../platform/contention-retries';
import { verifyChain } from '../audit/chain';
import type { Actor } from '../shared/actor';
import type { DomainError } from '../shared/errors';
import { createVorlage, envelope, handlerOn, newCommandId } from '../testing/scenario';
import type { CommandResult } from './command-handler';
import { commandIdOf } from './event-metadata';
import { vorlageStreamName, type VorlageCommandHandler } from './vorlage-handler';

const RUN = Math.floor(Math.random() * 0xffffff);
const vorlageId = (name: string) => `con${RUN.toString(16)}_${name}`;
const OFFICES = Array.from({ length: 15 }, (_, n) => `zeichnungsamt-${n + 1}`);
const signerOf = (officeId: string): Actor => ({
  userId: `${officeId}.zeichnung`,
  displayName: `Zeichnung ${officeId}`,
  officeId,
  role: 'signer',
});

describe('sign-offs under contention (D-92, D-93)', () => {
  let store: TestEventStore;
  let clients: EventStoreClient[];
  /** One handler per simulated app process: 15 processes over 3 connections. */
  let processes: VorlageCommandHandler[];

  beforeAll(async () => {
    store = await startTestEventStore();
    clients = Array.from({ length: 3 }, () => createEventStoreClient(store.connectionString));
    processes = OFFICES.map((_, n) =>
      handlerOn(clients[n % clients.length]!, undefined, contentionRetries()),
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await store.stop();
  });

  const give = (id: string, officeId: string, fassungHash: string, commandId = newCommandId(RUN)) =>
    envelope(
      'GiveSignOff',
      { vorlageId: id, officeId, kind: 'approve', fassungHash },
      signerOf(officeId),
      {
        commandId,
      },
    );

  it('D-93: 15 offices signing at the same instant from 15 processes all succeed, with exactly 15 events', async () => {
    for (let round = 0; round < 3; round += 1) {
      const id = vorlageId(`instant${round}`);
      const { textHash } = await createVorlage(processes[0]!, id, { officeIds: OFFICES });
      const results = await Promise.allSettled(
        OFFICES.map((officeId, n) => processes[n]!.handle(give(id, officeId, textHash))),
      );
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const events = await clients[0]!.readStream(vorlageStreamName(id));
      const given = events.filter((event) => event.type === 'SignOffGiven');
      expect(given).toHaveLength(15);
      expect(new Set(given.map((event) => (event.data as { officeId: string }).officeId))).toEqual(
        new Set(OFFICES),
      );
      expect(await verifyChain(events)).toMatchObject({ ok: true, count: events.length });
    }
  });

  it('D-93: 15 signers through one process queue behind each other and all succeed at the first attempt', async () => {
    const id = vorlageId('oneprocess');
    const { textHash } = await createVorlage(processes[0]!, id, { officeIds: OFFICES });
    const results = await Promise.all(
      OFFICES.map((officeId) => processes[0]!.handle(give(id, officeId, textHash))),
    );
    expect(results.map((result) => result.attempts)).toEqual(OFFICES.map(() => 1));
  });

  it('D-92: under contention every re-sent command applies once and answers the same result', async () => {
    const id = vorlageId('resent');
    const { textHash } = await createVorlage(processes[0]!, id, { officeIds: OFFICES });
    const commandIds = OFFICES.map(() => newCommandId(RUN));
    const commands = OFFICES.map((officeId, n) => give(id, officeId, textHash, commandIds[n]));
    // Each command three times, from three different processes, all at once.
    const sends = commands.flatMap((command, n) =>
      [0, 5, 10].map((offset) => ({
        command,
        process: processes[(n + offset) % processes.length]!,
      })),
    );
    const results = await Promise.all(sends.map(({ command, process }) => process.handle(command)));
    const events = await clients[0]!.readStream(vorlageStreamName(id));
    const given = events.filter((event) => event.type === 'SignOffGiven');
    expect(given).toHaveLength(15);
    const signOffIds = events
      .map((event) => commandIdOf(event.metadata))
      .filter((commandId) => commandId !== null && commandIds.includes(commandId));
    expect(signOffIds).toHaveLength(15);
    expect(new Set(signOffIds).size).toBe(15);
    const sameAnswer = (result: CommandResult) => ({
      events: result.events.map(({ id: eventId, type, revision }) => ({ eventId, type, revision })),
      revision: result.revision,
      position: result.position,
    });
    for (let n = 0; n < commands.length; n += 1) {
      const [first, ...twins] = results.slice(n * 3, n * 3 + 3);
      for (const twin of twins) expect(sameAnswer(twin!)).toEqual(sameAnswer(first!));
    }
  });

  it('D-108: under contention a re-send answers exactly what its original answered, refusals included; one event per command id', async () => {
    const id = vorlageId('answers');
    const signers = OFFICES.slice(0, 6);
    const { textHash } = await createVorlage(processes[0]!, id, { officeIds: signers });
    const withdraw = (officeId: string, commandId: string) =>
      envelope('WithdrawSignOff', { vorlageId: id, officeId }, signerOf(officeId), { commandId });
    const answer = (settled: PromiseSettledResult<CommandResult>) =>
      settled.status === 'fulfilled'
        ? {
            events: settled.value.events.map(({ id: eventId, type, revision }) => ({
              eventId,
              type,
              revision,
            })),
            position: settled.value.position,
          }
        : {
            code: (settled.reason as DomainError).code,
            message: (settled.reason as DomainError).message,
            details: (settled.reason as DomainError).details,
          };
    const commandIds: string[] = [];
    const outcomes = new Set<string>();
    // Each signer gives or withdraws at random (so a command may be refused or apply depending on
    // what won before it); every command goes out three times at once from three processes.
    await Promise.all(
      signers.map(async (officeId, n) => {
        for (let step = 0; step < 6; step += 1) {
          const commandId = newCommandId(RUN);
          commandIds.push(commandId);
          const command =
            (step + n) % 3 === 0
              ? withdraw(officeId, commandId)
              : give(id, officeId, textHash, commandId);
          const sent = await Promise.allSettled(
            [0, 5, 10].map((offset) =>
              processes[(n + step + offset) % processes.length]!.handle(command, {
                recordRefusal: true,
              }),
            ),
          );
          const [first, ...resends] = sent.map(answer);
          for (const resend of resends) expect(resend).toEqual(first);
          outcomes.add('code' in first! ? String(first.code) : 'applied');
        }
      }),
    );
    expect(outcomes).toEqual(new Set(['applied', 'sign_off_unchanged', 'no_sign_off_to_withdraw']));
    const events = await clients[0]!.readStream(vorlageStreamName(id));
    const perCommand = new Map<string, number>();
    for (const event of events) {
      const commandId = commandIdOf(event.metadata);
      if (commandId) perCommand.set(commandId, (perCommand.get(commandId) ?? 0) + 1);
    }
    expect(commandIds.map((commandId) => perCommand.get(commandId))).toEqual(
      commandIds.map(() => 1),
    );
    expect(await verifyChain(events)).toMatchObject({ ok: true, count: events.length });
  });
});
