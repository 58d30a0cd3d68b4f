// Reads the JSON reports of vitest and Playwright into what `npm test`'s summary prints: counts,
// and one line per failed test, so the tail of a CI log names what failed.
import { relative } from 'node:path';

export interface Outcome {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** "file › test: first line of the error" for every failed test. */
  readonly failures: readonly string[];
}

export const noOutcome: Outcome = { passed: 0, failed: 0, skipped: 0, failures: [] };

function firstLine(message: string | undefined): string {
  // Strip ANSI colours: the summary is read in CI logs as plain text.
  // eslint-disable-next-line no-control-regex
  const plain = (message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

export function vitestOutcome(json: unknown, root: string): Outcome {
  if (json === undefined) return noOutcome;
  const report = json as VitestReport;
  const failures = report.testResults.flatMap((suite) => {
    const where = relative(root, suite.name);
    const failedTests = suite.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${where} › ${test.fullName}: ${firstLine(test.failureMessages[0])}`);
    // A file that fails outside any test (import error, a failing afterAll) has a message only.
    if (failedTests.length === 0 && suite.message) return [`${where}: ${firstLine(suite.message)}`];
    return failedTests;
  });
  // Vitest does not count a file that failed outside its tests; the summary must.
  const fileFailures = failures.length - report.numFailedTests;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + Math.max(0, fileFailures),
    skipped: report.numPendingTests + report.numTodoTests,
    failures,
  };
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
}

interface PlaywrightSuite {
  title: string;
  specs?: {
    title: string;
    file: string;
    line: number;
    tests: { status: string; results: { error?: { message?: string } }[] }[];
  }[];
  suites?: PlaywrightSuite[];
}

export function playwrightOutcome(json: unknown): Outcome {
  if (json === undefined) return noOutcome;
  const report = json as PlaywrightReport;
  const { expected, unexpected, flaky, skipped } = report.stats;
  const specs = (suite: PlaywrightSuite): NonNullable<PlaywrightSuite['specs']> => [
    ...(suite.specs ?? []),
    ...(suite.suites ?? []).flatMap(specs),
  ];
  const failures = report.suites.flatMap(specs).flatMap((spec) =>
    spec.tests
      .filter((test) => test.status === 'unexpected')
      .map((test) => {
        const error = test.results.at(-1)?.error?.message;
        return `e2e/${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`;
      }),
  );
  return { passed: expected + flaky, failed: unexpected, skipped, failures };
}
