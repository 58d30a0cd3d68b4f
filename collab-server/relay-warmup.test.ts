import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { warmUpRelay } from './relay-warmup';

describe('warmUpRelay (the relay thread compiles its typing path before the server listens)', () => {
  it('relays every scratch keystroke to the other connections and ends at its budget', async () => {
    const summary = await warmUpRelay({ budgetMs: 200, logger: pino({ level: 'silent' }) });

    expect(summary.keystrokes).toBeGreaterThan(0);
    // Each keystroke reaches the two other connections (plus sync steps and stored reports).
    expect(summary.frames).toBeGreaterThan(2 * summary.keystrokes);
    expect(summary.ms).toBeGreaterThanOrEqual(200);
  });
});
