import { describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  DomainError,
  failWith,
  isConcurrencyError,
  isDomainError,
} from './errors';

describe('domain error brand', () => {
  it('recognises domain errors by their brand, also from another copy of this module', () => {
    const error = new DomainError('forbidden', 'no');
    expect(isDomainError(error)).toBe(true);
    // What a second bundled copy of the class produces: a plain Error carrying the same brand.
    const foreign = Object.assign(new Error('x'), {
      code: 'forbidden',
      [Symbol.for('vorlagen.DomainError')]: true,
    });
    expect(isDomainError(foreign)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'forbidden' })).toBe(false);
    expect(isDomainError(null)).toBe(false);
  });

  it('tells a concurrency conflict from other domain errors', () => {
    expect(isConcurrencyError(new ConcurrencyError('vorlage-1', '3', '4'))).toBe(true);
    expect(isConcurrencyError(new DomainError('forbidden', 'no'))).toBe(false);
  });

  it("throws a decider's refusal as a branded domain error named after the decider", () => {
    const fail = failWith<'thread_resolved'>('DiscussionError');
    let thrown: unknown;
    try {
      fail('thread_resolved', 'The thread is resolved', { threadId: 't-1' });
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      name: 'DiscussionError',
      code: 'thread_resolved',
      message: 'The thread is resolved',
      details: { threadId: 't-1' },
    });
  });
});
