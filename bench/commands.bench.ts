// `npm run bench:commands`: lifecycle commands at scale, against the embedded event store in its own
// process (event-store/main.ts), through @eventstore/db-client and the product's command handler
// with the production backoff. Prints tables; not a test.
//   A. Sign-off latency with 0 / 1,000 / 5,000 / 20,000 text events (target: p50 at 20,000 ≤ 1.5×
//      p50 at 0), next to what the old forward read of the text stream alone costs.
//   B. 15 offices signing one Vorlage at the same instant, 20 rounds; 12 signers giving and
//      withdrawing in a loop for 30 s. Once through one app process (one handler: its per-Vorlage
//      queue serializes them), once with each signer in its own "app process" (handler instance,
//      3 gRPC connections): the worst case for conflicts, only the retry loop between them.
//      Target: 0 failures.
//   C. 1,000 concurrent give/refuse/withdraw commands by 15 offices over 20 Vorlagen, 20 % re-sent
//      with the same command id through another of 4 processes: final states against a sequential
//      model of the acknowledged commands, at most one event per command id, and re-sends that
//      answered differently from their original (D-108, target 0).
//   D. Vorlagen list, SPK overview and inbox over 2,000 Vorlagen: server time p50/p99 per request
//      (target p99 < 100 ms), and what each paged page (/uebersicht, /vorlagen, /historie) reads
//      per request: its page of rows, its totals over all matching rows (SQL), the matrix.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandResult, ContentionRetries } from '../domain/application/command-handler';
import type { EventToAppend } from '../domain/application/event-store-port';
import { commandIdOf } from '../domain/application/event-metadata';
import {
  createVorlageCommandHandler,
  vorlageStreamName,
  type VorlageCommandHandler,
} from '../domain/application/vorlage-handler';
import { isDomainError } from '../domain/shared/errors';
import type { Actor } from '../domain/shared/actor';
import { ACTORS, createdWith, fassung, requested } from '../domain/testing/fixtures';
import { createVorlage, envelope, newCommandId } from '../domain/testing/scenario';
import { foldTextHead, TEXT_EVENT_TYPES, textStreamName } from '../domain/text/text-events';
import { createEventStoreClient, type EventStoreClient } from '../event-store/client';
import { contentionRetries } from '../platform/contention-retries';
import {
  getApprovalViews,
  listDashboardPage,
  listOfficeInboxPage,
  summarizeDashboard,
  type DashboardPageRequest,
  type ReadModelDb,
} from '../projections/queries';
import { LIST_PAGE_SIZE } from '../app/_components/page-params';
import { EventLog, project } from '../projections/testing/events';
import { seededRandom } from '../projections/testing/scenario';
import { vorlagenProjection } from '../projections/vorlagen-projection';
import { startStoreProcess } from './store-process';

const TEXT_SIZES = [0, 1_000, 5_000, 20_000];
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const INSTANT_ROUNDS = 20;
const LOOP_SECONDS = Number(process.env.BENCH_LOOP_SECONDS ?? 30);
const MIXED_COMMANDS = 1_000;
/** App processes the mixed commands go through (re-sends through another one). */
const MIXED_PROCESSES = Number(process.env.BENCH_MIXED_PROCESSES ?? 4);
const LIST_VORLAGEN = 2_000;
const LIST_REQUESTS = 200;
const RUN = Math.floor(Math.random() * 0xffffff);
/** The production retry policy unless BENCH_BACKOFF_BASE_MS / _CAP_MS / BENCH_RETRY_BUDGET_MS say otherwise. */
const BACKOFF = {
  ...(process.env.BENCH_RETRY_BUDGET_MS
    ? { budgetMs: Number(process.env.BENCH_RETRY_BUDGET_MS) }
    : {}),
  ...(process.env.BENCH_BACKOFF_BASE_MS
    ? { baseMs: Number(process.env.BENCH_BACKOFF_BASE_MS) }
    : {}),
  ...(process.env.BENCH_BACKOFF_CAP_MS ? { capMs: Number(process.env.BENCH_BACKOFF_CAP_MS) } : {}),
};
/** Which parts to run (BENCH_PARTS=AB…); all by default. */
const PARTS = process.env.BENCH_PARTS ?? 'ABCD';

