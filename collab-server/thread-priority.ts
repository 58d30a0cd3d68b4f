// Relaying comes first (issue 22): under CPU contention the relay thread (the process's main
// thread) gets a core before anything else the collab server runs — the persistence worker
// (persistence-worker.ts) and V8's helper threads, which compile hot functions (TurboFan) and do
// the concurrent part of garbage collection for both the relay thread's and the worker's heap.
// Linux schedules threads, and `setpriority` with a thread id changes that thread alone; a lower
// priority (a higher nice value) costs nothing while a core is idle. Elsewhere nothing changes.
import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The calling thread's id (Linux: /proc/thread-self → <pid>/task/<tid>). */
export function currentThreadId(): number {
  const thread = /\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1];
  if (thread === undefined) throw new Error('no thread id in /proc/thread-self');
  return Number(thread);
}

/** Sets thread `threadId`'s nice value to `nice` unless it is already that low (never raises). */
export function lowerThreadPriority(threadId: number, nice: number): void {
  if (getPriority(threadId) < nice) setPriority(threadId, nice);
}

/**
 * Lowers every thread of this process except the calling one to `nice` (none already lower is
 * raised). Called by the relay thread at start, it reaches V8's helper threads, which exist from
 * the process's start; threads started later inherit their creator's priority. Returns the ids
 * of the threads it lowered or left lower.
 */
export function lowerOtherThreads(nice: number): number[] {
  const self = currentThreadId();
  const lowered: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    const threadId = Number(task);
    if (threadId === self) continue;
    try {
      lowerThreadPriority(threadId, nice);
      lowered.push(threadId);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return lowered;
}
