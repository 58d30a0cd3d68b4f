// Lint rules; the domain-purity rule enforces the dependency direction of STYLE.md §1.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      '.tmp/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // domain/ is pure: zod and its own modules only — no framework, no I/O, no Node built-ins.
    // One exception: feiertagejs, a dependency-free calculation of German public holidays (Easter
    // arithmetic and the Länder's laws), which the BGB deadline rules (§ 193) need; it reads no
    // clock and does no I/O, and a hand-made holiday table is exactly what it replaces.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|feiertagejs$|\\.\\.?/)',
              message: 'domain/ imports zod, feiertagejs and its own modules only (STYLE.md §1).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The domain does no I/O and reads no environment.' },
        { name: 'console', message: 'The domain never logs.' },
      ],
      // The clock is banned, not the calendar: `Date.parse`, `new Date(millis)` and Intl are fine.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time arrives as command metadata; the domain has no clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time arrives as command metadata; the domain has no clock.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Date() reads the clock; time arrives as command metadata.',
        },
      ],
    },
  },
  {
    // Specs beside the domain code (and their helpers in domain/testing/) may use the test tools too.
    files: ['domain/**/*.test.ts', 'domain/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|feiertagejs$|vitest$|fast-check$|\\.\\.?/)',
              message:
                'domain/ specs import zod, feiertagejs, vitest, fast-check and relative modules only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Integration specs of the domain reach the real store: its client, its test helper, its file.
    files: ['domain/**/*.int.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|feiertagejs$|vitest$|fast-check$|better-sqlite3$|node:|\\.\\.?/)',
              message:
                'domain/ integration specs import test tools, better-sqlite3, node: and relative modules only.',
            },
          ],
        },
      ],
      'no-restricted-globals': 'off',
    },
  },
  {
    // The rules of hooks and complete effect dependencies, where hooks live.
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Server code logs through the injected structured logger (services().log), never console.
    files: [
      'app/**/page.tsx',
      'app/**/layout.tsx',
      'app/api/**/*.ts',
      'app/_lib/**/*.ts',
      'app/_lib/**/*.tsx',
    ],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // audit/ rebuilds Fassungen, the official document, diffs and the OParl export from stored
    // events: no React, no Next.js, no app/ module, so pages, routes and scripts can all use it.
    files: ['audit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(react|react-dom|next|server-only)(/|$)|(^|/)app(/|$)',
              message: 'audit/ is framework-free: no React, no Next.js, no app/ module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: ['domain/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness arrives as command metadata.' },
      ],
    },
  },
);