/** 15 asked offices: the catalogue's member offices besides the lead, and test offices to 15. */
const LEAD = 'stadtentwicklung';
const OFFICES = [
  'wirtschaftsfoerderung',
  'schul-und-sportamt',
  'jugendamt',
  'weiterbildung-und-kultur',
  'soziales',
  'umwelt-und-naturschutz',
  'strassen-und-gruenflaechen',
  'qpk',
  'integration-und-partizipation',
  'klimaschutz',
  'fm-hochbau',
  'fm-objektmanagement',
  'testamt-a',
  'testamt-b',
  'testamt-c',
];
const EDITED = fassung('e');

const signerOf = (officeId: string): Actor => ({
  userId: `${officeId}.zeichnung`,
  displayName: `Zeichnung ${officeId}`,
  officeId,
  role: 'signer',
});

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
const ms = (value: number) => value.toFixed(1);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`| ${headers.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('');
}

const give = (vorlageId: string, officeId: string, fassungHash: string, commandId?: string) =>
  envelope(
    'GiveSignOff',
    { vorlageId, officeId, kind: 'approve', fassungHash },
    signerOf(officeId),
    commandId ? { commandId } : {},
  );
const refuse = (vorlageId: string, officeId: string, fassungHash: string, commandId?: string) =>
  envelope(
    'RefuseSignOff',
    { vorlageId, officeId, reason: 'Kosten ungeklärt', fassungHash },
    signerOf(officeId),
    commandId ? { commandId } : {},
  );
const withdraw = (vorlageId: string, officeId: string, commandId?: string) =>
  envelope(
    'WithdrawSignOff',
    { vorlageId, officeId },
    signerOf(officeId),
    commandId ? { commandId } : {},
  );

function textEvents(count: number, from: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => {
    const revision = from + index;
    const snapshot = revision > 0 && revision % 100 === 0; // as the collab server does
    return {
      id: newCommandId(RUN),
      type: snapshot ? TEXT_EVENT_TYPES.snapshotTaken : TEXT_EVENT_TYPES.updated,
      data: new Uint8Array(snapshot ? 4096 : 160).fill(revision % 251),
      metadata: {
        schemaVersion: 1,
        ...EDITED,
        time: '2026-05-04T09:00:00Z',
        ...(snapshot
          ? { snapshot: true, coversRevision: String(revision - 1), authors: [] }
          : { snapshot: false, authors: [{ userId: 'anna', officeId: LEAD }] }),
      },
    };
  });
}

async function appendText(client: EventStoreClient, vorlageId: string, count: number) {
  for (let written = 0; written < count; written += 500) {
    const batch = textEvents(Math.min(500, count - written), written);
    await client.appendToStream(
      textStreamName(vorlageId),
      batch,
      written === 0 ? 'no_stream' : BigInt(written - 1),
    );
  }
}

// ── A ─────────────────────────────────────────────────────────────────────────────────────────

async function signOffLatency(client: EventStoreClient, handler: VorlageCommandHandler) {
  console.log(`## A. Sign-off latency by text history (${LATENCY_SAMPLES} sign-offs each)\n`);
  const vorlagen: { size: number; id: string; current: string; latencies: number[] }[] = [];
  for (const size of TEXT_SIZES) {
    const id = `bench${RUN.toString(16)}_text${size}`;
    const { textHash: initial } = await createVorlage(handler, id, { officeIds: OFFICES });
    await appendText(client, id, size);
    vorlagen.push({ size, id, current: size === 0 ? initial : EDITED.textHash, latencies: [] });
  }
  // Round-robin over the sizes, so that the machine's changing load weighs on all of them alike.
  for (let sample = 0; sample < LATENCY_SAMPLES; sample += 1) {
    const officeId = OFFICES[sample % OFFICES.length] as string;
    for (const vorlage of vorlagen) {
      const { id, current } = vorlage;
      vorlage.latencies.push((await timed(() => handler.handle(give(id, officeId, current)))).ms);
      await handler.handle(withdraw(id, officeId));
    }
  }
  const p50AtZero = percentile(vorlagen[0]!.latencies, 50);
  const rows: string[][] = [];
  for (const { size, id, latencies } of vorlagen) {
    const forward: number[] = [];
    for (let sample = 0; sample < 5; sample += 1) {
      forward.push(
        (await timed(async () => foldTextHead(await client.readStream(textStreamName(id)), EDITED)))
          .ms,
      );
    }
    const p50 = percentile(latencies, 50);
    rows.push([
      size.toLocaleString('en'),
      ms(p50),
      ms(percentile(latencies, 99)),
      `${(p50 / p50AtZero).toFixed(2)}×`,
      ms(percentile(forward, 50)),
    ]);
  }
  table(
    [
      'text events',
      'sign-off p50 ms',
      'p99 ms',
      'p50 / p50 at 0',
      'old way: forward text read alone, p50 ms',
    ],
    rows,
  );
}

