import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import {
  ACTORS,
  ASKED_A,
  LEAD,
  VORLAGE_ID,
  created,
  requested,
  testUuid,
} from '../testing/fixtures';
import { discussionCommand, givenDiscussion } from '../testing/discussion-spec';
import { evolve, initialState } from '../vorlage/decider';
import type { VorlageEvent } from '../vorlage/events';
import type { VorlageState } from '../vorlage/state';
import { DiscussionCommandSchema } from './commands';
import { threadsStartedBy } from './decider';
import { MAX_COMMENT_LENGTH, type Commenter, type DiscussionEvent } from './events';

const vorlageAfter = (...events: VorlageEvent[]): VorlageState =>
  events.reduce(evolve, initialState());

const drafting = vorlageAfter(created);
const inSignOff = vorlageAfter(created, requested());
const withdrawn = vorlageAfter(created, requested(), {
  type: 'VorlageWithdrawn',
  data: { reason: 'Erledigt' },
});

const anchor = { start: 'AQIDBA==', end: 'BQYHCA==' };
const THREAD = testUuid(501);
const commenter = (actor: Actor): Commenter => ({
  userId: actor.userId,
  displayName: actor.displayName,
  officeId: actor.officeId,
});

const start = (by: Actor, threadId = THREAD) =>
  discussionCommand(
    'StartThread',
    {
      vorlageId: VORLAGE_ID,
      sectionKey: 'justification',
      anchor,
      quote: 'die Arbeitsgruppe',
      body: 'Welche Arbeitsgruppe?',
    },
    by,
    threadId,
  );

const started = (by: Actor, threadId = THREAD): DiscussionEvent => ({
  type: 'ThreadStarted',
  data: {
    threadId,
    sectionKey: 'justification',
    anchor,
    quote: 'die Arbeitsgruppe',
    body: 'Welche Arbeitsgruppe?',
    author: commenter(by),
  },
});

const resolved = (by: Actor): DiscussionEvent => ({
  type: 'ThreadResolved',
  data: { threadId: THREAD, by: commenter(by) },
});

describe('discussion: starting a thread (D-130, D-131, D-132)', () => {
  it('D-130: a signer of an asked office comments on a passage', () => {
    givenDiscussion([])
      .when(start(ACTORS.askedSigner), { vorlage: inSignOff })
      .then([started(ACTORS.askedSigner)]);
  });

  it('D-130: members of the lead office and the SPK comment while drafting', () => {
    givenDiscussion([])
      .when(start(ACTORS.leadMember), { vorlage: drafting })
      .then([started(ACTORS.leadMember)]);
    givenDiscussion([])
      .when(start(ACTORS.spk), { vorlage: drafting })
      .then([started(ACTORS.spk)]);
  });

  it.each([
    ['a rapporteur', ACTORS.rapporteur],
    ['an auditor', ACTORS.auditor],
    ['an admin', ACTORS.admin],
    ['an office that takes no part', ACTORS.outsiderMember],
    ['an asked office before it is asked', ACTORS.askedMember],
  ])('D-130: %s may not comment', (_who, actor) => {
    const vorlage = actor === ACTORS.askedMember ? drafting : inSignOff;
    givenDiscussion([]).when(start(actor), { vorlage }).thenFails('forbidden');
  });

  it('D-131: nobody comments once the Vorlage is withdrawn or decided', () => {
    givenDiscussion([])
      .when(start(ACTORS.spk), { vorlage: withdrawn })
      .thenFails('discussion_closed', { status: 'withdrawn' });
  });

  it('D-131: a Vorlage that does not exist has no discussion', () => {
    givenDiscussion([])
      .when(start(ACTORS.spk), { vorlage: initialState() })
      .thenFails('vorlage_not_found');
  });

  it('D-132: the thread id is the command id; the author and office come from the actor', () => {
    const [event] = givenDiscussion([])
      .when(start(ACTORS.askedMember, testUuid(777)), { vorlage: inSignOff })
      .events();
    expect(event).toMatchObject({
      type: 'ThreadStarted',
      data: { threadId: testUuid(777), author: { officeId: ASKED_A, userId: 'jonas' } },
    });
  });

  it('D-132: an empty or too long body, a bad anchor or an unknown section is malformed input', () => {
    const envelope = (data: Record<string, unknown>) => ({
      type: 'StartThread',
      data: {
        vorlageId: VORLAGE_ID,
        sectionKey: 'justification',
        anchor,
        quote: 'x',
        body: 'y',
        ...data,
      },
      metadata: start(ACTORS.spk).metadata,
    });
    expect(DiscussionCommandSchema.safeParse(envelope({})).success).toBe(true);
    for (const bad of [
      { body: '   ' },
      { body: 'x'.repeat(MAX_COMMENT_LENGTH + 1) },
      { anchor: { start: 'not base64!', end: 'AQ==' } },
      { sectionKey: 'coSignedBy' },
      { quote: '' },
    ]) {
      expect(DiscussionCommandSchema.safeParse(envelope(bad)).success, JSON.stringify(bad)).toBe(
        false,
      );
    }
  });
});

