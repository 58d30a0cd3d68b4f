// Builds the Next.js app when its build is missing or older than any source it bundles, so a
// restart with unchanged sources starts in seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Every top-level folder the app imports from (audit and wording were missing, so a change there
// alone left a stale build in place).
const SOURCE_DIRS = [
  'app',
  'audit',
  'collab-server',
  'domain',
  'editor',
  'event-store',
  'mailer',
  'platform',
  'projections',
  'scripts',
  'wording',
];
const SOURCE_FILES = [
  'next.config.ts',
  'proxy.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
/** NEXT_DIST_DIR: a private build directory (next.config.ts reads it too); default `.next`. */
const buildMarker = () => join(process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');

export function buildAppIfStale(root: string, log: (message: string) => void): void {
  const marker = join(root, buildMarker());
  if (existsSync(marker) && newestSourceMtime(root) <= statSync(marker).mtimeMs) return;
  log('Baue die Web-Anwendung (next build) …');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}

function newestSourceMtime(root: string): number {
  const files = SOURCE_FILES.map((file) => join(root, file)).filter(existsSync);
  const dirs = SOURCE_DIRS.map((dir) => join(root, dir)).filter(existsSync);
  return Math.max(0, ...files.map((file) => statSync(file).mtimeMs), ...dirs.map(newestMtimeIn));
}

function newestMtimeIn(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    // Tests are not bundled: editing one must not force a rebuild.
    if (/\.test\.tsx?$/.test(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}
