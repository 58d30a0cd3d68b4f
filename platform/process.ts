// Whether another process still runs, for lock files that name their owner's pid.

/** True while `pid` exists; EPERM means it exists but belongs to someone else — alive all the same. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Files and folders this process creates from now on are private to its user (0600 / 0700): the
 * data directory holds password hashes, keys and logs. Children inherit the mask.
 */
export function restrictFileModes(): void {
  process.umask(0o077);
}