describe('discussion: replies, Erledigt and Wieder öffnen (D-133, D-134)', () => {
  const reply = (by: Actor, threadId = THREAD) =>
    discussionCommand(
      'ReplyToThread',
      { vorlageId: VORLAGE_ID, threadId, body: 'Die AG Planung.' },
      by,
      testUuid(601),
    );
  const resolve = (by: Actor) =>
    discussionCommand('ResolveThread', { vorlageId: VORLAGE_ID, threadId: THREAD }, by);
  const reopen = (by: Actor) =>
    discussionCommand('ReopenThread', { vorlageId: VORLAGE_ID, threadId: THREAD }, by);

  it('D-133: another office replies to an open thread', () => {
    givenDiscussion([started(ACTORS.askedSigner)])
      .when(reply(ACTORS.leadMember), { vorlage: inSignOff })
      .then([
        {
          type: 'ReplyPosted',
          data: {
            threadId: THREAD,
            replyId: testUuid(601),
            body: 'Die AG Planung.',
            author: commenter(ACTORS.leadMember),
          },
        },
      ]);
  });

  it('D-133: a reply to a thread that does not exist is refused', () => {
    givenDiscussion([])
      .when(reply(ACTORS.leadMember, testUuid(999)), { vorlage: inSignOff })
      .thenFails('thread_not_found', { threadId: testUuid(999) });
  });

  it('D-133: a resolved thread takes no reply until it is reopened', () => {
    givenDiscussion([started(ACTORS.askedSigner), resolved(ACTORS.leadMember)])
      .when(reply(ACTORS.askedSigner), { vorlage: inSignOff })
      .thenFails('thread_resolved');
  });

  it('D-134: any participant marks a thread Erledigt, and reopens it', () => {
    const state = givenDiscussion([started(ACTORS.askedSigner)])
      .when(resolve(ACTORS.leadMember), { vorlage: inSignOff })
      .then([resolved(ACTORS.leadMember)]);
    expect(state.threads[THREAD]?.resolved).toBe(true);
    givenDiscussion([started(ACTORS.askedSigner), resolved(ACTORS.leadMember)])
      .when(reopen(ACTORS.askedSigner), { vorlage: inSignOff })
      .then([
        { type: 'ThreadReopened', data: { threadId: THREAD, by: commenter(ACTORS.askedSigner) } },
      ]);
  });

  it('D-134: resolving a resolved thread or reopening an open one is refused', () => {
    givenDiscussion([started(ACTORS.askedSigner), resolved(ACTORS.leadMember)])
      .when(resolve(ACTORS.spk), { vorlage: inSignOff })
      .thenFails('thread_resolved');
    givenDiscussion([started(ACTORS.askedSigner)])
      .when(reopen(ACTORS.spk), { vorlage: inSignOff })
      .thenFails('thread_not_resolved');
  });

  it('D-130: auditors and rapporteurs neither reply nor resolve', () => {
    for (const actor of [ACTORS.auditor, ACTORS.rapporteur]) {
      givenDiscussion([started(ACTORS.askedSigner)])
        .when(reply(actor), { vorlage: inSignOff })
        .thenFails('forbidden');
      givenDiscussion([started(ACTORS.askedSigner)])
        .when(resolve(actor), { vorlage: inSignOff })
        .thenFails('forbidden');
    }
  });

  it('D-131: a withdrawn Vorlage takes no reply, resolution or reopening', () => {
    givenDiscussion([started(ACTORS.askedSigner)])
      .when(resolve(ACTORS.spk), { vorlage: withdrawn })
      .thenFails('discussion_closed');
  });
});

