// `npm start` runs this when no SMTP_URL is configured: the catch-all SMTP server on
// MAIL_CATCH_ALL_PORT and its health endpoint on MAIL_CATCH_ALL_HEALTH_PORT.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { commonEnv, loadEnvOrExit } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startCatchAllSmtp } from './catch-all';

const env = loadEnvOrExit(
  commonEnv.extend({
    MAIL_CATCH_ALL_HOST: z.string().min(1).default('127.0.0.1'),
    MAIL_CATCH_ALL_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    MAIL_CATCH_ALL_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(2526),
  }),
);
const log = createLogger({ name: 'mail-catch-all', level: env.LOG_LEVEL });

const smtp = await startCatchAllSmtp({
  host: env.MAIL_CATCH_ALL_HOST,
  port: env.MAIL_CATCH_ALL_PORT,
  directory: join(env.DATA_DIR, 'mail', 'received'),
});
const health = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'ok', received: smtp.received() }));
});
health.listen(env.MAIL_CATCH_ALL_HEALTH_PORT, env.MAIL_CATCH_ALL_HOST);
log.info({ port: smtp.port }, 'catch-all SMTP server running');

const stop = async () => {
  health.close();
  await smtp.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
