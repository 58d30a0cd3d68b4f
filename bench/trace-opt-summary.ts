// `npx tsx bench/trace-opt-summary.ts FILE FROM_S TO_S`: what V8's optimising compiler did inside
// a window of a server's life — FILE is a server log written with
// `BENCH_SERVER_FLAGS="--trace-opt --trace-deopt" BENCH_SERVER_LOG=…` (each line prefixed with the
// seconds since the server's spawn), FROM_S/TO_S e.g. a typing phase. Prints the TurboFan jobs
// completed in the window (their prepare/execute/finalize time: execute runs on V8's helper threads,
// the rest on the JS thread), split into functions compiled for the first time and recompiles, the
// costliest functions, and the deoptimisations with their reasons. Both isolates (relay thread and
// persistence worker) write to the same log; the trace does not say which one a line is from.
import { readFile } from 'node:fs/promises';

interface Job {
  readonly at: number;
  readonly fn: string;
  readonly prepareMs: number;
  readonly executeMs: number;
  readonly finalizeMs: number;
}

interface Bailout {
  readonly at: number;
  readonly fn: string;
  readonly reason: string;
}

const COMPLETED =
  /^([\d.]+) \[completed compiling 0x\w+ <JSFunction ?(.*?) ?\(sfi = (\w+)\)> .*took ([\d.]+), ([\d.]+), ([\d.]+) ms/;
const BAILOUT =
  /^([\d.]+) \[bailout \(kind: [\w-]+, reason: ([^)]*)\).*?<JSFunction ?(.*?) ?\(sfi = (\w+)\)>/;

/** Anonymous functions are told apart by their SharedFunctionInfo address. */
function functionKey(name: string, sfi: string): string {
  return name === '' ? `(anonymous ${sfi})` : name;
}

function parse(log: string): { jobs: Job[]; bailouts: Bailout[] } {
  const jobs: Job[] = [];
  const bailouts: Bailout[] = [];
  for (const line of log.split('\n')) {
    const job = COMPLETED.exec(line);
    if (job) {
      const [, at, name, sfi, prepare, execute, finalize] = job;
      jobs.push({
        at: Number(at),
        fn: functionKey(name!, sfi!),
        prepareMs: Number(prepare),
        executeMs: Number(execute),
        finalizeMs: Number(finalize),
      });
      continue;
    }
    const bailout = BAILOUT.exec(line);
    if (bailout)
      bailouts.push({
        at: Number(bailout[1]),
        fn: functionKey(bailout[3]!, bailout[4]!),
        reason: bailout[2]!,
      });
  }
  return { jobs, bailouts };
}

const ms = (value: number) => value.toFixed(0);

async function main(): Promise<void> {
  const [file, fromArg, toArg] = process.argv.slice(2);
  if (!file || fromArg === undefined || toArg === undefined)
    throw new Error('usage: trace-opt-summary FILE FROM_S TO_S');
  const [from, to] = [Number(fromArg), Number(toArg)];
  const within = ({ at }: { at: number }) => at >= from && at <= to;
  const { jobs, bailouts } = parse(await readFile(file, 'utf8'));
  const compiledBefore = new Set(jobs.filter((job) => job.at < from).map((job) => job.fn));
  const inWindow = jobs.filter(within);
  const perFunction = new Map<string, { jobs: number; ms: number }>();
  let first = 0;
  let execute = 0;
  let onJsThread = 0;
  for (const job of inWindow) {
    const total = job.prepareMs + job.executeMs + job.finalizeMs;
    execute += job.executeMs;
    onJsThread += job.prepareMs + job.finalizeMs;
    if (!compiledBefore.has(job.fn)) first += total;
    const entry = perFunction.get(job.fn) ?? { jobs: 0, ms: 0 };
    perFunction.set(job.fn, { jobs: entry.jobs + 1, ms: entry.ms + total });
  }
  const reasons = new Map<string, number>();
  for (const bailout of bailouts.filter(within)) {
    const key = `${bailout.fn}: ${bailout.reason}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  const lines = [
    `${file}, ${from}–${to} s: ${inWindow.length} TurboFan jobs, ${ms(execute)} ms on helper threads, ${ms(onJsThread)} ms on JS threads`,
    `first compile of a function: ${ms(first)} ms; recompiles: ${ms(execute + onJsThread - first)} ms`,
    '',
    '| function | jobs | ms | compiled before the window |',
    '| --- | ---: | ---: | --- |',
    ...[...perFunction.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 30)
      .map(
        ([fn, e]) =>
          `| ${fn} | ${e.jobs} | ${ms(e.ms)} | ${compiledBefore.has(fn) ? 'yes' : 'no'} |`,
      ),
    '',
    `deoptimisations: ${[...reasons.values()].reduce((sum, count) => sum + count, 0)}`,
    ...[...reasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${count} × ${key}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