describe('discussion: threads an office may cite (D-135)', () => {
  it('lists the threads started by members and signers of that office only', () => {
    const other = testUuid(502);
    const state = givenDiscussion([
      started(ACTORS.askedSigner),
      started(ACTORS.leadMember, other),
    ]).state;
    expect(threadsStartedBy(state, ASKED_A)).toEqual([THREAD]);
    expect(threadsStartedBy(state, LEAD)).toEqual([other]);
  });
});

describe('discussion: threads as remaining disagreements (D-182)', () => {
  const mark = (by: Actor, threadId = THREAD) =>
    discussionCommand('MarkThreadAsDissent', { vorlageId: VORLAGE_ID, threadId }, by);
  const unmark = (by: Actor) =>
    discussionCommand('UnmarkThreadAsDissent', { vorlageId: VORLAGE_ID, threadId: THREAD }, by);
  const marked = (by: Actor): DiscussionEvent => ({
    type: 'ThreadMarkedAsDissent',
    data: { threadId: THREAD, by: commenter(by) },
  });

  it.each([
    ["the thread's own office", ACTORS.askedMember],
    ['the lead office', ACTORS.leadMember],
    ['the SPK', ACTORS.spk],
  ])('D-182: %s marks an open thread as dissent', (_who, actor) => {
    const state = givenDiscussion([started(ACTORS.askedSigner)])
      .when(mark(actor), { vorlage: inSignOff })
      .then([marked(actor)]);
    expect(state.threads[THREAD]?.dissent).toBe(true);
  });

  it.each([
    ['another asked office', ACTORS.askedBSigner, 'mark dissent'],
    ['an auditor', ACTORS.auditor, 'comment'],
    ['a rapporteur', ACTORS.rapporteur, 'comment'],
  ])('D-182: %s may not mark it', (_who, actor, action) => {
    givenDiscussion([started(ACTORS.askedSigner)])
      .when(mark(actor), { vorlage: inSignOff })
      .thenFails('forbidden', { action });
  });

  it("D-182: the thread's office and the SPK unmark it; the lead office unmarks only its own office's threads", () => {
    for (const actor of [ACTORS.askedSigner, ACTORS.spk]) {
      givenDiscussion([started(ACTORS.askedSigner), marked(ACTORS.leadMember)])
        .when(unmark(actor), { vorlage: inSignOff })
        .then([
          { type: 'ThreadDissentUnmarked', data: { threadId: THREAD, by: commenter(actor) } },
        ]);
    }
    givenDiscussion([started(ACTORS.askedSigner), marked(ACTORS.leadMember)])
      .when(unmark(ACTORS.leadMember), { vorlage: inSignOff })
      .thenFails('forbidden', { threadOfficeId: ASKED_A });
    givenDiscussion([started(ACTORS.leadSigner), marked(ACTORS.leadSigner)])
      .when(unmark(ACTORS.leadMember), { vorlage: inSignOff })
      .events();
  });

  it('D-182: marking twice, unmarking an unmarked thread, marking a resolved or unknown thread is refused', () => {
    givenDiscussion([started(ACTORS.askedSigner), marked(ACTORS.askedSigner)])
      .when(mark(ACTORS.spk), { vorlage: inSignOff })
      .thenFails('thread_already_dissent');
    givenDiscussion([started(ACTORS.askedSigner)])
      .when(unmark(ACTORS.spk), { vorlage: inSignOff })
      .thenFails('thread_not_dissent');
    givenDiscussion([started(ACTORS.askedSigner), resolved(ACTORS.leadMember)])
      .when(mark(ACTORS.spk), { vorlage: inSignOff })
      .thenFails('thread_resolved');
    givenDiscussion([])
      .when(mark(ACTORS.spk, testUuid(999)), { vorlage: inSignOff })
      .thenFails('thread_not_found');
  });

  it('D-182: resolving and reopening keep the mark; a withdrawn Vorlage takes no mark', () => {
    const state = givenDiscussion([
      started(ACTORS.askedSigner),
      marked(ACTORS.askedSigner),
      resolved(ACTORS.leadMember),
    ]).state;
    expect(state.threads[THREAD]).toMatchObject({ dissent: true, resolved: true });
    givenDiscussion([started(ACTORS.askedSigner)])
      .when(mark(ACTORS.spk), { vorlage: withdrawn })
      .thenFails('discussion_closed');
  });
});
