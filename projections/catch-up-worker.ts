// The worker-thread half of catching up (catch-up-reader.ts starts it): reads $all in pages with
// its own event-store client, decodes each event through the domain's schemas (and checks its
// chain-link hash), and posts the decoded pages as JSON, a few pages ahead of the fold.
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredEvent } from '../domain/application/event-store-port';
import { createEventStoreClient } from '../event-store/client';
import { decodeStoredEvent } from './product-events';
import type { CatchUpWorkerData, ReaderMessage, WireEvent } from './catch-up-reader';

const port = parentPort;
if (!port) throw new Error('catch-up-worker.ts runs as a worker thread');
const options = workerData as CatchUpWorkerData;
const client = createEventStoreClient(options.connectionString);
const ours = (event: StoredEvent) =>
  options.streamNamePrefixes.some((prefix) => event.stream.startsWith(prefix));

// Pages posted but not yet taken by the fold; reading pauses at maxPagesAhead.
let unacknowledged = 0;
let resumeReading: (() => void) | undefined;
port.on('message', (message: 'ack') => {
  if (message !== 'ack') return;
  unacknowledged -= 1;
  resumeReading?.();
  resumeReading = undefined;
});

const post = (message: ReaderMessage) => port.postMessage(message);

/** One page as the fold needs it: bigint fields as decimal strings, problems to be logged. */
function encodePage(page: readonly StoredEvent[], after: bigint | null): ReaderMessage {
  const events: WireEvent[] = [];
  const problems: {
    stream: string;
    revision: string;
    position: string;
    type: string;
    reason: string;
  }[] = [];
  let last = after;
  for (const stored of page) {
    if (last !== null && stored.position <= last) continue;
    last = stored.position;
    if (!ours(stored)) continue;
    const result = decodeStoredEvent(stored);
    const problem = !result.ok
      ? result.reason
      : result.event?.kind === 'lifecycle'
        ? result.event.problem
        : null;
    if (problem !== null) {
      problems.push({
        stream: stored.stream,
        revision: stored.revision.toString(),
        position: stored.position.toString(),
        type: stored.type,
        reason: problem,
      });
    }
    const decoded = result.ok ? result.event : null;
    events.push({
      position: stored.position.toString(),
      type: stored.type,
      stream: stored.stream,
      decoded:
        decoded === null
          ? null
          : {
              ...decoded,
              position: stored.position.toString(),
              revision: stored.revision.toString(),
            },
    });
  }
  return { kind: 'page', json: JSON.stringify(events), last: last?.toString() ?? null, problems };
}

async function run(): Promise<void> {
  let after = options.fromPosition === null ? null : BigInt(options.fromPosition);
  const read = (from: bigint | null) =>
    client.readAll({ fromPosition: from ?? 'start', maxCount: options.pageSize });
  let page = await read(after);
  for (;;) {
    const last = page[page.length - 1];
    // The next page is requested before this one is decoded: the store works meanwhile.
    const next = page.length < options.pageSize || !last ? null : read(last.position);
    next?.catch(() => undefined); // awaited below; this only keeps it from being "unhandled"
    const message = encodePage(page, after);
    if (message.kind === 'page' && message.last !== null) after = BigInt(message.last);
    if (unacknowledged >= options.maxPagesAhead) {
      await new Promise<void>((resolve) => (resumeReading = resolve));
    }
    unacknowledged += 1;
    post(message);
    if (next === null) break;
    page = await next;
  }
  post({ kind: 'end', last: after?.toString() ?? null });
}

run()
  .catch((error: unknown) => {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  })
  .finally(() => {
    void client.close();
  });