// ── B ─────────────────────────────────────────────────────────────────────────────────────────

interface Outcome {
  readonly failures: Map<string, number>;
  readonly latencies: number[];
  readonly attempts: number[];
}

const newOutcome = (): Outcome => ({ failures: new Map(), latencies: [], attempts: [] });

async function record(outcome: Outcome, work: () => Promise<CommandResult>): Promise<void> {
  const started = performance.now();
  try {
    const result = await work();
    outcome.attempts.push(result.attempts);
  } catch (error) {
    const code = isDomainError(error) ? error.code : String(error);
    outcome.failures.set(code, (outcome.failures.get(code) ?? 0) + 1);
  }
  outcome.latencies.push(performance.now() - started);
}

function outcomeRow(name: string, outcome: Outcome): string[] {
  const failed = [...outcome.failures.values()].reduce((sum, n) => sum + n, 0);
  const codes = [...outcome.failures].map(([code, n]) => `${code} ×${n}`).join(', ');
  return [
    name,
    String(outcome.latencies.length),
    failed === 0 ? '0' : `${failed} (${codes})`,
    ms(percentile(outcome.latencies, 50)),
    ms(percentile(outcome.latencies, 99)),
    ms(Math.max(...outcome.latencies)),
    String(Math.max(...outcome.attempts)),
  ];
}

async function concurrentSignOffs(processes: readonly VorlageCommandHandler[]) {
  console.log('## B. Concurrent sign-offs on one Vorlage\n');
  const instant = newOutcome();
  for (let round = 0; round < INSTANT_ROUNDS; round += 1) {
    const id = `bench${RUN.toString(16)}_instant${round}`;
    const { textHash } = await createVorlage(processes[0]!, id, { officeIds: OFFICES });
    await Promise.all(
      OFFICES.map((officeId, n) =>
        record(instant, () => processes[n]!.handle(give(id, officeId, textHash))),
      ),
    );
  }
  const oneProcess = newOutcome();
  for (let round = 0; round < INSTANT_ROUNDS; round += 1) {
    const id = `bench${RUN.toString(16)}_oneprocess${round}`;
    const { textHash } = await createVorlage(processes[0]!, id, { officeIds: OFFICES });
    await Promise.all(
      OFFICES.map((officeId) =>
        record(oneProcess, () => processes[0]!.handle(give(id, officeId, textHash))),
      ),
    );
  }
  const loop = await signerLoop(`bench${RUN.toString(16)}_loop`, processes);
  const loopOneProcess = await signerLoop(`bench${RUN.toString(16)}_loop1`, [processes[0]!]);
  table(
    ['scenario', 'commands', 'failures', 'p50 ms', 'p99 ms', 'max ms', 'max attempts'],
    [
      outcomeRow(`15 offices at once, ${INSTANT_ROUNDS} rounds, 15 processes`, instant),
      outcomeRow(`15 offices at once, ${INSTANT_ROUNDS} rounds, 1 process`, oneProcess),
      outcomeRow(`12 signers give/withdraw loop, ${LOOP_SECONDS} s, 12 processes`, loop),
      outcomeRow(`12 signers give/withdraw loop, ${LOOP_SECONDS} s, 1 process`, loopOneProcess),
    ],
  );
}

