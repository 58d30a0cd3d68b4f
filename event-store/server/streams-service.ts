// The handlers of EventStoreDB's `Streams` gRPC service: decode with protocol.ts, act through the
// engine, answer in the shapes the client expects. Every handler turns any failure into a gRPC
// error so bad input never takes the process down.
import { randomUUID } from 'node:crypto';
import {
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { WireBatchAppendRequest } from './batch-append-codec';
import type { StoreEngine } from './engine';
import { validateStreamName } from './engine';
import { StoreError, invalidArgument } from './errors';
import { encodeEventResponse } from './event-encoding';
import * as protocol from './protocol';
import type {
  AppendReq,
  AppendResp,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from './proto';
import { Subscription, matches, type SubscriptionSink } from './subscriptions';
import type { ProposedEvent, RecordedEvent } from './types';

export interface StreamsServiceOptions {
  readonly engine: StoreEngine;
  readonly logger: Logger;
  /** Throws a StoreError when the call's credentials are not accepted. */
  readonly authorize: (metadata: import('@grpc/grpc-js').Metadata) => void;
}

/** Live subscription calls, so shutdown can end them (they never end on their own). */
export interface ActiveCalls {
  endAll(error: StoreError): void;
}

export function createStreamsService(options: StreamsServiceOptions): {
  implementation: UntypedServiceImplementation;
  active: ActiveCalls;
} {
  const handlers = new StreamsHandlers(options);
  return {
    implementation: {
      read: (call: ReadCall) => handlers.read(call),
      append: (
        call: ServerReadableStream<AppendReq, AppendResp>,
        callback: sendUnaryData<AppendResp>,
      ) => handlers.append(call, callback),
      batchAppend: (call: ServerDuplexStream<WireBatchAppendRequest, BatchAppendAnswer>) =>
        handlers.batchAppend(call),
      delete: (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) =>
        handlers.delete(call, callback),
      tombstone: (
        call: ServerUnaryCall<TombstoneReq, TombstoneResp>,
        callback: sendUnaryData<TombstoneResp>,
      ) => handlers.tombstone(call, callback),
    },
    active: handlers,
  };
}

class StreamsHandlers implements ActiveCalls {
  private readonly engine: StoreEngine;
  private readonly logger: Logger;
  private readonly authorize: StreamsServiceOptions['authorize'];
  private readonly streamingCalls = new Set<(error: StoreError) => void>();

  constructor(options: StreamsServiceOptions) {
    this.engine = options.engine;
    this.logger = options.logger;
    this.authorize = options.authorize;
  }

  endAll(error: StoreError): void {
    for (const end of [...this.streamingCalls]) end(error);
  }

  // ── Append (client streaming) ───────────────────────────────────────────────────────────

  append(
    call: ServerReadableStream<AppendReq, AppendResp>,
    callback: sendUnaryData<AppendResp>,
  ): void {
    let answered = false;
    const answer = (error: StoreError | undefined, response?: AppendResp) => {
      if (answered) return;
      answered = true;
      if (error) callback(protocol.serviceError(error) as never);
      else callback(null, response);
    };
    let header: protocol.AppendHeader | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    try {
      this.authorize(call.metadata);
    } catch (error) {
      return answer(this.toStoreError(error));
    }
    call.on('data', (request: AppendReq) => {
      if (answered) return;
      try {
        if (!header) {
          header = protocol.decodeAppendHeader(request);
          validateStreamName(header.stream);
          return;
        }
        const event = protocol.decodeProposedEvent(
          protocol.wireProposedMessageOf(request.getProposedMessage()),
        );
        size += event.data.byteLength + event.metadata.byteLength;
        // Refuse early instead of buffering an oversized append in memory.
        if (size > this.engine.limits.maxAppendBytes) {
          throw new StoreError({
            kind: 'maximum-append-size-exceeded',
            maxAppendSize: this.engine.limits.maxAppendBytes,
          });
        }
        events.push(event);
      } catch (error) {
        answer(this.toStoreError(error));
      }
    });
    call.on('error', (error) => this.logger.debug({ err: error }, 'append call failed'));
    call.on('end', () => {
      if (answered) return;
      if (!header) return answer(invalidArgument('The Append call carried no options.'));
      this.engine
        .append(header.stream, header.expected, events)
        .then((result) => answer(undefined, protocol.appendSuccessResponse(result)))
        .catch((error: unknown) => {
          const storeError = this.toStoreError(error);
          if (storeError.detail.kind === 'wrong-expected-version') {
            answer(undefined, protocol.appendWrongVersionResponse(storeError.detail));
          } else {
            answer(storeError);
          }
        });
    });
  }

  // ── BatchAppend (duplex) ────────────────────────────────────────────────────────────────

  batchAppend(call: ServerDuplexStream<WireBatchAppendRequest, BatchAppendAnswer>): void {
    try {
      this.authorize(call.metadata);
    } catch (error) {
      call.emit('error', protocol.serviceError(this.toStoreError(error)));
      return;
    }
    const pending = new Map<string, PendingBatch>();
    const rejected = new Set<string>();
    let inFlight = 0;
    let clientDone = false;
    let closed = false;
    const finishIfDone = () => {
      if (clientDone && inFlight === 0 && !closed) {
        closed = true;
        call.end();
      }
    };
    const write = (response: BatchAppendAnswer) => {
      if (!closed) call.write(response);
    };
    const endCall = (error: StoreError) => {
      if (closed) return;
      closed = true;
      call.emit('error', protocol.serviceError(error));
    };
    this.streamingCalls.add(endCall);
    call.on('data', (request: WireBatchAppendRequest) => {
      const batch = this.collectBatch(request, pending, rejected, write);
      if (!batch) return;
      inFlight += 1;
      void this.commitBatch(batch).then((response) => {
        inFlight -= 1;
        write(response);
        finishIfDone();
      });
    });
    call.on('end', () => {
      clientDone = true;
      finishIfDone();
    });
    call.on('cancelled', () => {
      closed = true;
    });
    call.on('close', () => this.streamingCalls.delete(endCall));
    call.on('error', (error) => this.logger.debug({ err: error }, 'batch append call failed'));
  }

  /** Adds one BatchAppend message to its correlation's batch; returns the batch once it is final. */
  private collectBatch(
    request: WireBatchAppendRequest,
    pending: Map<string, PendingBatch>,
    rejected: Set<string>,
    write: (response: BatchAppendAnswer) => void,
  ): PendingBatch | undefined {
    let key: string | undefined;
    try {
      key = protocol.batchCorrelationKey(request);
      if (rejected.has(key)) {
        // Already answered with an error; the client must get exactly one answer per correlation.
        if (request.isFinal) rejected.delete(key);
        return undefined;
      }
      let batch = pending.get(key);
      if (!batch) {
        const header = protocol.decodeBatchHeader(request);
        validateStreamName(header.stream);
        batch = { request, header, events: [], size: 0 };
        pending.set(key, batch);
      }
      for (const message of request.proposedMessages) {
        const event = protocol.decodeProposedEvent(message);
        batch.size += event.data.byteLength + event.metadata.byteLength;
        batch.events.push(event);
      }
      if (batch.size > this.engine.limits.maxAppendBytes) {
        throw new StoreError({
          kind: 'maximum-append-size-exceeded',
          maxAppendSize: this.engine.limits.maxAppendBytes,
        });
      }
      if (!request.isFinal) return undefined;
      pending.delete(key);
      return batch;
    } catch (error) {
      const batch = key === undefined ? undefined : pending.get(key);
      if (key !== undefined) {
        pending.delete(key);
        if (!request.isFinal) rejected.add(key);
      }
      // Without a correlation id the client could not match an answer; it simply times out.
      if (request.correlationId) {
        write(protocol.batchErrorResponse(request, batch?.header, this.toStoreError(error)));
      } else {
        this.logger.warn('batch append message without correlation id ignored');
      }
      return undefined;
    }
  }

  private async commitBatch(batch: PendingBatch): Promise<BatchAppendAnswer> {
    const { request, header } = batch;
    try {
      if (header.deadline && header.deadline.getTime() < Date.now()) {
        throw new StoreError({ kind: 'timeout', message: 'The append deadline passed.' });
      }
      if (batch.size > this.engine.limits.maxAppendBytes) {
        throw new StoreError({
          kind: 'maximum-append-size-exceeded',
          maxAppendSize: this.engine.limits.maxAppendBytes,
        });
      }
      const result = await this.engine.append(header.stream, header.expected, batch.events);
      return protocol.batchSuccessResponse(request, header, result);
    } catch (error) {
      return protocol.batchErrorResponse(request, header, this.toStoreError(error));
    }
  }

  // ── Delete / Tombstone (unary) ──────────────────────────────────────────────────────────

  delete(call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void {
    this.unary(call, callback, async () => {
      const { stream, expected } = protocol.decodeDeleteOptions(call.request.getOptions());
      return protocol.deleteResponse(await this.engine.softDelete(stream, expected));
    });
  }

  tombstone(
    call: ServerUnaryCall<TombstoneReq, TombstoneResp>,
    callback: sendUnaryData<TombstoneResp>,
  ): void {
    this.unary(call, callback, async () => {
      const { stream, expected } = protocol.decodeDeleteOptions(call.request.getOptions());
      return protocol.tombstoneResponse(await this.engine.tombstone(stream, expected));
    });
  }

  private unary<Request, Response>(
    call: ServerUnaryCall<Request, Response>,
    callback: sendUnaryData<Response>,
    work: () => Promise<Response>,
  ): void {
    Promise.resolve()
      .then(() => this.authorize(call.metadata))
      .then(work)
      .then((response) => callback(null, response))
      .catch((error: unknown) =>
        callback(protocol.serviceError(this.toStoreError(error)) as never),
      );
  }

  // ── Read (server streaming): reads and subscriptions ───────────────────────────────────

  read(call: ReadCall): void {
    let request: protocol.ReadRequest;
    try {
      this.authorize(call.metadata);
      request = protocol.decodeReadRequest(call.request);
      if (request.kind === 'read-stream' || request.kind === 'subscribe-stream') {
        validateStreamName(request.stream);
      }
    } catch (error) {
      call.emit('error', protocol.serviceError(this.toStoreError(error)));
      return;
    }
    if (request.kind === 'subscribe-all' || request.kind === 'subscribe-stream') {
      this.subscribe(call, request);
      return;
    }
    this.readToEnd(call, request).catch((error: unknown) => {
      const storeError = this.toStoreError(error);
      if (call.cancelled) return;
      if (storeError.detail.kind === 'stream-not-found') {
        call.write(protocol.streamNotFoundResponse(storeError.detail.stream));
        call.end();
        return;
      }
      call.emit('error', protocol.serviceError(storeError));
    });
  }

  private async readToEnd(
    call: ReadCall,
    request: Extract<protocol.ReadRequest, { kind: 'read-stream' | 'read-all' }>,
  ): Promise<void> {
    for (const event of this.readEvents(request)) {
      if (call.cancelled) return;
      if (!call.write(encodeEventResponse(event, request.structuredIds))) {
        await drainedOrCancelled(call);
      }
    }
    if (!call.cancelled) call.end();
  }

  private *readEvents(
    request: Extract<protocol.ReadRequest, { kind: 'read-stream' | 'read-all' }>,
  ): Generator<RecordedEvent> {
    if (request.kind === 'read-stream') {
      const pages = this.engine.readStream(
        request.stream,
        request.from,
        request.direction,
        request.maxCount,
      );
      for (const page of pages) yield* page;
      return;
    }
    const { filter } = request;
    // A filtered read counts matching events only, so the unfiltered read is not bounded by it.
    const limit = filter ? BigInt(Number.MAX_SAFE_INTEGER) : request.maxCount;
    let matched = 0n;
    for (const page of this.engine.readAll(request.from, request.direction, limit)) {
      for (const event of page) {
        if (filter && !matches(filter, event)) continue;
        yield event;
        matched += 1n;
        if (matched >= request.maxCount) return;
      }
    }
  }

  private subscribe(
    call: ReadCall,
    request: Extract<protocol.ReadRequest, { kind: 'subscribe-all' | 'subscribe-stream' }>,
  ): void {
    const { structuredIds } = request;
    let ended = false;
    let pendingBytes = 0;
    const taken = (bytes: number) => () => {
      pendingBytes -= bytes;
    };
    const sink: SubscriptionSink = {
      // Pre-encoded bytes: the Read serializer passes them through (grpc-server.ts).
      event: (event) => {
        if (ended) return true;
        const encoded = encodeEventResponse(event, structuredIds);
        pendingBytes += encoded.length;
        return call.write(encoded, taken(encoded.length));
      },
      backlog: () => ({ messages: call.writableLength, bytes: pendingBytes }),
      caughtUp: () => !ended && call.write(protocol.caughtUpResponse()),
      fellBehind: () => !ended && call.write(protocol.fellBehindResponse()),
      checkpoint: (position) => !ended && call.write(protocol.checkpointResponse(position)),
      fail: (error) => end(error),
      onDrain: (resume) => call.once('drain', resume),
    };
    const target =
      request.kind === 'subscribe-all'
        ? { kind: 'all' as const, from: request.from, filter: request.filter }
        : { kind: 'stream' as const, stream: request.stream, from: request.from };
    const subscription = new Subscription(this.engine, target, sink, this.logger);
    const end = (error: StoreError) => {
      if (ended) return;
      ended = true;
      subscription.stop();
      this.streamingCalls.delete(end);
      if (!call.cancelled) call.emit('error', protocol.serviceError(error));
    };
    this.streamingCalls.add(end);
    call.on('cancelled', () => {
      ended = true;
      subscription.stop();
      this.streamingCalls.delete(end);
    });
    call.write(protocol.confirmationResponse(randomUUID()));
    subscription.start();
  }

  private toStoreError(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    this.logger.error({ err: error }, 'unexpected error in a Streams call');
    return new StoreError({ kind: 'internal', message: 'Internal error.' });
  }
}

/** Resolves when the call can take more writes or was cancelled; leaves no listener behind. */
function drainedOrCancelled(call: ReadCall): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
}

/** Read answers: generated messages, or events already encoded by event-encoding.ts. */
type ReadCall = ServerWritableStream<ReadReq, ReadResp | Buffer>;

/** BatchAppend answers: generated error messages, or successes encoded by batch-append-codec.ts. */
type BatchAppendAnswer = BatchAppendResp | Buffer;

interface PendingBatch {
  readonly request: WireBatchAppendRequest;
  readonly header: protocol.BatchHeader;
  readonly events: ProposedEvent[];
  size: number;
}

export { status };
