// The server's own awareness entry (lock state, durability) must be renewed, or clients drop it
// after y-protocols' 30 s timeout. y-protocols renews a local entry itself, 15 s after its last
// change, on a 3 s check grid that starts when the Awareness is created. Documents loaded together
// (a server start, a morning's first sessions) therefore renew together: in the collab benchmark
// 200 documents' entries went out to 600 clients within half a second, every 15 s, on top of the
// clients' own renewals. Each document renews on a phase of its own instead, a little more often
// than y-protocols would, so that its own check never finds the entry old enough to renew.
import type { Awareness } from 'y-protocols/awareness';

/** Below y-protocols' own renewal age (outdatedTimeout / 2 = 15 s), with room for a late timer. */
export const SERVER_ENTRY_RENEWAL_MS = 12_000;

/**
 * Renews `awareness`'s local entry every `periodMs`, starting at a random offset within the first
 * period. Returns the function that stops it (call it before destroying the awareness).
 */
export function renewOnOwnPhase(
  awareness: Awareness,
  periodMs = SERVER_ENTRY_RENEWAL_MS,
  random: () => number = Math.random,
): () => void {
  const renew = (): void => {
    const state = awareness.getLocalState();
    if (state !== null) awareness.setLocalState(state);
  };
  let interval: NodeJS.Timeout | null = null;
  const phase = setTimeout(
    () => {
      renew();
      interval = setInterval(renew, periodMs);
      interval.unref();
    },
    Math.floor(random() * periodMs),
  );
  phase.unref();
  return () => {
    clearTimeout(phase);
    if (interval !== null) clearInterval(interval);
  };
}
