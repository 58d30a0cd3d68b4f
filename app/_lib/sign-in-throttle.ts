// Slows password guessing against one account: after a few failed sign-ins for a login, further
// attempts for it are refused for a while, doubling up to a cap. Keyed by login, not by address: the
// client address is not trustworthy behind an unconfigured proxy, and one account is what a guesser
// targets. The lockouts are short, so locking someone out on purpose buys an attacker little.
// State is per app process; several app instances each keep their own.

const FREE_FAILURES = 5;
const FIRST_LOCKOUT_MS = 30_000;
const MAX_LOCKOUT_MS = 15 * 60_000;
/** Failures older than this are forgotten. */
const MEMORY_MS = 60 * 60_000;

interface LoginRecord {
  failures: number;
  lockedUntil: number;
  lastFailureAt: number;
}

export class SignInThrottle {
  private readonly records = new Map<string, LoginRecord>();

  /** Milliseconds until `login` may try again; 0 when it may now. */
  retryAfterMs(login: string, now: number): number {
    const record = this.current(login, now);
    return record ? Math.max(0, record.lockedUntil - now) : 0;
  }

  recordFailure(login: string, now: number): void {
    const record = this.current(login, now) ?? { failures: 0, lockedUntil: 0, lastFailureAt: now };
    record.failures += 1;
    record.lastFailureAt = now;
    const beyondFree = record.failures - FREE_FAILURES;
    if (beyondFree >= 0) {
      record.lockedUntil = now + Math.min(FIRST_LOCKOUT_MS * 2 ** beyondFree, MAX_LOCKOUT_MS);
    }
    this.records.set(login, record);
  }

  recordSuccess(login: string): void {
    this.records.delete(login);
  }

  private current(login: string, now: number): LoginRecord | undefined {
    const record = this.records.get(login);
    if (record && now - record.lastFailureAt > MEMORY_MS && now >= record.lockedUntil) {
      this.records.delete(login);
      return undefined;
    }
    return record;
  }
}
