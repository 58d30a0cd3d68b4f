import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { EventToAppend } from '../domain/application/event-store-port';
import { ConcurrencyError } from '../domain/shared/errors';
import { TEXT_EVENT_TYPES, textStreamName } from '../domain/text/text-events';
import { DEFAULT_PERSISTENCE } from './persistence';
import { warmUpPersistence } from './persistence-warmup';
import type { TextStore } from './text-store';

interface SentAppend {
  readonly vorlageId: string;
  readonly events: readonly EventToAppend[];
  readonly expected: bigint;
}

/**
 * A store that records every append and answers with `answer`; `sentAfterAnAnswer` counts the
 * appends sent after it first answered something other than the refusal.
 */
function recordingStore(answer: (append: SentAppend) => Promise<bigint>) {
  const sent: SentAppend[] = [];
  const counts = { sentAfterAnAnswer: 0 };
  let answeredOtherwise = false;
  const store: Pick<TextStore, 'append'> = {
    append: (vorlageId, events, expected) => {
      const append = { vorlageId, events, expected };
      sent.push(append);
      if (answeredOtherwise) counts.sentAfterAnAnswer++;
      const answered = answer(append);
      answered.then(
        () => (answeredOtherwise = true),
        (error: unknown) => {
          if (!(error instanceof ConcurrencyError)) answeredOtherwise = true;
        },
      );
      return answered;
    },
  };
  return { store, sent, counts };
}

/** What a store answers to expected revision 0 of a stream that does not exist. */
const refuse = ({ vorlageId }: SentAppend) =>
  Promise.reject(new ConcurrencyError(textStreamName(vorlageId), '0', 'no_stream'));

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const silent = pino({ level: 'silent' });

/** The warm-up with today's persistence defaults. */
const warmUp = (store: Pick<TextStore, 'append'> | null, budgetMs: number, logger = silent) =>
  warmUpPersistence({ config: DEFAULT_PERSISTENCE, logger, budgetMs, store });

describe('warmUpPersistence (the worker compiles its hot path before the server listens)', () => {
  it('types into scratch documents and sends every batch in an append the store must refuse', async () => {
    const { store, sent } = recordingStore(refuse);
    const summary = await warmUp(store, 400);

    expect(summary.keystrokes).toBeGreaterThan(0);
    expect(summary.flushes).toBeGreaterThan(0);
    expect(sent).toHaveLength(summary.flushes);
    expect(summary.scratchAppends).toBe(sent.length);
    expect(summary.refusedAppends).toBe(sent.length);
    // One Vorlage id that no Vorlage has, and a revision its stream (which does not exist) lacks.
    expect(new Set(sent.map((append) => append.vorlageId)).size).toBe(1);
    expect(sent[0]!.vorlageId).toMatch(/^warmup-[0-9a-f-]{36}$/);
    expect(sent.every((append) => append.expected === 0n)).toBe(true);
    // The worker's own events: one per author and flush, and snapshots now and then.
    const types = sent.flatMap((append) => append.events.map((event) => event.type));
    expect(types).toContain(TEXT_EVENT_TYPES.updated);
    expect(types).toContain(TEXT_EVENT_TYPES.snapshotTaken);
    const authorsPerAppend = sent.map(
      (append) => append.events.filter((e) => e.type === TEXT_EVENT_TYPES.updated).length,
    );
    expect(Math.max(...authorsPerAppend)).toBe(3);
  });

  it('sends no further append once the store accepted one, and says so', async () => {
    const { logger, lines } = capturingLogger();
    const { store, sent, counts } = recordingStore(({ events }) =>
      Promise.resolve(BigInt(events.length)),
    );
    // Long enough for several rounds of flushes even on a busy machine.
    const summary = await warmUp(store, 1000, logger);

    expect(sent.length).toBeGreaterThan(0);
    expect(counts.sentAfterAnAnswer).toBe(0);
    expect(summary.refusedAppends).toBe(0);
    expect(summary.flushes).toBeGreaterThan(sent.length);
    expect(lines.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
      expect.stringContaining('accepted an append it had to refuse'),
    ]);
  });

  it('ends at its budget when the store does not answer', async () => {
    const { store, sent } = recordingStore(() => new Promise<bigint>(() => undefined));
    const summary = await warmUp(store, 300);

    // The first round's appends wait until the budget ends; none is sent after them.
    expect(sent.length).toBeGreaterThan(0);
    expect(summary.scratchAppends).toBe(sent.length);
    expect(summary.unansweredAppends).toBe(sent.length);
    expect(summary.refusedAppends).toBe(0);
    expect(summary.ms).toBeLessThan(300 + 1000);
  });

  it('stops sending after a store failure other than the refusal', async () => {
    const { logger, lines } = capturingLogger();
    const { store, sent, counts } = recordingStore(() => Promise.reject(new Error('unavailable')));
    // Long enough for several rounds of flushes even on a busy machine.
    const summary = await warmUp(store, 1000, logger);

    expect(counts.sentAfterAnAnswer).toBe(0);
    expect(summary.flushes).toBeGreaterThan(sent.length);
    expect(lines.map((line) => line.msg)).toEqual([
      'warm-up: the store failed; no further scratch appends',
    ]);
  });

  it('without a store of its own (appends forwarded to the relay thread) sends nothing', async () => {
    const summary = await warmUp(null, 200);

    expect(summary.keystrokes).toBeGreaterThan(0);
    expect(summary.flushes).toBeGreaterThan(0);
    expect(summary.refusedAppends).toBe(0);
  });
});
