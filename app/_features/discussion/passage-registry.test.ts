import { describe, expect, it } from 'vitest';
import { PassageRegistry } from './passage-registry';

describe('PassageRegistry', () => {
  it('tells anchored from deleted passages across sections and notifies only on a change', () => {
    const registry = new PassageRegistry();
    let notified = 0;
    registry.subscribe(() => (notified += 1));
    registry.report('subject', new Map([['t1', { from: 1, to: 4 }]]));
    registry.report('justification', new Map([['t2', null]]));
    expect([...registry.snapshot()]).toEqual([
      ['t1', 'anchored'],
      ['t2', 'deleted'],
    ]);
    registry.report('subject', new Map([['t1', { from: 2, to: 5 }]]));
    expect(notified).toBe(2);
  });
});
