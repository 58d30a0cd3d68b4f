import { describe, expect, it } from 'vitest';
import { restartDelayMs } from './supervisor';

describe('supervisor backoff', () => {
  it('restarts after 250 ms, doubling per restart in a row, at most 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(restartDelayMs)).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
});