/** 12 signers giving and withdrawing for LOOP_SECONDS; signer n uses processes[n % length]. */
async function signerLoop(
  id: string,
  processes: readonly VorlageCommandHandler[],
): Promise<Outcome> {
  const outcome = newOutcome();
  const { textHash } = await createVorlage(processes[0]!, id, { officeIds: OFFICES });
  const until = performance.now() + LOOP_SECONDS * 1000;
  await Promise.all(
    OFFICES.slice(0, 12).map(async (officeId, n) => {
      const handler = processes[n % processes.length]!;
      while (performance.now() < until) {
        await record(outcome, () => handler.handle(give(id, officeId, textHash)));
        await record(outcome, () => handler.handle(withdraw(id, officeId)));
      }
    }),
  );
  return outcome;
}

// ── C ─────────────────────────────────────────────────────────────────────────────────────────

type Kind = 'give' | 'refuse' | 'withdraw';

type Answer =
  | { readonly ok: true; readonly result: CommandResult }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly details: Readonly<Record<string, unknown>>;
    };

/** What a client sees of an answer (the HTTP body: events, revision, position; or the error). */
function comparable(answer: Answer): string {
  if (!answer.ok) {
    return JSON.stringify([answer.code, answer.message, answer.details], (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  }
  const { events, revision, position } = answer.result;
  return JSON.stringify([events.map((event) => event.type), `${revision}`, `${position}`]);
}

async function mixedCommands(
  client: EventStoreClient,
  processes: readonly VorlageCommandHandler[],
) {
  console.log(
    `## C. 1,000 concurrent commands over 20 Vorlagen, 20 % re-sent, ${processes.length} processes\n`,
  );
  const random = seededRandom(4711);
  const ids = Array.from({ length: 20 }, (_, n) => `bench${RUN.toString(16)}_mixed${n}`);
  const hashes = new Map<string, string>();
  for (const id of ids) {
    hashes.set(id, (await createVorlage(processes[0]!, id, { officeIds: OFFICES })).textHash);
  }
  const commands = Array.from({ length: MIXED_COMMANDS }, () => {
    const vorlageId = ids[Math.floor(random() * ids.length)] as string;
    const officeId = OFFICES[Math.floor(random() * OFFICES.length)] as string;
    const kind = (['give', 'refuse', 'withdraw'] as const)[Math.floor(random() * 3)] as Kind;
    const commandId = newCommandId(RUN);
    const hash = hashes.get(vorlageId) as string;
    const body =
      kind === 'give'
        ? give(vorlageId, officeId, hash, commandId)
        : kind === 'refuse'
          ? refuse(vorlageId, officeId, hash, commandId)
          : withdraw(vorlageId, officeId, commandId);
    return { vorlageId, officeId, kind, commandId, body, resend: random() < 0.2 };
  });
  const sends = commands.flatMap((command, n) => [
    { command, handler: processes[n % processes.length]! },
    ...(command.resend ? [{ command, handler: processes[(n + 1) % processes.length]! }] : []),
  ]);
  const answers = new Map<string, Answer[]>();
  const latencies: number[] = [];
  await Promise.all(
    sends.map(async ({ command, handler }) => {
      const started = performance.now();
      let answer: Answer;
      try {
        // The commands carry a client-chosen id (they are re-sent): refusals are recorded (D-108).
        const result = await handler.handle(command.body, { recordRefusal: true });
        answer = { ok: true, result };
      } catch (error) {
        answer = isDomainError(error)
          ? { ok: false, code: error.code, message: error.message, details: error.details }
          : { ok: false, code: String(error), message: '', details: {} };
      }
      latencies.push(performance.now() - started);
      answers.set(command.commandId, [...(answers.get(command.commandId) ?? []), answer]);
    }),
  );
  // The sequential model: each Vorlage's acknowledged commands in the order of their events.
  let mismatchedVorlagen = 0;
  let duplicateEvents = 0;
  let rejectedButChanged = 0;
  let recordedRefusals = 0;
  let divergentResends = 0;
  let acknowledged = 0;
  const rejections = new Map<string, number>();
  for (const id of ids) {
    const events = await client.readStream(vorlageStreamName(id));
    const perCommand = new Map<string, string[]>();
    for (const event of events) {
      const commandId = commandIdOf(event.metadata);
      if (commandId) perCommand.set(commandId, [...(perCommand.get(commandId) ?? []), event.type]);
    }
    const own = new Set(
      commands.filter((command) => command.vorlageId === id).map((command) => command.commandId),
    );
    duplicateEvents += [...perCommand].filter(
      ([commandId, types]) => own.has(commandId) && types.length > 1,
    ).length;
    const model = new Map<string, 'approved' | 'refused' | 'pending'>(
      OFFICES.map((officeId) => [officeId, 'pending']),
    );
    const applied: { revision: bigint; kind: Kind; officeId: string }[] = [];
    for (const command of commands.filter((candidate) => candidate.vorlageId === id)) {
      const results = answers.get(command.commandId) ?? [];
      const [first, ...resends] = results.map(comparable);
      if (resends.some((resend) => resend !== first)) divergentResends += 1;
      const ok = results.find((answer) => answer.ok);
      if (ok?.ok) {
        acknowledged += 1;
        applied.push({
          revision: ok.result.revision,
          kind: command.kind,
          officeId: command.officeId,
        });
      } else {
        for (const answer of results) {
          const code = answer.ok ? 'applied' : answer.code;
          rejections.set(code, (rejections.get(code) ?? 0) + 1);
        }
        const written = perCommand.get(command.commandId) ?? [];
        if (written.some((type) => type !== 'CommandRefused')) rejectedButChanged += 1;
        if (written.includes('CommandRefused')) recordedRefusals += 1;
      }
    }
    for (const step of applied.sort((a, b) => (a.revision < b.revision ? -1 : 1))) {
      model.set(
        step.officeId,
        step.kind === 'give' ? 'approved' : step.kind === 'refuse' ? 'refused' : 'pending',
      );
    }
    const state = await processes[0]!.load(id);
    if (state.status === 'none') throw new Error(`${id} vanished`);
    const actual = new Map(
      OFFICES.map((officeId) => {
        const status = state.signOffs[officeId]?.status ?? 'pending';
        return [officeId, status === 'approvedWithRemarks' ? 'approved' : status] as const;
      }),
    );
    if (OFFICES.some((officeId) => actual.get(officeId) !== model.get(officeId))) {
      mismatchedVorlagen += 1;
    }
  }
  table(
    ['measure', 'value'],
    [
      ['sends (commands + re-sends)', String(sends.length)],
      ['acknowledged commands', String(acknowledged)],
      [
        'rejected by the domain (expected: e.g. withdraw with nothing given)',
        [...rejections].map(([code, n]) => `${code} ×${n}`).join(', ') || '0',
      ],
      ['Vorlagen whose final state differs from the sequential model', String(mismatchedVorlagen)],
      ['command ids with more than one event', String(duplicateEvents)],
      ['refused commands with their refusal recorded (D-108)', String(recordedRefusals)],
      ['refused commands that changed the state anyway', String(rejectedButChanged)],
      [
        're-sent commands answered differently (status or body; target 0)',
        String(divergentResends),
      ],
      [
        'latency p50 / p99 ms',
        `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}`,
      ],
    ],
  );
}

// ── D ─────────────────────────────────────────────────────────────────────────────────────────

function listQueries() {
  console.log(`## D. Lists over ${LIST_VORLAGEN.toLocaleString('en')} Vorlagen (server time)\n`);
  const random = seededRandom(2026);
  const log = new EventLog();
  for (let n = 0; n < LIST_VORLAGEN; n += 1) {
    const vorlageId = `v-${String(n).padStart(5, '0')}`;
    const lead = OFFICES[n % 12] as string;
    log.lifecycle(
      vorlageId,
      createdWith({
        vorlageId,
        leadOfficeId: lead,
        title: `Vorlage ${n}: Einsetzung der AG Planung`,
        targetSessionDate: `2026-${String(1 + (n % 12)).padStart(2, '0')}-15`,
      }),
      ACTORS.leadMember,
      '2026-05-02T10:00:00.000Z',
    );
    if (random() < 0.8) {
      const asked = OFFICES.filter((office) => office !== lead && random() < 0.4);
      if (asked.length > 0) {
        log.lifecycle(
          vorlageId,
          requested({ officeIds: asked.sort(), deadline: `2026-05-${10 + (n % 18)}T16:00:00Z` }),
          ACTORS.leadSigner,
          '2026-05-02T11:00:00.000Z',
        );
      }
    }
  }
  const db = project([vorlagenProjection], log.events);
  const now = new Date('2026-05-20T00:00:00Z');
  const measure = (work: () => unknown): number[] =>
    Array.from({ length: LIST_REQUESTS }, () => {
      const started = performance.now();
      JSON.stringify(work()); // the route handler answers JSON
      return performance.now() - started;
    });
  const page = 100;
  /** The overview: a page of the dashboard and the approval views of its Vorlagen (the matrix). */
  const overview = (limit: number | undefined) => {
    const { entries } = listDashboardPage(db, now, {
      viewer: { scope: 'all' },
      ...(limit ? { limit } : {}),
    });
    const views = getApprovalViews(
      db,
      entries.map((entry) => entry.vorlageId),
      now,
    );
    return [entries, [...views]];
  };
  const rows: [string, number[]][] = [
    [
      `Vorlagen list, office member (first page of ${page})`,
      measure(() =>
        listDashboardPage(db, now, {
          viewer: { scope: 'office', officeId: 'jugendamt' },
          limit: page,
        }),
      ),
    ],
    [
      `Vorlagen list, SPK (first page of ${page})`,
      measure(() => listDashboardPage(db, now, { viewer: { scope: 'all' }, limit: page })),
    ],
    [
      'Vorlagen list, office member, all pages (whole list)',
      measure(() => {
        const entries = [];
        let cursor: string | undefined;
        do {
          const result = listDashboardPage(db, now, {
            viewer: { scope: 'office', officeId: 'jugendamt' },
            limit: page,
            ...(cursor ? { cursor } : {}),
          });
          entries.push(...result.entries);
          cursor = result.nextCursor ?? undefined;
        } while (cursor);
        return entries;
      }),
    ],
    [`SPK overview, page of ${page} + its sign-off matrix`, measure(() => overview(page))],
    [
      'before paging: /uebersicht read the first 1,000 + their sign-off matrix',
      measure(() => overview(undefined)),
    ],
    [
      `SPK overview, overdue filter + search (first page of ${page})`,
      measure(() =>
        listDashboardPage(db, now, {
          viewer: { scope: 'all' },
          overdueOnly: true,
          query: 'planung',
          limit: page,
        }),
      ),
    ],
    [
      `Inbox of one office (first page of ${page})`,
      measure(() => listOfficeInboxPage(db, 'soziales', now, { limit: page })),
    ],
  ];
  rows.push(...pageRequests(db, now));
  table(
    ['request', 'p50 ms', 'p99 ms'],
    rows.map(([name, values]) => [name, ms(percentile(values, 50)), ms(percentile(values, 99))]),
  );
}

/**
 * What the paged pages read per request (LIST_PAGE_SIZE rows, their totals in SQL, the matrix's
 * approval views), serialized as the route's JSON would be; React's rendering is not included.
 */
function pageRequests(db: ReadModelDb, now: Date): [string, number[]][] {
  const all = { viewer: { scope: 'all' } } as const;
  const office = { viewer: { scope: 'office', officeId: 'jugendamt' } } as const;
  /** The cursor of page `n` (1-based) of a request, as a "Nächste Seite" link carries it. */
  const cursorOfPage = (request: DashboardPageRequest, n: number): string | undefined => {
    let cursor: string | undefined;
    for (let page = 1; page < n; page += 1) {
      cursor =
        listDashboardPage(db, now, {
          ...request,
          limit: LIST_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }).nextCursor ?? undefined;
    }
    return cursor;
  };
  const page = (request: DashboardPageRequest, n: number, matrix = false) => {
    const cursor = cursorOfPage(request, n);
    return () => {
      const { entries, nextCursor } = listDashboardPage(db, now, {
        ...request,
        limit: LIST_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      const totals = summarizeDashboard(db, now, request);
      const views = matrix
        ? getApprovalViews(
            db,
            entries.map((entry) => entry.vorlageId),
            now,
          )
        : new Map();
      return { entries, nextCursor, totals, views: [...views] };
    };
  };
  const measured = (name: string, work: () => unknown): [string, number[]] => [
    name,
    Array.from({ length: LIST_REQUESTS }, () => {
      const started = performance.now();
      JSON.stringify(work());
      return performance.now() - started;
    }),
  ];
  const filtered = { ...all, overdueOnly: true, query: 'planung' };
  return [
    measured(`/uebersicht page 1 (${LIST_PAGE_SIZE} rows + totals over all)`, page(all, 1)),
    measured('/uebersicht page 20 (via its cursor) + totals', page(all, 20)),
    measured('/uebersicht?ansicht=matrix page 1 + totals + matrix', page(all, 1, true)),
    measured('/uebersicht overdue + search, page 2 + totals', page(filtered, 2)),
    measured('/vorlagen office member, page 2 + count', page(office, 2)),
    measured('/historie page 40 (last) + count', page(all, 40)),
  ];
}

/** The jittered waits of the production policy, bounded by a number of attempts instead of time. */
function attemptBound(maxAttempts: number): ContentionRetries {
  const timed = contentionRetries({ ...BACKOFF, budgetMs: Number.POSITIVE_INFINITY });
  return {
    start(stream) {
      const retry = timed.start(stream);
      return {
        first: () => Promise.resolve(), // the old policy had no fairness wait
        again: async (attempt) => attempt < maxAttempts && (await retry.again(attempt)),
      };
    },
  };
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vorlagen-bench-commands-'));
  const store = await startStoreProcess(dataDir);
  const clients = Array.from({ length: 3 }, () => createEventStoreClient(store.connectionString));
  const processes = OFFICES.map((_, n) =>
    createVorlageCommandHandler({
      store: clients[n % clients.length]!,
      // BENCH_MAX_ATTEMPTS: the old bound (that many attempts, the same jittered waits, no budget).
      retries: process.env.BENCH_MAX_ATTEMPTS
        ? attemptBound(Number(process.env.BENCH_MAX_ATTEMPTS))
        : contentionRetries(BACKOFF),
    }),
  );
  try {
    console.log(`# bench:commands — load average at start ${load()}\n`);
    if (PARTS.includes('A')) await signOffLatency(clients[0]!, processes[0]!);
    if (PARTS.includes('B')) await concurrentSignOffs(processes);
    if (PARTS.includes('C')) await mixedCommands(clients[0]!, processes.slice(0, MIXED_PROCESSES));
    if (PARTS.includes('D')) listQueries();
    console.log(`load average at the end: ${load()}`);
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await store.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
