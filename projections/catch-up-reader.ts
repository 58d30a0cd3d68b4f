// Catching up in a worker thread: reading $all through the event-store client (gRPC, protobuf,
// JSON) and decoding with the domain's schemas cost more CPU than the folds, so a worker
// (catch-up-worker.ts) does both while this thread folds the previous pages. Pages come over as
// JSON — several times cheaper to copy than structured clones of the decoded objects.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../platform/logger';
import type { ProductEvent } from './product-events';

/** A product event decoded by the worker (decoded null: not one the read models use). */
export interface PreDecodedEvent {
  readonly position: bigint;
  readonly type: string;
  readonly stream: string;
  readonly decoded: ProductEvent | null;
}

export interface CatchUpWorkerData {
  readonly connectionString: string;
  readonly fromPosition: string | null;
  readonly pageSize: number;
  readonly streamNamePrefixes: readonly string[];
  readonly maxPagesAhead: number;
}

/** A decoded event on the wire: bigint fields as decimal strings. */
export interface WireEvent {
  readonly position: string;
  readonly type: string;
  readonly stream: string;
  readonly decoded: (Omit<ProductEvent, 'position' | 'revision'> & WireBigints) | null;
}
interface WireBigints {
  position: string;
  revision: string;
}

export type ReaderMessage =
  | {
      readonly kind: 'page';
      readonly json: string;
      /** The last position read (including events of other streams). */
      readonly last: string | null;
      readonly problems: readonly Record<string, string>[];
    }
  | { readonly kind: 'end'; readonly last: string | null }
  | { readonly kind: 'error'; readonly message: string };

export interface WorkerCatchUpOptions {
  readonly connectionString: string;
  readonly pageSize: number;
  readonly streamNamePrefixes: readonly string[];
  readonly logger: Logger;
  /** Pages the worker may read ahead of the fold (memory: pageSize × this × ~1 KB). */
  readonly maxPagesAhead?: number;
}

/**
 * Reads $all after `fromPosition` in a worker, handing each decoded event to `deliver` in order.
 * Resolves with the last position read (null: $all is empty) once the worker reached the end, or
 * early when `signal` aborts (the worker is then terminated at once).
 */
export function catchUpInWorker(
  options: WorkerCatchUpOptions,
  fromPosition: bigint | null,
  deliver: (event: PreDecodedEvent) => void,
  signal: AbortSignal,
): Promise<bigint | null> {
  const data: CatchUpWorkerData = {
    connectionString: options.connectionString,
    fromPosition: fromPosition?.toString() ?? null,
    pageSize: options.pageSize,
    streamNamePrefixes: options.streamNamePrefixes,
    maxPagesAhead: options.maxPagesAhead ?? 3,
  };
  const worker = startWorker(data);
  return new Promise<bigint | null>((resolve, reject) => {
    let settled = false;
    let last = fromPosition;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => resolve(last));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    worker.on('message', (message: ReaderMessage) => {
      if (settled) return;
      switch (message.kind) {
        case 'page':
          for (const problem of message.problems) {
            options.logger.error(problem, 'unreadable event skipped by the projections');
          }
          for (const wire of JSON.parse(message.json) as WireEvent[]) {
            deliver(fromWire(wire));
            if (signal.aborted) return;
          }
          if (message.last !== null) last = BigInt(message.last);
          worker.postMessage('ack');
          return;
        case 'end':
          return finish(() => resolve(message.last === null ? last : BigInt(message.last)));
        case 'error':
          return finish(() => reject(new Error(`catch-up reader: ${message.message}`)));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`catch-up reader exited early with code ${code}`))),
    );
  });
}

/** Restores the bigint fields in place (the parsed objects are fresh and ours). */
function fromWire(wire: WireEvent): PreDecodedEvent {
  const position = BigInt(wire.position);
  const decoded = wire.decoded as unknown as { position: bigint; revision: bigint } | null;
  if (decoded !== null) {
    decoded.revision = BigInt(decoded.revision as unknown as string);
    decoded.position = position;
  }
  return {
    position,
    type: wire.type,
    stream: wire.stream,
    decoded: decoded as unknown as ProductEvent | null,
  };
}

/**
 * The worker runs TypeScript: tsx's loader hooks do not reach worker threads on Node 20, so the
 * worker registers them itself before importing its module.
 */
function startWorker(data: CatchUpWorkerData): Worker {
  const entry = new URL('./catch-up-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, {
    eval: true,
    workerData: data,
    // A page lives from its gRPC frames to its JSON; a young generation that holds a few pages
    // lets it die there instead of being promoted (measured: -5 % CPU against the default 16 MB).
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
}
