// Where each thread's passage stands in the editors: anchored, or deleted ("Bezugstext gelöscht").
// The section editors report their resolved ranges; the comment panel reads the snapshot. A plain
// store (subscribe/snapshot) outside React, so the editors and the panel share it without renders.
import type { AnchorRange } from '../../../editor/comment-anchors';

export type PassageState = 'anchored' | 'deleted';

export class PassageRegistry {
  private bySection = new Map<string, ReadonlyMap<string, AnchorRange>>();
  private current: ReadonlyMap<string, PassageState> = new Map();
  private readonly listeners = new Set<() => void>();

  /** A section editor's latest ranges for its threads. */
  report(sectionKey: string, ranges: ReadonlyMap<string, AnchorRange>): void {
    this.bySection = new Map(this.bySection).set(sectionKey, ranges);
    const next = new Map<string, PassageState>();
    for (const sectionRanges of this.bySection.values()) {
      for (const [threadId, range] of sectionRanges) {
        next.set(threadId, range ? 'anchored' : 'deleted');
      }
    }
    if (sameStates(next, this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  /** Unknown (not yet resolved by an editor) threads are absent. */
  snapshot = (): ReadonlyMap<string, PassageState> => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function sameStates(
  a: ReadonlyMap<string, PassageState>,
  b: ReadonlyMap<string, PassageState>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
