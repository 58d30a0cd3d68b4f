import { describe, expect, it } from 'vitest';
import { verifyChain } from '../audit/chain';
import { DomainError } from '../shared/errors';
import { ACTORS, ASKED_A, ASKED_B } from '../testing/fixtures';
import { createMemoryStore } from '../testing/memory-store';
import {
  collabEdit,
  createVorlage,
  envelope,
  handlerOn,
  INITIAL_TEXT,
  newCommandId,
} from '../testing/scenario';
import { foldTextHead, TEXT_EVENT_TYPES, textStreamName } from '../text/text-events';
import { fingerprintText } from '../text/canonical';
import { DomainEventMetadataSchema } from './event-metadata';
import { vorlageStreamName } from './vorlage-handler';
import type { CommandResult } from './command-handler';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const sign = (
  vorlageId: string,
  signer = ACTORS.askedSigner,
  fassungHash: string,
  commandId?: string,
) =>
  envelope(
    'GiveSignOff',
    { vorlageId, officeId: signer.officeId, kind: 'approve', fassungHash },
    signer,
    commandId ? { commandId } : {},
  );

describe('command handling (D-90…D-95)', () => {
  it('D-89: one lifecycle read per attempt, and no full text read; the check runs on that state', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const reads: string[] = [];
    const counting = Object.assign(Object.create(store), {
      readStream: (stream: string) => {
        reads.push(stream);
        return store.readStream(stream);
      },
    });
    const checked: string[] = [];
    await handlerOn(counting).handle(sign('v1', ACTORS.askedSigner, textHash), {
      check: (state) => void checked.push(state.status),
    });
    expect(reads).toEqual([vorlageStreamName('v1')]);
    expect(checked).toEqual(['inSignOff']);
  });

  it('D-89: a failing check ends the command before its rules, writes nothing, also for a retry', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const commandId = newCommandId();
    await handler.handle(sign('v1', ACTORS.askedSigner, textHash, commandId));
    const appends = store.appendCount;
    const denied = new Error('denied');
    const deny = {
      check: () => {
        throw denied;
      },
    };
    // A command the decider would refuse (not asked) and a retry of an applied one: both denied.
    await expect(handler.handle(sign('v1', ACTORS.outsiderSigner, textHash), deny)).rejects.toBe(
      denied,
    );
    await expect(
      handler.handle(sign('v1', ACTORS.askedSigner, textHash, commandId), deny),
    ).rejects.toBe(denied);
    expect(store.appendCount).toBe(appends);
  });

  it('D-90: every event carries actor, command, correlation, causation, time, schema version and chain; ids derive from the command id', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const events = await store.readStream(vorlageStreamName('v1'));
    expect(events.map((event) => event.type)).toEqual([
      'VorlageCreated',
      'SignOffsRequested',
      'TextVersionFrozen',
    ]);
    for (const event of events) {
      const metadata = DomainEventMetadataSchema.parse(event.metadata);
      expect(metadata.chain?.revision).toBe(event.revision.toString());
      expect(metadata.actor).toHaveProperty('officeId');
    }
    const requestId = (events[1]!.metadata as { commandId: string }).commandId;
    expect(events[1]!.id).toBe(requestId);
    expect(events[2]!.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(events[2]!.id).not.toBe(requestId);
    expect(await verifyChain(events)).toMatchObject({ ok: true, count: 3 });
  });

  it('D-91: a concurrent write makes the handler re-read and re-decide; both land', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    // Another process: commands of one handler for one Vorlage queue behind each other (D-93).
    const otherProcess = handlerOn(store);
    store.beforeAppend = async () => {
      store.beforeAppend = null;
      await otherProcess.handle(sign('v1', ACTORS.askedBSigner, textHash));
    };
    const result = await handler.handle(sign('v1', ACTORS.askedSigner, textHash));
    expect(result).toMatchObject({ status: 'applied', attempts: 2 });
    const events = await store.readStream(vorlageStreamName('v1'));
    expect(events.filter((event) => event.type === 'SignOffGiven')).toHaveLength(2);
    expect(await verifyChain(events)).toMatchObject({ ok: true });
  });

  it('D-93: commands of one Vorlage that wait together go in one append, each answered on its own', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const appends = store.appendCount;
    const twinId = newCommandId();
    const [a, b, twin, outsider] = await Promise.allSettled([
      handler.handle(sign('v1', ACTORS.askedSigner, textHash, twinId)),
      handler.handle(sign('v1', ACTORS.askedBSigner, textHash)),
      handler.handle(sign('v1', ACTORS.askedSigner, textHash, twinId)),
      handler.handle(sign('v1', ACTORS.outsiderSigner, textHash)),
    ]);
    expect(store.appendCount).toBe(appends + 1);
    expect(a).toMatchObject({ status: 'fulfilled', value: { status: 'applied' } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { status: 'applied' } });
    expect(outsider).toMatchObject({ status: 'rejected' });
    const events = await store.readStream(vorlageStreamName('v1'));
    const first = (a as PromiseFulfilledResult<CommandResult>).value;
    const second = (b as PromiseFulfilledResult<CommandResult>).value;
    // Each answer names its own events with their exact revisions and positions.
    expect(first.revision).toBe(events[events.length - 2]!.revision);
    expect(first.position).toBe(events[events.length - 2]!.position);
    expect(second.revision).toBe(events[events.length - 1]!.revision);
    expect(twin).toMatchObject({
      status: 'fulfilled',
      value: { ...first, status: 'alreadyApplied' },
    });
    expect(events.filter((event) => event.type === 'SignOffGiven')).toHaveLength(2);
    expect(await verifyChain(events)).toMatchObject({ ok: true });
  });

  it('D-92: a retried command is applied once and answers the same result', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const commandId = newCommandId();
    const first = await handler.handle(sign('v1', ACTORS.askedSigner, textHash, commandId));
    const appends = store.appendCount;
    const second = await handler.handle(sign('v1', ACTORS.askedSigner, textHash, commandId));
    expect(second).toEqual({ ...first, status: 'alreadyApplied', attempts: 1 });
    expect(store.appendCount).toBe(appends);
  });

  it('D-93: retries are bounded', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store, 3);
    const { textHash } = await createVorlage(handler, 'v1');
    store.beforeAppend = async (stream) => {
      const [last] = (await store.readStream(stream)).slice(-1);
      store.appendUnhooked(
        stream,
        [
          {
            id: newCommandId(0xdead),
            type: last!.type,
            data: last!.data,
            metadata: last!.metadata,
          },
        ],
        'any',
      );
    };
    const error = await rejection(handler.handle(sign('v1', ACTORS.askedSigner, textHash)));
    expect(error.code).toBe('concurrency_retries_exhausted');
  });

  it('D-94: a malformed command is refused with the zod issues, before any read', async () => {
    const handler = handlerOn(createMemoryStore());
    const error = await rejection(
      handler.handle({
        type: 'GiveSignOff',
        data: { vorlageId: 'v1', officeId: 'x', kind: 'approveWithRemarks', fassungHash: 'abc' },
        metadata: {},
      }),
    );
    expect(error.code).toBe('invalid_command');
    expect(JSON.stringify(error.details)).toContain('remarks');
    expect((await rejection(handler.handle('nonsense'))).code).toBe('invalid_command');
  });

  it('D-95: domain rejections pass through unchanged and write nothing', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const appends = store.appendCount;
    expect(
      (await rejection(handler.handle(sign('v1', ACTORS.outsiderSigner, textHash)))).code,
    ).toBe('office_not_asked');
    expect(store.appendCount).toBe(appends);
  });
});

