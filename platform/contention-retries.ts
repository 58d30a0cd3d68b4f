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

/** Measured with `npm run bench:commands` (README "Commands at scale: figures"). */
export const CONTENTION_DEFAULTS = { baseMs: 10, capMs: 100, budgetMs: 10_000 } as const;

export function contentionRetries(options: ContentionRetriesOptions = {}): ContentionRetries {
  const baseMs = options.baseMs ?? CONTENTION_DEFAULTS.baseMs;
  const capMs = options.capMs ?? CONTENTION_DEFAULTS.capMs;
  const budgetMs = options.budgetMs ?? CONTENTION_DEFAULTS.budgetMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => performance.now());
  return {
    start() {
      const deadline = now() + budgetMs;
      return async (attempt) => {
        const left = deadline - now();
        if (left <= 0) return false;
        const wait = Math.min(left, random() * Math.min(capMs, baseMs * 2 ** attempt));
        await new Promise((resolve) => setTimeout(resolve, wait));
        return true;
      };
    },
  };
}
