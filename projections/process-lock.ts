// One writer per read-model file: a lock file beside the database holds the owning process id, so
// `projections:rebuild` cannot run while the live runner writes (a dead owner's lock is taken over).
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isProcessAlive } from '../platform/process';

export class LockedError extends Error {
  constructor(
    readonly path: string,
    readonly ownerPid: number,
  ) {
    super(`${path} is held by running process ${ownerPid}`);
    this.name = 'LockedError';
  }
}

/** Takes the lock or throws LockedError; returns the release function. */
export function acquireProcessLock(path: string): () => void {
  // On a first start the read-model folder does not exist yet.
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
        throw new LockedError(path, owner);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}
