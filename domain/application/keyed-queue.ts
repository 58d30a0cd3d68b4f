// Runs tasks one after another per key. The command handler queues the commands of one Vorlage, so
// commands in the same process never race each other for the lifecycle stream's revision (they
// would only cost each other a re-read and a retry); across processes the retry loop remains.

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined, // the caller sees the failure; the next task runs all the same
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests: the map must not grow without bound). */
  get size(): number {
    return this.tails.size;
  }
}
