// Structured logging (pino). Loggers are created by each process's main() and injected; secrets
// (tokens, passwords, cookies) are redacted wherever they appear in a log record.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'cookie',
  '*.cookie',
];

export function createLogger(options: { name: string; level: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: options.name },
  });
}
