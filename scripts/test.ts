// `npm test`: type-check, lint, unit, integration and end-to-end tests, in that order, with one
// summary at the end. Every step runs even after a failure, so one run shows everything that is
// wrong; the exit code is non-zero when any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noOutcome, playwrightOutcome, vitestOutcome, type Outcome } from './lib/test-reports';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = join(root, 'test-results', 'reports');

interface StepResult extends Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
}

interface Step {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Reads the outcome from the step's JSON report, when it writes one. */
  readonly outcome?: () => Outcome;
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);

const steps: readonly Step[] = [
  { name: 'Chromium vorhanden', command: 'bash', args: [join(root, 'scripts/ensure-chromium.sh')] },
  { name: 'Typprüfung (tsc)', command: bin('tsc'), args: ['--noEmit', '-p', root] },
  { name: 'Lint (eslint)', command: bin('eslint'), args: ['.'] },
  { name: 'Lint (stylelint)', command: bin('stylelint'), args: ['**/*.css'] },
  { name: 'Format (prettier)', command: bin('prettier'), args: ['--check', '.'] },
  vitestStep('Unit-Tests', 'unit'),
  vitestStep('Integrationstests', 'integration'),
  {
    name: 'End-to-End (Playwright)',
    command: bin('playwright'),
    args: ['test'],
    outcome: () => playwrightOutcome(readReport(join(reportDir, 'e2e.json'))),
  },
];

function vitestStep(name: string, project: string): Step {
  const report = join(reportDir, `${project}.json`);
  return {
    name,
    command: bin('vitest'),
    args: [
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    outcome: () => vitestOutcome(readReport(report), root),
  };
}

function runStep(step: Step): StepResult {
  console.log(`\n▶ ${step.name}`);
  const started = performance.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  const seconds = (performance.now() - started) / 1000;
  const outcome = step.outcome?.() ?? noOutcome;
  return { name: step.name, ok: result.status === 0, seconds, ...outcome };
}

function readReport(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function printSummary(results: readonly StepResult[]): void {
  console.log('\nZusammenfassung');
  for (const r of results) {
    const tests =
      r.passed + r.failed + r.skipped > 0
        ? `  ${r.passed} bestanden, ${r.failed} fehlgeschlagen`
        : '';
    console.log(
      `  ${r.ok ? '✔' : '✘'} ${r.name.padEnd(26)} ${r.seconds.toFixed(1).padStart(6)} s${tests}`,
    );
    for (const failure of r.failures) console.log(`      ✘ ${failure}`);
  }
  const sum = (key: 'passed' | 'failed' | 'skipped') =>
    results.reduce((total, r) => total + r[key], 0);
  const failedSteps = results.filter((r) => !r.ok).length;
  // A failing step without test counts (tsc, lint) still counts as one failure in the closing line.
  const failed = sum('failed') + results.filter((r) => !r.ok && r.failed === 0).length;
  console.log(
    failedSteps === 0
      ? '\nAlle Schritte bestanden.'
      : `\n${failedSteps} Schritt(e) fehlgeschlagen.`,
  );
  console.log(`Summary: ${sum('passed')} passed, ${failed} failed, ${sum('skipped')} skipped`);
}

rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const results = steps.map(runStep);
printSummary(results);
process.exit(results.every((r) => r.ok) ? 0 : 1);
