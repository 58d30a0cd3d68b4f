// Reading and writing the session calendar (D-112) through the store port: one stream, one
// `SessionScheduled` event per session date, written once (re-scheduling the same date with the
// same deadline writes nothing).
import { nameBasedUuid } from '../shared/crypto';
import type { CommandMetadata } from '../shared/actor';
import {
  foldSessionCalendar,
  SESSION_CALENDAR_STREAM,
  SESSION_SCHEDULED,
  SessionSchema,
  type Session,
} from '../sessions/calendar';
import type { EventStreamStore } from './event-store-port';

export async function loadSessionCalendar(store: EventStreamStore): Promise<Session[]> {
  return foldSessionCalendar(await store.readStream(SESSION_CALENDAR_STREAM));
}

/** Appends the sessions not yet in the calendar (or with another deadline); returns how many. */
export async function scheduleSessions(
  store: EventStreamStore,
  sessions: readonly Session[],
  metadata: Pick<CommandMetadata, 'actor' | 'time' | 'correlationId'>,
): Promise<number> {
  const existing = await store.readStream(SESSION_CALENDAR_STREAM);
  const known = new Map(foldSessionCalendar(existing).map((session) => [session.date, session]));
  const missing = sessions
    .map((session) => SessionSchema.parse(session))
    .filter(
      (session) => known.get(session.date)?.submissionDeadline !== session.submissionDeadline,
    );
  if (missing.length === 0) return 0;
  const events = await Promise.all(
    missing.map(async (session) => ({
      id: await nameBasedUuid('vorlagen:session', `${session.date}/${session.submissionDeadline}`),
      type: SESSION_SCHEDULED,
      data: { date: session.date, submissionDeadline: session.submissionDeadline },
      metadata: {
        actor: metadata.actor,
        time: metadata.time,
        correlationId: metadata.correlationId,
      },
    })),
  );
  const last = existing[existing.length - 1];
  await store.appendToStream(
    SESSION_CALENDAR_STREAM,
    events,
    last === undefined ? 'no_stream' : last.revision,
  );
  return missing.length;
}
