// `npm run seed`: seeds the demo data into the configured event store (used by docker-compose).
import {
  eventStoreClientEnv,
  eventStoreConnectionString,
  commonEnv,
  loadEnvOrExit,
} from '../platform/config';
import { ensureAuditKeysForStore, loadAuditKeys } from '../platform/audit-keys';
import { createLogger } from '../platform/logger';
import { seedDemoData } from './seed';
import { restrictFileModes } from '../platform/process';

const env = loadEnvOrExit(commonEnv.extend(eventStoreClientEnv.shape));
restrictFileModes();
const log = createLogger({ name: 'seed', level: env.LOG_LEVEL });
const connectionString = eventStoreConnectionString(env);
// The seed is the first writer (docker-compose): it creates the audit signing keys if missing.
await ensureAuditKeysForStore(env.DATA_DIR, connectionString);
await seedDemoData(connectionString, log, loadAuditKeys(env.DATA_DIR).signer);
