// The wait between a command's attempts after a concurrent write to its stream (D-93): "full
// jitter" exponential backoff (a uniformly random wait up to base·2^attempt, capped), which spreads
// the writers that lost a round so they do not collide again in the next one.
import type { ContentionBackoff } from '../domain/application/command-handler';

export interface ContentionBackoffOptions {
  /** Upper bound of the first wait. */
  readonly baseMs?: number;
  /** No wait is longer than this. */
  readonly capMs?: number;
  readonly random?: () => number;
}

export function contentionBackoff(options: ContentionBackoffOptions = {}): ContentionBackoff {
  // Measured with `npm run bench:commands` (15 and 12 writers in separate processes): 2 ms / 100 ms
  // let 11 % of a give/withdraw loop exhaust its attempts; 10 ms / 500 ms 2.5 %.
  const baseMs = options.baseMs ?? 10;
  const capMs = options.capMs ?? 500;
  const random = options.random ?? Math.random;
  return (attempt) => {
    const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
    const wait = random() * ceiling;
    return new Promise((resolve) => setTimeout(resolve, wait));
  };
}
