// The discussion handler against the real embedded event store over gRPC: its own chained stream,
// rights from the lifecycle, bad input writes nothing, and sign-offs citing its threads (D-130…D-136).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import { startTestEventStore, type TestEventStore } from '../../event-store/testing';
import { verifyChain } from '../audit/chain';
import { isDomainError } from '../shared/errors';
import { ACTORS, ASKED_A, ASKED_B } from '../testing/fixtures';
import {
  collabEdit,
  createVorlage,
  envelope,
  handlerOn,
  INITIAL_TEXT,
  newCommandId,
} from '../testing/scenario';
import { encodeProposalId } from '../text/proposals';
import { createDiscussionCommandHandler, discussionStreamName } from './discussion-handler';
import { vorlageStreamName } from './vorlage-handler';

const RUN = Math.floor(Math.random() * 0xffffff);
const vorlageId = (name: string) => `disc${RUN.toString(16)}_${name}`;
const anchor = { start: 'AQIDBA==', end: 'BQYHCA==' };

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('discussion commands through the real event store (D-130…D-136)', () => {
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

  const handlers = () => {
    const vorlagen = handlerOn(client);
    const discussion = createDiscussionCommandHandler({
      store: client,
      loadVorlage: (id) => vorlagen.load(id),
    });
    return { vorlagen, discussion };
  };

  it('D-136: a thread, a reply, Erledigt and Wieder öffnen land on discussion-<id>, chained; the lifecycle is untouched', async () => {
    const id = vorlageId('flow');
    const { vorlagen, discussion } = handlers();
    await createVorlage(vorlagen, id);
    const lifecycleBefore = await client.readStream(vorlageStreamName(id));
    const threadId = newCommandId(RUN);
    await discussion.handle(
      envelope(
        'StartThread',
        { vorlageId: id, sectionKey: 'justification', anchor, quote: 'AG', body: 'Welche AG?' },
        ACTORS.askedSigner,
        { commandId: threadId },
      ),
    );
    await discussion.handle(
      envelope(
        'ReplyToThread',
        { vorlageId: id, threadId, body: 'AG Planung.' },
        ACTORS.leadMember,
      ),
    );
    await discussion.handle(envelope('ResolveThread', { vorlageId: id, threadId }, ACTORS.spk));
    await discussion.handle(
      envelope('ReopenThread', { vorlageId: id, threadId }, ACTORS.askedSigner),
    );
    const events = await client.readStream(discussionStreamName(id));
    expect(events.map((event) => event.type)).toEqual([
      'ThreadStarted',
      'ReplyPosted',
      'ThreadResolved',
      'ThreadReopened',
    ]);
    expect(events[0]!.metadata).toMatchObject({ actor: { userId: 'jana', officeId: ASKED_A } });
    expect(await verifyChain(events)).toMatchObject({ ok: true, count: 4 });
    expect(await client.readStream(vorlageStreamName(id))).toHaveLength(lifecycleBefore.length);
  });

  it('D-130, D-132: an auditor, an outsider and malformed input are refused and write nothing', async () => {
    const id = vorlageId('refused');
    const { vorlagen, discussion } = handlers();
    await createVorlage(vorlagen, id);
    const start = (actor: typeof ACTORS.spk, body: string) =>
      discussion.handle(
        envelope(
          'StartThread',
          { vorlageId: id, sectionKey: 'subject', anchor, quote: 'x', body },
          actor,
        ),
      );
    expect(await refusalOf(start(ACTORS.auditor, 'Frage'))).toBe('forbidden');
    expect(await refusalOf(start(ACTORS.outsiderMember, 'Frage'))).toBe('forbidden');
    expect(await refusalOf(start(ACTORS.spk, ' '))).toBe('invalid_command');
    expect(await refusalOf(start(ACTORS.spk, 'x'.repeat(4001)))).toBe('invalid_command');
    expect(await client.readStream(discussionStreamName(id))).toEqual([]);
  });

  it("D-135: a sign-off cites its own office's thread; another office's thread is refused", async () => {
    const id = vorlageId('cite');
    const { vorlagen, discussion } = handlers();
    const { textHash } = await createVorlage(vorlagen, id);
    const own = newCommandId(RUN);
    const foreign = newCommandId(RUN);
    for (const [threadId, actor] of [
      [own, ACTORS.askedMember],
      [foreign, ACTORS.askedBSigner],
    ] as const) {
      await discussion.handle(
        envelope(
          'StartThread',
          { vorlageId: id, sectionKey: 'subject', anchor, quote: 'x', body: 'y' },
          actor,
          { commandId: threadId },
        ),
      );
    }
    const give = (citedThreadIds: string[]) =>
      vorlagen.handle(
        envelope(
          'GiveSignOff',
          {
            vorlageId: id,
            officeId: ASKED_A,
            kind: 'approveWithRemarks',
            remarks: 'Siehe Kommentar.',
            fassungHash: textHash,
            citedThreadIds,
          },
          ACTORS.askedSigner,
        ),
      );
    expect(await refusalOf(give([foreign]))).toBe('thread_not_citable');
    const result = await give([own]);
    expect(result.events[0]?.data).toMatchObject({ citedThreadIds: [own] });
  });

  it("D-181: a sign-off cites its office's pending and decided proposals; another office's is refused and nothing is written", async () => {
    const id = vorlageId('citeproposal');
    const { vorlagen } = handlers();
    const { textHash } = await createVorlage(vorlagen, id);
    const proposal = (officeId: string, nonce: string) =>
      encodeProposalId({ userId: 'jana', officeId }, `${nonce}${RUN}`);
    const pending = proposal(ASKED_A, 'pending');
    const toDecide = proposal(ASKED_A, 'decided');
    const foreign = proposal(ASKED_B, 'foreign');
    await collabEdit(
      client,
      id,
      INITIAL_TEXT,
      { userId: 'jana', officeId: ASKED_A },
      'any',
      '2026-05-04T09:00:00Z',
      [pending, toDecide, foreign],
    );
    await vorlagen.handle(
      envelope(
        'DecideProposals',
        {
          vorlageId: id,
          decisions: [{ proposalId: toDecide, decision: 'rejected', inserted: 'neu', deleted: '' }],
        },
        ACTORS.leadMember,
      ),
    );
    // The collab server applies the rejection: the proposal leaves the text head.
    await collabEdit(
      client,
      id,
      INITIAL_TEXT,
      { userId: 'anna', officeId: 'stadtentwicklung' },
      'any',
      '2026-05-04T09:01:00Z',
      [pending, foreign],
    );
    const refuse = (citedProposalIds: string[]) =>
      vorlagen.handle(
        envelope(
          'RefuseSignOff',
          {
            vorlageId: id,
            officeId: ASKED_A,
            reason: 'Unser Vorschlag wurde abgelehnt.',
            fassungHash: textHash,
            citedProposalIds,
          },
          ACTORS.askedSigner,
        ),
      );
    const before = await client.readStream(vorlageStreamName(id));
    expect(await refusalOf(refuse([pending, foreign]))).toBe('proposal_not_citable');
    expect(await client.readStream(vorlageStreamName(id))).toHaveLength(before.length);
    const result = await refuse([pending, toDecide]);
    expect(result.events[0]?.data).toMatchObject({ citedProposalIds: [pending, toDecide] });
  });

  it("D-182: the lead office marks a thread as dissent (chained, with actor); it may not unmark another office's thread; that office does", async () => {
    const id = vorlageId('dissent');
    const { vorlagen, discussion } = handlers();
    await createVorlage(vorlagen, id);
    const threadId = newCommandId(RUN);
    await discussion.handle(
      envelope(
        'StartThread',
        { vorlageId: id, sectionKey: 'justification', anchor, quote: 'AG', body: 'Nicht gedeckt.' },
        ACTORS.askedSigner,
        { commandId: threadId },
      ),
    );
    await discussion.handle(
      envelope('MarkThreadAsDissent', { vorlageId: id, threadId }, ACTORS.leadMember),
    );
    const unmark = (actor: typeof ACTORS.spk) =>
      discussion.handle(envelope('UnmarkThreadAsDissent', { vorlageId: id, threadId }, actor));
    expect(await refusalOf(unmark(ACTORS.leadMember))).toBe('forbidden');
    expect((await discussion.load(id)).threads[threadId]?.dissent).toBe(true);
    await unmark(ACTORS.askedMember);
    const events = await client.readStream(discussionStreamName(id));
    expect(events.map((event) => event.type)).toEqual([
      'ThreadStarted',
      'ThreadMarkedAsDissent',
      'ThreadDissentUnmarked',
    ]);
    expect(events[1]!.metadata).toMatchObject({ actor: { userId: 'anna', role: 'member' } });
    expect(await verifyChain(events)).toMatchObject({ ok: true, count: 3 });
  });
});
