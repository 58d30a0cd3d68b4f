// Secrets for the embedded default setup: taken from the environment when set, otherwise generated
// once and kept in DATA_DIR/secrets.json (mode 0600), so sessions and collab tokens survive restarts.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const SECRET_NAMES = ['SESSION_SECRET', 'COLLAB_TOKEN_SECRET', 'PROJECTIONS_SECRET'] as const;
type SecretName = (typeof SECRET_NAMES)[number];
export type Secrets = Record<SecretName, string>;

// Secrets added later (PROJECTIONS_SECRET) are generated and stored on the next start.
const storedSecrets = z.object({
  SESSION_SECRET: z.string().min(32),
  COLLAB_TOKEN_SECRET: z.string().min(32),
  PROJECTIONS_SECRET: z.string().min(32).optional(),
});

export function ensureSecrets(dataDir: string, env: NodeJS.ProcessEnv): Secrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file)
    ? storedSecrets.parse(JSON.parse(readFileSync(file, 'utf8')))
    : undefined;
  const secrets = Object.fromEntries(
    SECRET_NAMES.map((name) => [
      name,
      env[name] || stored?.[name] || randomBytes(32).toString('base64url'),
    ]),
  ) as Secrets;
  if (!stored || SECRET_NAMES.some((name) => !stored[name])) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return secrets;
}
