// The vorlagen projection writes only the rows a batch changed; this checks, over whole generated
// Vorlage histories and for batches of one event up to the whole history, that the tables then hold
// exactly the rows a full derivation of the final views gives (so skipping unchanged parts, or
// writing a Vorlage once per batch, never leaves a row behind).
import { describe, expect, it } from 'vitest';
import { GENESIS_HEAD, sealEvents, type ChainHead } from '../domain/audit/chain';
import type { StoredEvent } from '../domain/application/event-store-port';
import { createLogger } from '../platform/logger';
import { createProductDecoder, type ProductEvent } from './product-events';
import { orderFreeRows } from './testing/dump';
import { project } from './testing/events';
import { planVorlage, seededRandom } from './testing/scenario';
import { emptyView, evolveView, type VorlageView } from './vorlage-view';
import { deriveRows, vorlagenProjection } from './vorlagen-projection';

const SEED = Number(process.env.PROJECTIONS_TEST_SEED ?? 7);
const decode = createProductDecoder(createLogger({ name: 'test', level: 'silent' }));

async function interleavedHistories(count: number): Promise<ProductEvent[]> {
  const random = seededRandom(SEED);
  const plans = Array.from({ length: count }, (_, i) => planVorlage(`v${i}`, { seed: SEED }));
  const chains = new Map<string, ChainHead>();
  const revisions = new Map<string, bigint>();
  const events: ProductEvent[] = [];
  let position = 0n;
  while (plans.some((plan) => plan.length > 0)) {
    const open = plans.filter((plan) => plan.length > 0);
    const step = open[Math.floor(random() * open.length)]!.shift()!;
    let toStore = step.events.map(({ lifecycle: _lifecycle, ...event }) => event);
    if (step.events.some((event) => event.lifecycle)) {
      const sealed = await sealEvents(toStore, chains.get(step.stream) ?? GENESIS_HEAD);
      chains.set(step.stream, sealed.head);
      toStore = sealed.events;
    }
    for (const event of toStore) {
      const revision = (revisions.get(step.stream) ?? -1n) + 1n;
      revisions.set(step.stream, revision);
      const stored: StoredEvent = {
        ...event,
        stream: step.stream,
        revision,
        position: ++position,
        created: new Date(0),
      };
      const decoded = decode(stored);
      if (decoded) events.push(decoded);
    }
  }
  return events;
}

describe(`vorlagen projection (seed ${SEED})`, () => {
  it.each([1, 7, 64, Number.MAX_SAFE_INTEGER])(
    'holds exactly the rows a full derivation of the views gives, at every cut of the history (batches of %i events)',
    async (batchSize) => {
      const events = await interleavedHistories(8);
      let sawStale = false;
      for (const cut of [0.3, 0.55, 0.8, 1].map((fraction) =>
        Math.round(events.length * fraction),
      )) {
        const prefix = events.slice(0, cut);
        const db = project(
          [vorlagenProjection],
          prefix,
          undefined,
          Math.min(batchSize, Math.max(1, cut)),
        );
        const views = new Map<string, VorlageView>();
        for (const event of prefix) {
          views.set(
            event.vorlageId,
            evolveView(views.get(event.vorlageId) ?? emptyView(event.vorlageId), event),
          );
        }
        const expected = [...views.values()].map(deriveRows);
        sawStale ||= expected.some((rows) => rows.approval.some((row) => row.status === 'stale'));
        for (const [table, part] of Object.entries(TABLES)) {
          const actual = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
          const wanted = expected.flatMap((rows) => rows[part]) as Record<string, unknown>[];
          expect(orderFreeRows(actual), `${table} after ${cut} events`).toEqual(
            orderFreeRows(wanted),
          );
        }
      }
      expect(sawStale).toBe(true);
    },
  );
});

const TABLES = {
  approval_view: 'approval',
  office_inbox: 'inbox',
  spk_dashboard: 'dashboard',
  co_signed_by: 'coSigned',
  vorlage_access: 'access',
  text_state: 'textState',
  text_section_edits: 'sectionEdits',
} as const;
