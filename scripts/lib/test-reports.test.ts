import { describe, expect, it } from 'vitest';
import { playwrightOutcome, vitestOutcome } from './test-reports';

// Trimmed from reports the two runners wrote for a failing test file and a file that cannot import.
const vitestReport = {
  numPassedTests: 1,
  numFailedTests: 1,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: [
    {
      name: '/repo/scripts/lib/zz-fail.test.ts',
      message: '',
      assertionResults: [
        {
          fullName: 'outer fails',
          status: 'failed',
          failureMessages: [
            'AssertionError: expected 2 to be 3 // Object.is equality\n    at /repo/scripts/lib/zz-fail.test.ts:3:37',
          ],
        },
        { fullName: 'outer passes', status: 'passed', failureMessages: [] },
      ],
    },
    {
      name: '/repo/scripts/lib/zz-import.test.ts',
      message:
        "Cannot find module './does-not-exist' imported from /repo/scripts/lib/zz-import.test.ts",
      assertionResults: [],
    },
  ],
};

const playwrightReport = {
  stats: { expected: 1, unexpected: 1, flaky: 0, skipped: 0 },
  suites: [
    {
      title: 'x.spec.ts',
      specs: [
        {
          title: 'passes',
          file: 'x.spec.ts',
          line: 5,
          tests: [{ status: 'expected', results: [{}] }],
        },
      ],
      suites: [
        {
          title: 'group',
          specs: [
            {
              title: 'fails here',
              file: 'x.spec.ts',
              line: 3,
              tests: [
                {
                  status: 'unexpected',
                  results: [
                    {
                      error: {
                        message:
                          'Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m)\u001b[22m\n\nExpected: 2',
                      },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('test reports', () => {
  it('names every failed vitest test and a file that failed outside its tests, and counts both', () => {
    const outcome = vitestOutcome(vitestReport, '/repo');
    expect(outcome.failures).toEqual([
      'scripts/lib/zz-fail.test.ts › outer fails: AssertionError: expected 2 to be 3 // Object.is equality',
      "scripts/lib/zz-import.test.ts: Cannot find module './does-not-exist' imported from /repo/scripts/lib/zz-import.test.ts",
    ]);
    expect(outcome).toMatchObject({ passed: 1, failed: 2, skipped: 0 });
  });

  it('names a failed Playwright test in a nested group, without colour codes', () => {
    const outcome = playwrightOutcome(playwrightReport);
    expect(outcome.failures).toEqual([
      'e2e/x.spec.ts:3 › fails here: Error: expect(received).toBe(expected)',
    ]);
    expect(outcome).toMatchObject({ passed: 1, failed: 1, skipped: 0 });
  });

  it('reports nothing when a runner wrote no report', () => {
    expect(vitestOutcome(undefined, '/repo').failures).toEqual([]);
    expect(playwrightOutcome(undefined).failed).toBe(0);
  });
});
