// Seeds the embedded default setup, idempotently: the office catalogue, the demo users, a year of
// Bezirksamtssitzungen and the example Vorlage of seed 000. Command ids are derived from names, so a second run finds every
// command already applied and writes nothing.
import type { Logger } from 'pino';
import type { AuditSigner } from '../domain/audit/signature';
import { createDirectoryCommandHandler } from '../domain/application/directory-handler';
import { createVorlageCommandHandler } from '../domain/application/vorlage-handler';
import { contentionRetries } from '../platform/contention-retries';
import { userIdForLogin } from '../domain/directory/decider';
import { OFFICE_CATALOGUE } from '../domain/offices/catalogue';
import {
  berlinDateOf,
  SYSTEM_ACTOR,
  type Actor,
  type CommandMetadata,
} from '../domain/shared/actor';
import { addDays } from '../domain/deadlines/deadline';
import { loadSessionCalendar, scheduleSessions } from '../domain/application/session-calendar';
import { upcomingSessions, weeklySessions } from '../domain/sessions/calendar';
import { nameBasedUuid } from '../domain/shared/crypto';
import { createEventStoreClient } from '../event-store/client';
import { createVorlage } from '../domain/application/create-vorlage';
import { yjsInitialText } from '../editor/initial-text';
import { hashPassword } from '../platform/passwords';
import { DEMO_PASSWORD, DEMO_USERS, EXAMPLE_VORLAGE, type DemoUser } from './seed-data';

export { BANNER_USERS, DEMO_PASSWORD, DEMO_USERS } from './seed-data';

const SEED_CORRELATION_ID = 'seed';
const SEEDED_SESSION_WEEKS = 52;

async function seedMetadata(name: string, actor: Actor, now: Date): Promise<CommandMetadata> {
  return {
    commandId: await nameBasedUuid('vorlagen:seed', name),
    correlationId: SEED_CORRELATION_ID,
    actor,
    time: now.toISOString(),
  };
}

export async function seedDemoData(
  connectionString: string,
  log: Logger,
  signer?: AuditSigner,
): Promise<void> {
  const store = createEventStoreClient(connectionString);
  try {
    const directory = createDirectoryCommandHandler({ store, signer });
    const vorlagen = createVorlageCommandHandler({ store, retries: contentionRetries(), signer });
    const now = new Date();
    let written = 0;
    const count = (status: string) => (written += status === 'applied' ? 1 : 0);

    for (const office of OFFICE_CATALOGUE) {
      const { officeId, ...rest } = {
        officeId: office.id,
        name: office.name,
        shortName: office.shortName,
        kind: office.kind,
      };
      const metadata = await seedMetadata(`office:${officeId}`, SYSTEM_ACTOR, now);
      count(
        (await directory.handle({ type: 'RegisterOffice', data: { officeId, ...rest }, metadata }))
          .status,
      );
    }
    for (const user of DEMO_USERS) count(await seedUser(directory, user, now));

    const spk = DEMO_USERS.find((user) => user.login === 'spk');
    if (!spk) throw new Error('demo data has no SPK user');
    const spkActor = {
      userId: await userIdForLogin(spk.login),
      displayName: spk.displayName,
      officeId: spk.officeId,
      role: spk.role,
    };
    // A year of weekly Bezirksamtssitzungen from today (D-112); later starts add the weeks ahead.
    const today = berlinDateOf(now.toISOString());
    written += await scheduleSessions(store, weeklySessions(today, SEEDED_SESSION_WEEKS), {
      actor: SYSTEM_ACTOR,
      time: now.toISOString(),
      correlationId: SEED_CORRELATION_ID,
    });

    const rapporteurId = await userIdForLogin('boehm');
    const metadata = await seedMetadata(`vorlage:${EXAMPLE_VORLAGE.vorlageId}`, spkActor, now);
    // The example targets a session some weeks ahead: a past session is refused (D-113).
    const calendar = upcomingSessions(await loadSessionCalendar(store), addDays(today, 21));
    const input = {
      ...EXAMPLE_VORLAGE,
      targetSessionDate: calendar[0]?.date ?? addDays(today, 21),
      rapporteur: { ...EXAMPLE_VORLAGE.rapporteur, userId: rapporteurId },
    };
    count((await createVorlage({ store, vorlagen, text: yjsInitialText }, input, metadata)).status);

    log.info({ written }, written === 0 ? 'demo data already present' : 'demo data seeded');
  } finally {
    await store.close();
  }
}

async function seedUser(
  directory: ReturnType<typeof createDirectoryCommandHandler>,
  user: DemoUser,
  now: Date,
): Promise<string> {
  const userId = await userIdForLogin(user.login);
  // Hashing is deliberately slow; skip it for users that exist already.
  if ((await directory.loadUser(userId)).status !== 'none') return 'alreadyApplied';
  const metadata = await seedMetadata(`user:${user.login}`, SYSTEM_ACTOR, now);
  const { login, displayName, officeId, role } = user;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const data = { userId, login, displayName, officeId, role, passwordHash };
  return (await directory.handle({ type: 'RegisterUser', data, metadata })).status;
}
