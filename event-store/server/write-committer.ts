// The main thread's handle on the writer worker: sends a group of write commands, resolves with
// the group's result once it is durably committed. One group is in flight at a time (the engine
// ensures it), so commit order is $all order.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { GroupResult, WriteCommand } from './writer';

export type WorkerRequest =
  | { readonly type: 'commit'; readonly id: number; readonly commands: readonly WriteCommand[] }
  | { readonly type: 'close' };

export type WorkerReply =
  | ({ readonly type: 'committed'; readonly id: number } & GroupResult)
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'ready' }
  | { readonly type: 'closed' };

export interface WriteCommitter {
  commit(commands: readonly WriteCommand[]): Promise<GroupResult>;
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (result: GroupResult) => void;
  readonly reject: (error: Error) => void;
}

export async function startWriteCommitter(file: string, logger: Logger): Promise<WriteCommitter> {
  const worker = new Worker(new URL('./write-worker-entry.mjs', import.meta.url), {
    workerData: { file },
  });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let closed: (() => void) | undefined;
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return resolve();
      if (reply.type === 'closed') return closed?.();
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.type === 'committed') waiting?.resolve(reply);
      else waiting?.reject(new Error(reply.message));
    });
  });
  worker.on('error', (error) => {
    logger.error({ err: error }, 'event store writer failed');
    failAll(error);
  });
  worker.on('exit', (code) => failAll(new Error(`event store writer exited (${code})`)));
  await ready;
  return {
    commit: (commands) =>
      new Promise<GroupResult>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'commit', id, commands } satisfies WorkerRequest);
      }),
    close: async () => {
      const done = new Promise<void>((resolve) => (closed = resolve));
      worker.postMessage({ type: 'close' } satisfies WorkerRequest);
      await done;
      await worker.terminate();
    },
  };
}