describe('lock protocol across the text and lifecycle streams (D-41…D-44)', () => {
  const lock = (vorlageId: string, commandId?: string, by = ACTORS.leadMember) =>
    envelope('LockEditing', { vorlageId }, by, commandId ? { commandId } : {});
  const unlock = (vorlageId: string, commandId?: string) =>
    envelope('UnlockEditing', { vorlageId }, ACTORS.leadMember, commandId ? { commandId } : {});

  it('D-41: the marker lands in the text stream first, then EditingLocked names it', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const commandId = newCommandId();
    await handler.handle(lock('v1', commandId));
    const text = await store.readStream(textStreamName('v1'));
    expect(text.map((event) => event.type)).toEqual([TEXT_EVENT_TYPES.editingLocked]);
    expect(text[0]!.data).toMatchObject({ commandId, textHash });
    const lifecycle = await store.readStream(vorlageStreamName('v1'));
    expect(lifecycle.slice(-2).map((event) => event.type)).toEqual([
      'EditingLocked',
      'TextVersionFrozen',
    ]);
    expect(lifecycle.at(-2)!.data).toMatchObject({
      lockId: commandId,
      markerRevision: '0',
      textRevision: null,
      fassung: { textHash },
    });
  });

  it('D-41: a collab write just before the marker makes the lock re-read and lock the newer text', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    let newerHash = '';
    store.beforeAppend = async (stream) => {
      if (stream !== textStreamName('v1')) return;
      store.beforeAppend = null;
      newerHash = await collabEdit(
        store,
        'v1',
        {
          ...INITIAL_TEXT,
          subject: [{ type: 'paragraph', content: [{ type: 'text', text: 'Neu' }] }],
        },
        { userId: 'jonas', officeId: ASKED_A },
        'no_stream',
      );
    };
    await handler.handle(lock('v1'));
    const lifecycle = await store.readStream(vorlageStreamName('v1'));
    expect(lifecycle.at(-2)!.data).toMatchObject({
      textRevision: '0',
      markerRevision: '1',
      fassung: { textHash: newerHash },
    });
  });

  it('D-41: an unauthorised lock writes no marker', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    expect((await rejection(handler.handle(lock('v1', undefined, ACTORS.askedSigner)))).code).toBe(
      'forbidden',
    );
    expect(await store.readStream(textStreamName('v1'))).toEqual([]);
  });

  it('D-41: a lock that crashed after its marker is finished by its retry, with one marker', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const commandId = newCommandId();
    store.beforeAppend = (stream) => {
      if (stream !== vorlageStreamName('v1')) return;
      store.beforeAppend = null;
      throw new Error('connection lost');
    };
    await expect(handler.handle(lock('v1', commandId))).rejects.toThrow('connection lost');
    expect(
      foldTextHead(
        await store.readStream(textStreamName('v1')),
        await fingerprintText(INITIAL_TEXT),
      ).lock?.commandId,
    ).toBe(commandId);
    expect(
      (await handler.load('v1')).status !== 'none' &&
        ((await handler.load('v1')) as { editing: { locked: boolean } }).editing.locked,
    ).toBe(false);
    const result = await handler.handle(lock('v1', commandId));
    expect(result.status).toBe('applied');
    expect(
      (await store.readStream(textStreamName('v1'))).filter(
        (event) => event.type === TEXT_EVENT_TYPES.editingLocked,
      ),
    ).toHaveLength(1);
    expect((await handler.handle(lock('v1', commandId))).status).toBe('alreadyApplied');
  });

  it('D-41: of two racing locks one wins; the loser releases its own marker', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const [loser, winner] = [newCommandId(), newCommandId()];
    const otherProcess = handlerOn(store);
    store.beforeAppend = async (stream) => {
      if (stream !== vorlageStreamName('v1')) return;
      store.beforeAppend = null;
      await otherProcess.handle(lock('v1', winner));
    };
    expect((await rejection(handler.handle(lock('v1', loser)))).code).toBe(
      'editing_already_locked',
    );
    const head = foldTextHead(
      await store.readStream(textStreamName('v1')),
      await fingerprintText(INITIAL_TEXT),
    );
    expect(head.locks.map((entry) => entry.commandId)).toEqual([winner]);
    const state = await handler.load('v1');
    expect(state.status !== 'none' && state.editing.locked && state.editing.lockId).toBe(winner);
  });

  it('D-42: unlock records EditingUnlocked first, then releases exactly that lock; a retry does not release twice', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const lockId = newCommandId();
    await handler.handle(lock('v1', lockId));
    const unlockId = newCommandId();
    await handler.handle(unlock('v1', unlockId));
    const text = await store.readStream(textStreamName('v1'));
    expect(text.map((event) => event.type)).toEqual([
      TEXT_EVENT_TYPES.editingLocked,
      TEXT_EVENT_TYPES.editingUnlocked,
    ]);
    expect(text[1]!.data).toMatchObject({ releasesLock: lockId, commandId: unlockId });
    expect((await handler.handle(unlock('v1', unlockId))).status).toBe('alreadyApplied');
    expect(await store.readStream(textStreamName('v1'))).toHaveLength(2);
  });

  it('D-42: an unlock that crashed before releasing the text is finished by its retry', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    await handler.handle(lock('v1'));
    const unlockId = newCommandId();
    store.beforeAppend = (stream) => {
      if (stream !== textStreamName('v1')) return;
      store.beforeAppend = null;
      throw new Error('connection lost');
    };
    await expect(handler.handle(unlock('v1', unlockId))).rejects.toThrow('connection lost');
    const stillLocked = foldTextHead(
      await store.readStream(textStreamName('v1')),
      await fingerprintText(INITIAL_TEXT),
    );
    expect(stillLocked.locks).toHaveLength(1); // fails safe: text stays read-only meanwhile
    await handler.handle(unlock('v1', unlockId));
    const released = foldTextHead(
      await store.readStream(textStreamName('v1')),
      await fingerprintText(INITIAL_TEXT),
    );
    expect(released.locks).toHaveLength(0);
  });

  it('D-43: submission compares every sign-off with the locked text; a text write after the lock blocks it', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    await handler.handle(sign('v1', ACTORS.askedSigner, textHash));
    await handler.handle(sign('v1', ACTORS.askedBSigner, textHash));
    await handler.handle(lock('v1'));
    // A misbehaving writer ignores the marker: the locked Fassung no longer matches the text.
    const rogue = createMemoryStore();
    rogue.streams.set(textStreamName('v1'), [...(store.streams.get(textStreamName('v1')) ?? [])]);
    await collabEdit(rogue, 'v1', { subject: [] }, { userId: 'x', officeId: ASKED_A }, 0n);
    const submit = envelope(
      'SubmitToSession',
      { vorlageId: 'v1', sessionDate: '2026-05-19' },
      ACTORS.spk,
    );
    const rogueHandler = handlerOn(
      Object.assign(Object.create(store), {
        readStream: (s: string) =>
          s === textStreamName('v1') ? rogue.readStream(s) : store.readStream(s),
        readStreamBackwards: (s: string, options: { maxCount: number }) =>
          s === textStreamName('v1')
            ? rogue.readStreamBackwards(s, options)
            : store.readStreamBackwards(s, options),
      }),
    );
    expect((await rejection(rogueHandler.handle(submit))).code).toBe('text_lock_mismatch');
    const result = await handler.handle(submit);
    expect(result.status).toBe('applied');
    expect((await handler.load('v1')).status).toBe('submitted');
  });

  it('D-31, D-43: a sign-off on an older Fassung is stale at submission and listed with the changed section', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    await handler.handle(sign('v1', ACTORS.askedSigner, textHash));
    const newer = await collabEdit(
      store,
      'v1',
      {
        ...INITIAL_TEXT,
        justification: [{ type: 'paragraph', content: [{ type: 'text', text: 'Geändert' }] }],
      },
      { userId: 'anna', officeId: 'stadtentwicklung' },
      'no_stream',
    );
    await handler.handle(sign('v1', ACTORS.askedBSigner, newer));
    await handler.handle(lock('v1'));
    const error = await rejection(
      handler.handle(
        envelope('SubmitToSession', { vorlageId: 'v1', sessionDate: '2026-05-19' }, ACTORS.spk),
      ),
    );
    expect(error.code).toBe('sign_offs_incomplete');
    expect(error.details).toMatchObject({
      missing: [],
      refused: [],
      stale: [{ officeId: ASKED_A, signedTextHash: textHash, changedSections: ['justification'] }],
    });
    await handler.handle(
      envelope(
        'SubmitToSession',
        { vorlageId: 'v1', sessionDate: '2026-05-19', overrideReason: 'Eilt' },
        ACTORS.spk,
      ),
    );
    const submitted = (await store.readStream(vorlageStreamName('v1'))).at(-1)!;
    expect(submitted.data).toMatchObject({
      override: { reason: 'Eilt', stale: [{ officeId: ASKED_A }] },
      signOffs: [
        { officeId: ASKED_A, status: 'stale' },
        { officeId: ASKED_B, status: 'valid' },
      ],
    });
  });

  it('D-3: text supplied with a request must be the current text and is frozen with it', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const request = (text: unknown) =>
      envelope(
        'RequestSignOffs',
        {
          vorlageId: 'v1',
          officeIds: ['soziales'],
          deadline: '2026-05-20T10:00:00Z',
          deemedGivenPolicy: 'explicitOnly',
          fassungHash: textHash,
          text,
        },
        ACTORS.leadSigner,
      );
    expect((await rejection(handler.handle(request({ subject: [] })))).code).toBe(
      'fassung_not_current',
    );
    await handler.handle(request(INITIAL_TEXT));
    const frozen = (await store.readStream(vorlageStreamName('v1'))).at(-1)!;
    expect(frozen.type).toBe('TextVersionFrozen');
    expect((frozen.data as { text: { subject: unknown } }).text.subject).toEqual(
      INITIAL_TEXT.subject,
    );
  });
});

