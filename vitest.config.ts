import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const emptyModule = fileURLToPath(new URL('./platform/testing/empty-module.ts', import.meta.url));

// Two projects: pure units (*.test.ts) and tests against real processes (*.int.test.ts).
export default defineConfig({
  resolve: { alias: { 'server-only': emptyModule } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [
            '**/*.int.test.ts',
            '**/node_modules/**',
            'e2e/**',
            '.next/**',
            '.tmp/**',
            'data/**',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**', 'e2e/**', '.next/**', '.tmp/**', 'data/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration suites start real servers; keep the 2-core machine from thrashing.
          maxWorkers: 2,
        },
      },
    ],
  },
});
