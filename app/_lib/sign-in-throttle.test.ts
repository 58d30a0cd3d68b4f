import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle';

describe('sign-in throttle', () => {
  it('lets five failures pass, then locks the login for 30 s, doubling with each further failure', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('jugendamt', 1000);
    expect(throttle.retryAfterMs('jugendamt', 1000)).toBe(0);
    throttle.recordFailure('jugendamt', 1000);
    expect(throttle.retryAfterMs('jugendamt', 1000)).toBe(30_000);
    expect(throttle.retryAfterMs('soziales', 1000)).toBe(0);
    throttle.recordFailure('jugendamt', 31_000);
    expect(throttle.retryAfterMs('jugendamt', 31_000)).toBe(60_000);
  });

  it('caps the lockout at 15 minutes and forgets a login after a success', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 30; i += 1) throttle.recordFailure('spk', 0);
    expect(throttle.retryAfterMs('spk', 0)).toBe(15 * 60_000);
    throttle.recordSuccess('spk');
    expect(throttle.retryAfterMs('spk', 0)).toBe(0);
  });

  it('forgets old failures after an hour', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('qpk', 0);
    throttle.recordFailure('qpk', 2 * 60 * 60_000);
    expect(throttle.retryAfterMs('qpk', 2 * 60 * 60_000)).toBe(0);
  });
});
