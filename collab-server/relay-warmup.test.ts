import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits';
import { warmUpRelay } from './relay-warmup';

describe('warmUpRelay (the relay thread compiles its typing path before the server listens)', () => {
  it('relays every scratch keystroke over loopback sockets to the other clients, within its budget', async () => {
    const summary = await warmUpRelay({
      budgetMs: 200,
      limits: DEFAULT_LIMITS,
      logger: pino({ level: 'silent' }),
    });

    expect(summary.keystrokes).toBeGreaterThan(0);
    expect(summary.converged).toBe(true);
    // Each keystroke reaches the two other clients (plus sync steps and stored reports).
    expect(summary.framesReceived).toBeGreaterThan(2 * summary.keystrokes);
    expect(summary.ms).toBeGreaterThanOrEqual(200);
    expect(summary.ms).toBeLessThan(200 + 500 + 2000);
  });
});
