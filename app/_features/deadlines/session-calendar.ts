// The Bezirksamtssitzungen for pages (D-112): read from the calendar stream on demand — one small
// stream, so no read model — and the upcoming ones as of today in Berlin.
import 'server-only';
import { loadSessionCalendar } from '../../../domain/application/session-calendar';
import { berlinDateOf } from '../../../domain/shared/actor';
import { upcomingSessions, type Session } from '../../../domain/sessions/calendar';
import { services } from '../../_lib/services';

export async function sessionCalendar(): Promise<Session[]> {
  return loadSessionCalendar(services().store);
}

export async function upcomingSessionsToday(): Promise<Session[]> {
  return upcomingSessions(await sessionCalendar(), berlinDateOf(new Date().toISOString()));
}
