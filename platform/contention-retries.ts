// The retry policy after a concurrent write to a command's stream (D-93): "full jitter"
// exponential backoff (a uniformly random wait up to base·2^attempt, capped), which spreads the
// writers that lost a round so they do not collide again in the next one; bounded by a time
// budget per command rather than by a number of attempts, so a command that keeps losing under a
// burst of writers from other processes still gets its turn (see README "Commands at scale").
import type { ContentionRetries } from '../domain/application/command-handler';

export interface ContentionRetriesOptions {
  /** Upper bound of the first wait. */
  readonly baseMs?: number;
  /** No single wait is longer than this. */
  readonly capMs?: number;
  /** A command gives up (concurrency_retries_exhausted) once this long has passed since it began. */
  readonly budgetMs?: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

/**
 * Measured with `npm run bench:commands` (README "Commands at scale: figures"): the cap is low on
 * purpose — a writer that lost waits about as long as a fresh command of another process, so it
 * is not pushed to the back (with a 500 ms cap, losers starved past any budget); the budget, not
 * the attempt count, bounds a command.
 */
export const CONTENTION_DEFAULTS = { baseMs: 10, capMs: 20, budgetMs: 10_000 } as const;

/** How long after a conflict a stream counts as contended, and how many streams are remembered. */
const CONTENDED_FOR_MS = 1000;
const REMEMBERED_STREAMS = 1000;

export function contentionRetries(options: ContentionRetriesOptions = {}): ContentionRetries {
  const baseMs = options.baseMs ?? CONTENTION_DEFAULTS.baseMs;
  const capMs = options.capMs ?? CONTENTION_DEFAULTS.capMs;
  const budgetMs = options.budgetMs ?? CONTENTION_DEFAULTS.budgetMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => performance.now());
  /** Stream → when this process last lost a write on it (oldest first). */
  const lastConflict = new Map<string, number>();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    start(stream) {
      const deadline = now() + budgetMs;
      return {
        // Fairness: on a contended stream a fresh command waits like a loser does, so the writer
        // that just won does not win the next round too by starting before everyone else.
        async first() {
          const seen = lastConflict.get(stream);
          if (seen !== undefined && now() - seen < CONTENDED_FOR_MS) await sleep(random() * capMs);
        },
        async again(attempt) {
          lastConflict.delete(stream);
          lastConflict.set(stream, now());
          if (lastConflict.size > REMEMBERED_STREAMS) {
            lastConflict.delete(lastConflict.keys().next().value as string);
          }
          const left = deadline - now();
          if (left <= 0) return false;
          await sleep(Math.min(left, random() * Math.min(capMs, baseMs * 2 ** attempt)));
          return true;
        },
      };
    },
  };
}