describe('recorded refusals (D-108)', () => {
  const withdraw = (vorlageId: string, commandId: string) =>
    envelope(
      'WithdrawSignOff',
      { vorlageId, officeId: ACTORS.askedSigner.officeId },
      ACTORS.askedSigner,
      { commandId },
    );
  const lock = (vorlageId: string, commandId: string) =>
    envelope('LockEditing', { vorlageId }, ACTORS.leadMember, { commandId });
  const unlock = (vorlageId: string) =>
    envelope('UnlockEditing', { vorlageId }, ACTORS.leadMember, { commandId: newCommandId() });
  const recording = { recordRefusal: true } as const;

  it('D-108: a refusal is recorded once; a re-send answers it even where the command would now apply', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    const { textHash } = await createVorlage(handler, 'v1');
    const commandId = newCommandId();
    const original = await rejection(handler.handle(withdraw('v1', commandId), recording));
    expect(original.code).toBe('no_sign_off_to_withdraw');
    const events = await store.readStream(vorlageStreamName('v1'));
    expect(events.at(-1)).toMatchObject({
      id: commandId,
      type: 'CommandRefused',
      data: { commandType: 'WithdrawSignOff', code: 'no_sign_off_to_withdraw' },
    });
    expect(await verifyChain(events)).toMatchObject({ ok: true });
    await handler.handle(sign('v1', ACTORS.askedSigner, textHash));
    // Now there is a sign-off to withdraw, yet the re-send answers the original refusal.
    const appends = store.appendCount;
    for (const resend of [handlerOn(store), handler]) {
      const again = await rejection(resend.handle(withdraw('v1', commandId), recording));
      expect({ code: again.code, message: again.message, details: again.details }).toEqual({
        code: original.code,
        message: original.message,
        details: original.details,
      });
    }
    expect(store.appendCount).toBe(appends);
    const state = await handler.load('v1');
    expect(
      state.status === 'inSignOff' && state.signOffs[ACTORS.askedSigner.officeId],
    ).toMatchObject({ status: 'approved' });
  });

  it('D-95: without recording (a server-made command id) a refusal writes nothing', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const appends = store.appendCount;
    await rejection(handler.handle(withdraw('v1', newCommandId())));
    expect(store.appendCount).toBe(appends);
  });

  it('D-108: the caller’s read check refuses before any decision and is not recorded', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const appends = store.appendCount;
    const check = () => {
      throw new DomainError('forbidden', 'may not read');
    };
    await rejection(handler.handle(withdraw('v1', newCommandId()), { ...recording, check }));
    expect(store.appendCount).toBe(appends);
  });

  it('D-108: a refusal for who the caller is (role, office) is not recorded: no reader can grow the trail', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const appends = store.appendCount;
    const byMember = envelope('LockEditing', { vorlageId: 'v1' }, ACTORS.askedSigner, {
      commandId: newCommandId(),
    });
    expect((await rejection(handler.handle(byMember, recording))).code).toBe('forbidden');
    expect(store.appendCount).toBe(appends);
  });

  it('D-108: a refused twin in the same batch answers the same refusal; one record', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    const commandId = newCommandId();
    const answers = await Promise.allSettled([
      handler.handle(withdraw('v1', newCommandId()), recording),
      handler.handle(withdraw('v1', commandId), recording),
      handler.handle(withdraw('v1', commandId), recording),
    ]);
    const [, original, twin] = answers.map((answer) =>
      answer.status === 'rejected' ? (answer.reason as DomainError).code : 'applied',
    );
    expect([original, twin]).toEqual(['no_sign_off_to_withdraw', 'no_sign_off_to_withdraw']);
    const events = await store.readStream(vorlageStreamName('v1'));
    expect(events.filter((event) => event.id === commandId)).toHaveLength(1);
    expect(events.filter((event) => event.type === 'CommandRefused')).toHaveLength(2);
  });

  it('D-108: a lock refused before its marker is recorded; the re-send after an unlock answers it', async () => {
    const store = createMemoryStore();
    const handler = handlerOn(store);
    await createVorlage(handler, 'v1');
    await handler.handle(lock('v1', newCommandId()));
    const commandId = newCommandId();
    const original = await rejection(handler.handle(lock('v1', commandId), recording));
    expect(original.code).toBe('editing_already_locked');
    await handler.handle(unlock('v1'));
    const again = await rejection(handlerOn(store).handle(lock('v1', commandId), recording));
    expect(again.code).toBe(original.code);
    const text = await store.readStream(textStreamName('v1'));
    // Two markers only: the first lock and its release; the refused lock placed none.
    expect(text.map((event) => event.type)).toEqual([
      TEXT_EVENT_TYPES.editingLocked,
      TEXT_EVENT_TYPES.editingUnlocked,
    ]);
    const lifecycle = await store.readStream(vorlageStreamName('v1'));
    expect(lifecycle.filter((event) => event.id === commandId)).toHaveLength(1);
    expect(await verifyChain(lifecycle)).toMatchObject({ ok: true });
  });
});
