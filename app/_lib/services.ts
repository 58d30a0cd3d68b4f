// The app's composition root: configuration, logger, event store client, command handlers, session
// store, read models and the projections client, built once per server process. Next.js may load
// this module more than once (route bundles, dev reloads), so the instance lives on globalThis.
import 'server-only';
import { join } from 'node:path';
import {
  createDirectoryCommandHandler,
  type DirectoryCommandHandler,
} from '../../domain/application/directory-handler';
import {
  createDiscussionCommandHandler,
  type DiscussionCommandHandler,
} from '../../domain/application/discussion-handler';
import {
  createVorlageCommandHandler,
  type VorlageCommandHandler,
} from '../../domain/application/vorlage-handler';
import { createEventStoreClient, type EventStoreClient } from '../../event-store/client';
import {
  appEnv,
  eventStoreConnectionString,
  parseEnv,
  requirePublicUrlInProduction,
  readModelsDbPath,
  type AppEnv,
} from '../../platform/config';
import { contentionRetries } from '../../platform/contention-retries';
import type { AuditTrust } from '../../domain/audit/signature';
import { loadAuditKeys } from '../../platform/audit-keys';
import { createLogger, type Logger } from '../../platform/logger';
import { restrictFileModes } from '../../platform/process';
import { ProjectionsClient } from '../../projections/client';
import { openReadModels, type ReadModelDb } from '../../projections/queries';
import { ChangeHub } from './change-hub';
import { SessionStore } from './sessions';
import { RequestLimits } from './rate-limits';
import { SignInThrottle } from './sign-in-throttle';

export interface Services {
  readonly env: AppEnv;
  readonly log: Logger;
  readonly store: EventStoreClient;
  readonly vorlagen: VorlageCommandHandler;
  /** Comment threads on `discussion-<id>` (D-130…D-136). */
  readonly discussion: DiscussionCommandHandler;
  readonly directory: DirectoryCommandHandler;
  readonly sessions: SessionStore;
  readonly signInThrottle: SignInThrottle;
  readonly requestLimits: RequestLimits;
  readonly projections: ProjectionsClient;
  /** The one `/changes` subscription of this process, fanned out to the browsers' SSE streams. */
  readonly changes: ChangeHub;
  /** The trusted audit keys the chain verifier checks signatures against (D-87). */
  readonly auditTrust: AuditTrust;
  /** The read-model database, opened read-only once the projection runner has created it. */
  readModels(): ReadModelDb;
}

const GLOBAL_KEY = Symbol.for('vorlagen.app.services');
type GlobalWithServices = typeof globalThis & { [GLOBAL_KEY]?: Services };

export function services(): Services {
  const holder = globalThis as GlobalWithServices;
  holder[GLOBAL_KEY] ??= createServices(requirePublicUrlInProduction(parseEnv(appEnv)));
  return holder[GLOBAL_KEY];
}

function createServices(env: AppEnv): Services {
  // Sessions, feedback and logs written by the app are private to its user.
  restrictFileModes();
  const log = createLogger({ name: 'app', level: env.LOG_LEVEL });
  const store = createEventStoreClient(eventStoreConnectionString(env), { logger: log });
  let readModels: ReadModelDb | undefined;
  const auditKeys = loadAuditKeys(env.DATA_DIR);
  const projections = new ProjectionsClient(
    `http://${env.PROJECTIONS_HOST}:${env.PROJECTIONS_PORT}`,
    env.PROJECTIONS_SECRET,
  );
  const vorlagen = createVorlageCommandHandler({
    store,
    retries: contentionRetries(),
    signer: auditKeys.signer,
  });
  return {
    env,
    log,
    store,
    vorlagen,
    discussion: createDiscussionCommandHandler({
      store,
      loadVorlage: (vorlageId) => vorlagen.load(vorlageId),
      retries: contentionRetries(),
      signer: auditKeys.signer,
    }),
    directory: createDirectoryCommandHandler({ store, signer: auditKeys.signer }),
    auditTrust: auditKeys.trust,
    sessions: new SessionStore(join(env.DATA_DIR, 'app', 'sessions.sqlite')),
    signInThrottle: new SignInThrottle(),
    requestLimits: new RequestLimits(),
    projections,
    changes: new ChangeHub(
      (options) => projections.subscribeToChanges(options),
      (error) => log.warn({ err: error }, 'projections change stream interrupted'),
    ),
    readModels() {
      readModels ??= openReadModels(readModelsDbPath(env));
      return readModels;
    },
  };
}
