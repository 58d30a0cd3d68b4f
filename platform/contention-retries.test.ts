import { describe, expect, it } from 'vitest';
import { contentionRetries } from './contention-retries';

describe('contention retries (D-93)', () => {
  it('D-93: retries until the time budget of the command is spent, however many attempts that takes', async () => {
    let clock = 0;
    const policy = contentionRetries({ budgetMs: 1000, random: () => 0, now: () => clock });
    const retry = policy.start('vorlage-1');
    for (let attempt = 1; attempt <= 200; attempt += 1) {
      clock += 4;
      expect(await retry.again(attempt)).toBe(true);
    }
    clock = 1000;
    expect(await retry.again(201)).toBe(false);
    // The budget belongs to one command: the next one starts its own.
    expect(await policy.start('vorlage-1').again(1)).toBe(true);
  });

  it('D-93: a fresh command waits first only on a stream this process lost a write on lately', async () => {
    let clock = 0;
    let draws = 0;
    const random = () => {
      draws += 1;
      return 0;
    };
    const policy = contentionRetries({ random, now: () => clock });
    await policy.start('vorlage-1').first();
    expect(draws).toBe(0);
    await policy.start('vorlage-1').again(1);
    draws = 0;
    await policy.start('vorlage-1').first();
    await policy.start('vorlage-2').first();
    expect(draws).toBe(1);
    clock += 5000; // no conflict for a while: no longer contended
    await policy.start('vorlage-1').first();
    expect(draws).toBe(1);
  });
});
