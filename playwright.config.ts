// End-to-end tests in Debian's Chromium against the product started by scripts/start.ts on its own
// ports and data directory, so a running development instance is not disturbed.
import { defineConfig, devices } from '@playwright/test';

export const E2E_PORTS = {
  app: 3300,
  collab: 3334,
  eventStore: 3213,
  eventStoreHealth: 3214,
  projections: 3400,
  mailCatchAll: 3525,
  mailCatchAllHealth: 3526,
};
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORTS.app}`;
export const E2E_DATA_DIR = '.tmp/e2e-data';
const dataDir = E2E_DATA_DIR;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'test-results/reports/e2e.json' }]],
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--lang=de-DE',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && node --import tsx scripts/start.ts`,
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      DATA_DIR: dataDir,
      APP_PORT: String(E2E_PORTS.app),
      PUBLIC_URL: E2E_BASE_URL,
      COLLAB_PORT: String(E2E_PORTS.collab),
      COLLAB_PUBLIC_URL: `ws://127.0.0.1:${E2E_PORTS.collab}`,
      COLLAB_ALLOWED_ORIGINS: E2E_BASE_URL,
      EVENT_STORE_PORT: String(E2E_PORTS.eventStore),
      EVENT_STORE_HEALTH_PORT: String(E2E_PORTS.eventStoreHealth),
      PROJECTIONS_PORT: String(E2E_PORTS.projections),
      MAIL_CATCH_ALL_PORT: String(E2E_PORTS.mailCatchAll),
      MAIL_CATCH_ALL_HEALTH_PORT: String(E2E_PORTS.mailCatchAllHealth),
      MAIL_INTERVAL_MS: '1000',
      LOG_LEVEL: 'info',
    },
  },
});
