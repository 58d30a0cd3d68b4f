// When awareness entries are renewed. y-protocols renews a local entry itself, 15 s after its last
// change, on a 3 s check grid that starts when the Awareness is created; peers drop an entry that
// was not renewed for 30 s. Entries that change together therefore renew together, every 15 s:
// - the server's entries of documents loaded together (a server start, a morning's first
//   sessions): in the collab benchmark 200 documents' entries went out to 600 clients within half
//   a second (issue 22, session 12). Each document renews on a phase of its own (renewOnOwnPhase),
//   a little more often than y-protocols would, so that its own check never finds it old enough;
// - the clients' entries, which each client sends again when it connects: after a collab server
//   restart every client reconnects within a second or two, and at the benchmark's 800 documents
//   (2,400 clients connected together) up to 870 relayed renewals arrived per quarter second, every
//   15 s (session 13). A client renews once at a random moment of the 15 s after it connected
//   (renewOnceWithin); from then on y-protocols renews on that phase.
import type { Awareness } from 'y-protocols/awareness';

/** Below y-protocols' own renewal age (outdatedTimeout / 2 = 15 s), with room for a late timer. */
export const SERVER_ENTRY_RENEWAL_MS = 12_000;

/** y-protocols' own renewal age (outdatedTimeout / 2). */
export const CLIENT_RENEWAL_SPREAD_MS = 15_000;

type Timer = ReturnType<typeof setTimeout>;

/** A server must not stay up for a timer; browsers' timers are numbers without `unref`. */
function unref(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** Sends the local entry again (a new clock, the same state); a removed entry stays removed. */
export function renewLocalEntry(awareness: Awareness): void {
  const state = awareness.getLocalState();
  if (state !== null) awareness.setLocalState(state);
}

/**
 * Renews `awareness`'s local entry every `periodMs`, starting at a random offset within the first
 * period. Returns the function that stops it (call it before destroying the awareness).
 */
export function renewOnOwnPhase(
  awareness: Awareness,
  periodMs = SERVER_ENTRY_RENEWAL_MS,
  random: () => number = Math.random,
): () => void {
  let interval: ReturnType<typeof setInterval> | null = null;
  const phase = unref(
    setTimeout(
      () => {
        renewLocalEntry(awareness);
        interval = unref(setInterval(() => renewLocalEntry(awareness), periodMs));
      },
      Math.floor(random() * periodMs),
    ),
  );
  return () => {
    clearTimeout(phase);
    if (interval !== null) clearInterval(interval);
  };
}

/**
 * Renews `awareness`'s local entry once, at a random moment within `withinMs` from now; y-protocols'
 * own renewals then follow on that phase. Returns the function that cancels it (call it when the
 * connection closes).
 */
export function renewOnceWithin(
  awareness: Awareness,
  withinMs = CLIENT_RENEWAL_SPREAD_MS,
  random: () => number = Math.random,
): () => void {
  const timer = unref(
    setTimeout(() => renewLocalEntry(awareness), Math.floor(random() * withinMs)),
  );
  return () => clearTimeout(timer);
}
