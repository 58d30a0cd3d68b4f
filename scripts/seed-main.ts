// `npm run seed`: seeds the demo data into the configured event store (used by docker-compose).
import {
  eventStoreClientEnv,
  eventStoreConnectionString,
  commonEnv,
  loadEnvOrExit,
} from '../platform/config';
import { createLogger } from '../platform/logger';
import { seedDemoData } from './seed';

const env = loadEnvOrExit(commonEnv.extend(eventStoreClientEnv.shape));
const log = createLogger({ name: 'seed', level: env.LOG_LEVEL });
await seedDemoData(eventStoreConnectionString(env), log);
