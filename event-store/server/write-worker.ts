// Worker thread that owns the store's write connection: commits each group it is sent (with its
// fsync) off the gRPC thread and answers with the outcomes and the committed events.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStorage } from './sqlite-storage';
import { StreamWriter } from './writer';
import type { WorkerReply, WorkerRequest } from './write-committer';

const port = parentPort;
if (!port) throw new Error('write-worker.ts must run as a worker thread');
const storage = openSqliteStorage((workerData as { file: string }).file);
const writer = new StreamWriter(storage);

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'close') {
    storage.close();
    port.postMessage({ type: 'closed' } satisfies WorkerReply);
    return;
  }
  let reply: WorkerReply;
  try {
    reply = { type: 'committed', id: request.id, ...writer.commitGroup(request.commands) };
  } catch (error) {
    reply = {
      type: 'failed',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
