import { describe, expect, it } from 'vitest';
import { contentionRetries } from './contention-retries';

describe('contention retries (D-93)', () => {
  it('D-93: retries until the time budget of the command is spent, however many attempts that takes', async () => {
    let clock = 0;
    const policy = contentionRetries({ budgetMs: 1000, random: () => 0, now: () => clock });
    const retry = policy.start();
    for (let attempt = 1; attempt <= 200; attempt += 1) {
      clock += 4;
      expect(await retry(attempt)).toBe(true);
    }
    clock = 1000;
    expect(await retry(201)).toBe(false);
    // The budget belongs to one command: the next one starts its own.
    expect(await policy.start()(1)).toBe(true);
  });
});
