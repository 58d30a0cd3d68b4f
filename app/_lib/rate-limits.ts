// Request rate limits beyond the per-login sign-in throttle (sign-in-throttle.ts): failed sign-ins
// per client and overall (password spraying across many accounts), feedback posts per client, per
// account and overall. Counters are rate-limiter-flexible's in-memory ones, per app process.
import 'server-only';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from './http';

const MINUTE = 60;

export class RequestLimits {
  readonly signInFailuresPerClient = new RateLimiterMemory({ points: 20, duration: 10 * MINUTE });
  readonly signInFailuresOverall = new RateLimiterMemory({ points: 300, duration: 10 * MINUTE });
  readonly feedbackPerClient = new RateLimiterMemory({ points: 10, duration: MINUTE });
  readonly feedbackPerAccount = new RateLimiterMemory({ points: 20, duration: 60 * MINUTE });
  readonly feedbackOverall = new RateLimiterMemory({ points: 120, duration: MINUTE });

  /** Seconds until this client may try to sign in again; 0 when it may now. */
  async signInRetryAfterSeconds(client: string): Promise<number> {
    const [perClient, overall] = await Promise.all([
      this.signInFailuresPerClient.get(client),
      this.signInFailuresOverall.get('all'),
    ]);
    return Math.max(blockedSeconds(perClient, 20), blockedSeconds(overall, 300));
  }

  async recordSignInFailure(client: string): Promise<void> {
    await Promise.all([
      this.signInFailuresPerClient.penalty(client),
      this.signInFailuresOverall.penalty('all'),
    ]);
  }

  /** Counts one feedback post; throws too_many_requests past any of the three limits. */
  async consumeFeedback(client: string, userId: string | undefined): Promise<void> {
    try {
      await this.feedbackPerClient.consume(client);
      if (userId) await this.feedbackPerAccount.consume(userId);
      await this.feedbackOverall.consume('all');
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new HttpError('too_many_requests');
      throw error;
    }
  }
}

function blockedSeconds(result: RateLimiterRes | null, points: number): number {
  return result && result.consumedPoints >= points ? Math.ceil(result.msBeforeNext / 1000) : 0;
}

/**
 * The client's address: the X-Forwarded-For entry TRUST_PROXY_HOPS from the right (Next.js fills in
 * the socket's address when the header is absent). Directly exposed (0 hops) a client can send its
 * own header; run behind a reverse proxy that sets it and configure the hops.
 */
export function clientAddress(request: Request, trustedProxyHops: number): string {
  const entries = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return entries[Math.max(0, entries.length - 1 - trustedProxyHops)] ?? 'unknown';
}
