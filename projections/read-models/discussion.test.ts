// Unit tests of the discussion read model: threads with replies, Erledigt / Wieder öffnen.
import { describe, expect, it } from 'vitest';
import { ASKED_A, LEAD, testUuid, VORLAGE_ID } from '../../domain/testing/fixtures';
import { EventLog, project } from '../testing/events';
import { discussionProjection, getDiscussion } from './discussion';

const T = (minute: number) => `2026-05-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
const THREAD = testUuid(801);
const jana = { userId: 'jana', displayName: 'Jana', officeId: ASKED_A };
const anna = { userId: 'anna', displayName: 'Anna', officeId: LEAD };

function started(log: EventLog) {
  log.discussion(
    VORLAGE_ID,
    {
      type: 'ThreadStarted',
      data: {
        threadId: THREAD,
        sectionKey: 'justification',
        anchor: { start: 'AQ==', end: 'Ag==' },
        quote: 'die AG',
        body: 'Welche AG?',
        author: jana,
      },
    },
    T(1),
  );
}

describe('discussion read model (D-130…D-134)', () => {
  it('lists a thread with its author, office, anchor and replies in order', () => {
    const log = new EventLog();
    started(log);
    for (const [n, body] of ['Die AG Planung.', 'Danke.'].entries()) {
      log.discussion(
        VORLAGE_ID,
        {
          type: 'ReplyPosted',
          data: { threadId: THREAD, replyId: testUuid(810 + n), body, author: n ? jana : anna },
        },
        T(2 + n),
      );
    }
    const [thread] = getDiscussion(project([discussionProjection], log.events), VORLAGE_ID);
    expect(thread).toMatchObject({
      threadId: THREAD,
      sectionKey: 'justification',
      anchor: { start: 'AQ==', end: 'Ag==' },
      quote: 'die AG',
      author: { displayName: 'Jana', officeId: ASKED_A, officeName: 'Jugendamt' },
      startedAt: T(1),
      resolved: false,
    });
    expect(thread?.replies.map((reply) => reply.body)).toEqual(['Die AG Planung.', 'Danke.']);
  });

  it('marks a thread Erledigt with who and when, and open again when reopened', () => {
    const log = new EventLog();
    started(log);
    log.discussion(
      VORLAGE_ID,
      { type: 'ThreadResolved', data: { threadId: THREAD, by: anna } },
      T(3),
    );
    let db = project([discussionProjection], log.events);
    expect(getDiscussion(db, VORLAGE_ID)[0]).toMatchObject({
      resolved: true,
      resolvedBy: 'Anna',
      resolvedAt: T(3),
    });
    log.discussion(
      VORLAGE_ID,
      { type: 'ThreadReopened', data: { threadId: THREAD, by: jana } },
      T(4),
    );
    db = project([discussionProjection], log.events);
    expect(getDiscussion(db, VORLAGE_ID)[0]).toMatchObject({ resolved: false, resolvedBy: null });
  });

  it('D-182: keeps who marked a thread as dissent, and forgets it when unmarked', () => {
    const log = new EventLog();
    started(log);
    log.discussion(
      VORLAGE_ID,
      { type: 'ThreadMarkedAsDissent', data: { threadId: THREAD, by: anna } },
      T(3),
    );
    let db = project([discussionProjection], log.events);
    expect(getDiscussion(db, VORLAGE_ID)[0]?.dissent).toEqual({
      by: 'Anna',
      byOfficeId: LEAD,
      at: T(3),
    });
    log.discussion(
      VORLAGE_ID,
      { type: 'ThreadDissentUnmarked', data: { threadId: THREAD, by: jana } },
      T(4),
    );
    db = project([discussionProjection], log.events);
    expect(getDiscussion(db, VORLAGE_ID)[0]?.dissent).toBeNull();
  });

  it('answers an empty list for a Vorlage without comments', () => {
    expect(getDiscussion(project([discussionProjection], []), 'v-none')).toEqual([]);
  });
});
