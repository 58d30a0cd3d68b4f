// `npx tsx bench/cpu-profile-summary.ts FILE.cpuprofile [FROM_S TO_S]`: where a V8 CPU profile's
// (main thread's) time goes — self time per concern (relaying, validation, persistence, …), per
// file and per function, optionally only for samples between FROM_S and TO_S seconds after the
// profile started (e.g. the typing phase of `BENCH_PROFILE=1 npm run bench:collab`).
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** First matching rule names the concern of a frame (by its file, then its function name). */
const CONCERNS: readonly [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['GC', /^\(garbage collector\)$/],
  ['persistence: fingerprint / canonical text', /fingerprint|editor\/convert|domain\/text/],
  ['persistence: events, batching', /collab-server\/persistence|editor\/text-events/],
  ['persistence: event-store client (gRPC)', /@eventstore|@grpc|event-store\/client|protobuf/],
  ['validation (guard, section checks)', /update-guard|section-validation|section-structure/],
  ['rights, auth, tokens', /live-rights|auth\.ts|token\.ts|jose|domain\/(?!text)/],
  ['relay: protocol, document, connection', /collab-server\/(protocol|document|connection)/],
  ['Yjs / lib0 / y-protocols', /\/yjs\/|\/lib0\/|y-protocols/],
  ['WebSocket / net', /\/ws\/|node:net|node:stream|node:internal\/stream|_http|node:http/],
  ['logging', /pino/],
  ['program / native', /^\((program|root)\)$/],
];

function concernOf(node: ProfileNode): string {
  const key = node.callFrame.url || node.callFrame.functionName;
  for (const [name, pattern] of CONCERNS) if (pattern.test(key)) return name;
  return node.callFrame.url ? 'other JS' : `native ${node.callFrame.functionName || '(anonymous)'}`;
}

function top(map: Map<string, number>, count: number, total: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, us]) =>
        `| ${name} | ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)} % |`,
    );
}

async function main(): Promise<void> {
  const [file, fromArg, toArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-summary FILE.cpuprofile [FROM_S TO_S]');
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  // Inclusive time of the outermost frame with one of these names on the stack (e.g. the
  // persistence path vs the relay path): PROFILE_INCLUSIVE=flushOnce,receiveUpdate
  const inclusiveNames = (process.env.PROFILE_INCLUSIVE ?? '').split(',').filter(Boolean);
  const inclusive = new Map<string, number>();
  const from = fromArg === undefined ? 0 : Number(fromArg) * 1e6;
  const to = toArg === undefined ? Infinity : Number(toArg) * 1e6;
  const concerns = new Map<string, number>();
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  let elapsed = 0;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsed += delta;
    if (elapsed < from || elapsed > to) return;
    const node = byId.get(id)!;
    const add = (map: Map<string, number>, key: string) =>
      map.set(key, (map.get(key) ?? 0) + delta);
    total += delta;
    add(concerns, concernOf(node));
    let outermost: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (inclusiveNames.includes(name)) outermost = name;
    }
    if (inclusiveNames.length > 0) add(inclusive, outermost ?? '(none of them)');
    const url = node.callFrame.url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/.*?\/(?=[a-z-]+\/)/, '');
    add(files, url || node.callFrame.functionName);
    add(
      functions,
      `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`,
    );
  });
  const busy = total - (concerns.get('idle') ?? 0);
  const lines = [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (not idle)`,
    '',
    '| concern | ms | share of sampled |',
    '| --- | ---: | ---: |',
    ...top(concerns, 20, total),
    '',
    ...(inclusiveNames.length > 0
      ? [
          '| outermost of PROFILE_INCLUSIVE on the stack | ms | share |',
          '| --- | ---: | ---: |',
          ...top(inclusive, 20, total),
          '',
        ]
      : []),
    '| file | ms | share |',
    '| --- | ---: | ---: |',
    ...top(files, 20, total),
    '',
    '| function (self time) | ms | share |',
    '| --- | ---: | ---: |',
    ...top(functions, 25, total),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
