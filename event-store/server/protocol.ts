// Mapping between EventStoreDB's protobuf messages and the engine's plain types, in both
// directions, plus the error shapes @eventstore/db-client decodes (status code + `exception`
// metadata for calls, google.rpc.Status with typed details for BatchAppend).
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { StoreError, formatExpected, invalidArgument, type StoreErrorDetail } from './errors';
import { anyPb, emptyPb, sharedPb, statusPb, streamsPb, type UUIDMessage } from './proto';
import type { AppendReq, BatchAppendResp, ReadReq, ReadResp } from './proto';
import {
  encodeBatchAppendSuccess,
  type WireBatchAppendRequest,
  type WireExpected,
  type WireProposedMessage,
  type WireUuid,
} from './batch-append-codec';
import type {
  AppendSuccess,
  Direction,
  EventFilter,
  ExpectedRevision,
  ProposedEvent,
  RecordedEvent,
} from './types';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_CONTENT_TYPE = 'application/json';
const BINARY_CONTENT_TYPE = 'application/octet-stream';
/** EventStoreDB's default filter search window when the client sends `count` instead of `max`. */
const DEFAULT_FILTER_WINDOW = 32;

// ── shared pieces ───────────────────────────────────────────────────────────────────────────

interface StreamIdentifierLike {
  getStreamName_asU8(): Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeStreamName(identifier: StreamIdentifierLike | undefined): string {
  return decodeStreamNameBytes(identifier?.getStreamName_asU8());
}

function decodeStreamNameBytes(name: Uint8Array | undefined): string {
  if (!name) throw invalidArgument('The stream identifier is missing.');
  try {
    return utf8.decode(name);
  } catch {
    throw invalidArgument('The stream name is not valid UTF-8.');
  }
}

export function streamIdentifier(stream: string) {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  return identifier;
}

export function decodeUuid(uuid: WireUuid | undefined): string {
  if (!uuid) throw invalidArgument('An event id is missing.');
  if (uuid.string !== undefined) {
    const text = uuid.string;
    if (!UUID_PATTERN.test(text)) throw invalidArgument(`'${text}' is not a valid UUID.`);
    return text.toLowerCase();
  }
  if (uuid.structured) {
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(uuid.structured.most), 0);
    bytes.writeBigInt64BE(BigInt(uuid.structured.least), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw invalidArgument('An event id is empty.');
}

/** A generated UUID message in the plain form the BatchAppend reader produces. */
function wireUuidOf(uuid: UUIDMessage | undefined): WireUuid | undefined {
  if (!uuid) return undefined;
  if (uuid.hasString()) return { string: uuid.getString() };
  const structured = uuid.getStructured();
  if (!structured) return {};
  return {
    structured: {
      most: structured.getMostSignificantBits(),
      least: structured.getLeastSignificantBits(),
    },
  };
}

/** The plain UUID back as a generated message (BatchAppend answers echo the correlation id). */
function uuidMessageOf(uuid: WireUuid): UUIDMessage {
  const message = new sharedPb.UUID();
  if (uuid.string !== undefined) message.setString(uuid.string);
  else if (uuid.structured) {
    const parts = new sharedPb.UUID.Structured();
    parts.setMostSignificantBits(uuid.structured.most);
    parts.setLeastSignificantBits(uuid.structured.least);
    message.setStructured(parts);
  }
  return message;
}

function encodeUuid(id: string, structured: boolean): UUIDMessage {
  const uuid = new sharedPb.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const parts = new sharedPb.UUID.Structured();
  parts.setMostSignificantBits(bytes.readBigInt64BE(0).toString());
  parts.setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  uuid.setStructured(parts);
  return uuid;
}

/** uint64 fields arrive as decimal strings (the client's protos use jstype = JS_STRING). */
function parseUint64(text: string, field: string): bigint {
  if (!/^\d+$/.test(text)) throw invalidArgument(`${field} must be an unsigned integer.`);
  return BigInt(text);
}

interface ExpectedRevisionOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

function decodeExpected(
  options: ExpectedRevisionOptions,
  exactRevision: () => string | undefined,
): ExpectedRevision {
  if (options.hasAny()) return { kind: 'any' };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  const exact = exactRevision();
  if (exact === undefined) throw invalidArgument('The expected revision is missing.');
  return { kind: 'exact', revision: parseUint64(exact, 'The expected revision') };
}

// ── appends ─────────────────────────────────────────────────────────────────────────────────

export interface AppendHeader {
  readonly stream: string;
  readonly expected: ExpectedRevision;
}

export function decodeAppendHeader(request: AppendReq): AppendHeader {
  const options = request.getOptions();
  if (!options) throw invalidArgument('The first Append message must carry the options.');
  return {
    stream: decodeStreamName(options.getStreamIdentifier()),
    expected: decodeExpected(options, () =>
      options.hasRevision() ? options.getRevision() : undefined,
    ),
  };
}

interface ProposedMessageLike {
  getId(): UUIDMessage | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** A generated ProposedMessage (unary Append) in the plain form the BatchAppend reader produces. */
export function wireProposedMessageOf(
  message: ProposedMessageLike | undefined,
): ProposedMessageFields | undefined {
  return (
    message && {
      id: wireUuidOf(message.getId()),
      metadata: message.getMetadataMap(),
      data: message.getData_asU8(),
      customMetadata: message.getCustomMetadata_asU8(),
    }
  );
}

type ProposedMessageFields = Omit<WireProposedMessage, 'metadata'> & {
  readonly metadata: { get(key: string): string | undefined };
};

export function decodeProposedEvent(message: ProposedMessageFields | undefined): ProposedEvent {
  if (!message) throw invalidArgument('An Append message carries neither options nor an event.');
  const { metadata } = message;
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  const missing = [type === undefined && 'type', contentType === undefined && 'content-type'];
  const properties = missing.filter((name): name is string => typeof name === 'string');
  if (properties.length > 0) {
    throw new StoreError({ kind: 'missing-required-metadata', properties });
  }
  if (!type) throw invalidArgument('The event type must not be empty.');
  return {
    id: decodeUuid(message.id),
    type,
    isJson: contentType === JSON_CONTENT_TYPE,
    data: message.data,
    metadata: message.customMetadata,
  };
}

export function appendSuccessResponse(result: AppendSuccess) {
  const success = new streamsPb.AppendResp.Success();
  if (result.currentRevision === undefined) success.setNoStream(new sharedPb.Empty());
  else success.setCurrentRevision(result.currentRevision.toString());
  if (result.position === undefined) {
    success.setNoPosition(new sharedPb.Empty());
  } else {
    const position = new streamsPb.AppendResp.Position();
    position.setCommitPosition(result.position.toString());
    position.setPreparePosition(result.position.toString());
    success.setPosition(position);
  }
  const response = new streamsPb.AppendResp();
  response.setSuccess(success);
  return response;
}

/** The unary Append answers a wrong expected version in its response, not as a call error. */
export function appendWrongVersionResponse(
  detail: Extract<StoreErrorDetail, { kind: 'wrong-expected-version' }>,
) {
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (detail.actual === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(detail.actual.toString());
  const { expected } = detail;
  if (expected.kind === 'exact') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'any') wrong.setExpectedAny(new sharedPb.Empty());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
  else wrong.setExpectedStreamExists(new sharedPb.Empty());
  const response = new streamsPb.AppendResp();
  response.setWrongExpectedVersion(wrong);
  return response;
}

export interface BatchHeader extends AppendHeader {
  readonly deadline: Date | undefined;
}

export function decodeBatchHeader(request: WireBatchAppendRequest): BatchHeader {
  const { options } = request;
  if (!options) throw invalidArgument('The first BatchAppend message must carry the options.');
  return {
    stream: decodeStreamNameBytes(options.streamName),
    expected: decodeWireExpected(options.expected),
    deadline: options.deadline,
  };
}

/** The same rules as decodeExpected, for the plain oneof the BatchAppend reader produces. */
function decodeWireExpected(expected: WireExpected | undefined): ExpectedRevision {
  if (!expected) throw invalidArgument('The expected revision is missing.');
  if (expected.kind !== 'stream_position') return { kind: expected.kind };
  return { kind: 'exact', revision: parseUint64(expected.revision, 'The expected revision') };
}

export function batchCorrelationKey(request: WireBatchAppendRequest): string {
  return decodeUuid(request.correlationId);
}

/** The success answer, already encoded (batch-append-codec.ts; grpc-server.ts passes it through). */
export function batchSuccessResponse(
  request: WireBatchAppendRequest,
  header: BatchHeader,
  result: AppendSuccess,
): Buffer {
  return encodeBatchAppendSuccess({
    correlationId: request.correlationId,
    stream: header.stream,
    result,
  });
}

export function batchErrorResponse(
  request: WireBatchAppendRequest,
  header: BatchHeader | undefined,
  error: StoreError,
): BatchAppendResp {
  const response = batchResponse(request, header);
  response.setError(rpcStatus(error));
  return response;
}

function batchResponse(
  request: WireBatchAppendRequest,
  header: BatchHeader | undefined,
): BatchAppendResp {
  const response = new streamsPb.BatchAppendResp();
  const { correlationId } = request;
  if (correlationId) response.setCorrelationId(uuidMessageOf(correlationId));
  // The client reads the stream name from every error answer, so it is always set. EventStoreDB
  // leaves the expected position of its answers unset; so do we.
  response.setStreamIdentifier(streamIdentifier(header?.stream ?? ''));
  return response;
}

/** google.rpc.Status with the typed detail the client unpacks (it requires one to be present). */
function rpcStatus(error: StoreError) {
  const result = new statusPb.Status();
  result.setMessage(error.message);
  const { detail } = error;
  const [code, typeName, payload] = rpcStatusDetail(detail);
  result.setCode(code);
  const any = new anyPb.Any();
  any.pack(payload, typeName);
  result.setDetails(any);
  return result;
}

function rpcStatusDetail(detail: StoreErrorDetail): [number, string, Uint8Array] {
  switch (detail.kind) {
    case 'wrong-expected-version':
      return [
        status.FAILED_PRECONDITION,
        'event_store.client.WrongExpectedVersion',
        wrongExpectedVersionDetail(detail).serializeBinary(),
      ];
    case 'stream-deleted': {
      const deleted = new sharedPb.StreamDeleted();
      deleted.setStreamIdentifier(streamIdentifier(detail.stream));
      return [
        status.FAILED_PRECONDITION,
        'event_store.client.StreamDeleted',
        deleted.serializeBinary(),
      ];
    }
    case 'maximum-append-size-exceeded': {
      const exceeded = new sharedPb.MaximumAppendSizeExceeded();
      exceeded.setMaxappendsize(detail.maxAppendSize);
      return [
        status.INVALID_ARGUMENT,
        'event_store.client.MaximumAppendSizeExceeded',
        exceeded.serializeBinary(),
      ];
    }
    case 'access-denied':
    case 'unauthenticated':
      return [
        status.PERMISSION_DENIED,
        'event_store.client.AccessDenied',
        new sharedPb.AccessDenied().serializeBinary(),
      ];
    case 'timeout':
      return [
        status.DEADLINE_EXCEEDED,
        'event_store.client.Timeout',
        new sharedPb.Timeout().serializeBinary(),
      ];
    default: {
      // The client turns unknown detail types into "Could not recognize <message>", which keeps
      // our explanation visible.
      const bad = new sharedPb.BadRequest();
      bad.setMessage(new StoreError(detail).message);
      return [grpcStatusOf(detail), 'event_store.client.BadRequest', bad.serializeBinary()];
    }
  }
}

function wrongExpectedVersionDetail(
  detail: Extract<StoreErrorDetail, { kind: 'wrong-expected-version' }>,
) {
  const wrong = new sharedPb.WrongExpectedVersion();
  if (detail.actual === undefined) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(detail.actual.toString());
  const { expected } = detail;
  if (expected.kind === 'exact') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'any') wrong.setExpectedAny(new emptyPb.Empty());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else wrong.setExpectedStreamExists(new emptyPb.Empty());
  return wrong;
}

// ── delete / tombstone ──────────────────────────────────────────────────────────────────────

interface DeleteOptionsLike extends ExpectedRevisionOptions {
  getStreamIdentifier(): StreamIdentifierLike | undefined;
  hasRevision(): boolean;
  getRevision(): string;
}

export function decodeDeleteOptions(options: DeleteOptionsLike | undefined): AppendHeader {
  if (!options) throw invalidArgument('The delete options are missing.');
  return {
    stream: decodeStreamName(options.getStreamIdentifier()),
    expected: decodeExpected(options, () =>
      options.hasRevision() ? options.getRevision() : undefined,
    ),
  };
}

export function deleteResponse(position: bigint) {
  const result = new streamsPb.DeleteResp.Position();
  result.setCommitPosition(position.toString());
  result.setPreparePosition(position.toString());
  const response = new streamsPb.DeleteResp();
  response.setPosition(result);
  return response;
}

export function tombstoneResponse(position: bigint) {
  const result = new streamsPb.TombstoneResp.Position();
  result.setCommitPosition(position.toString());
  result.setPreparePosition(position.toString());
  const response = new streamsPb.TombstoneResp();
  response.setPosition(result);
  return response;
}

// ── reads and subscriptions ─────────────────────────────────────────────────────────────────

export type ReadRequest =
  | {
      readonly kind: 'read-stream';
      readonly stream: string;
      readonly from: 'start' | 'end' | bigint;
      readonly direction: Direction;
      readonly maxCount: bigint;
      readonly structuredIds: boolean;
    }
  | {
      readonly kind: 'read-all';
      readonly from: 'start' | 'end' | bigint;
      readonly direction: Direction;
      readonly maxCount: bigint;
      readonly filter: EventFilter | undefined;
      readonly structuredIds: boolean;
    }
  | {
      readonly kind: 'subscribe-stream';
      readonly stream: string;
      readonly from: 'start' | 'end' | bigint;
      readonly structuredIds: boolean;
    }
  | {
      readonly kind: 'subscribe-all';
      readonly from: 'start' | 'end' | bigint;
      readonly filter: EventFilter | undefined;
      readonly structuredIds: boolean;
    };

type ReadOptions = NonNullable<ReturnType<ReadReq['getOptions']>>;

export function decodeReadRequest(request: ReadReq): ReadRequest {
  const options = request.getOptions();
  if (!options) throw invalidArgument('The read options are missing.');
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const subscription = options.hasSubscription();
  if (!subscription && !options.hasCount()) throw invalidArgument('The read count is missing.');
  if (options.hasStream()) {
    const streamOptions = options.getStream() as NonNullable<ReturnType<ReadOptions['getStream']>>;
    const stream = decodeStreamName(streamOptions.getStreamIdentifier());
    const from = decodeRevisionStart(streamOptions);
    if (options.hasFilter()) throw invalidArgument('Filters apply to $all only.');
    if (subscription) return { kind: 'subscribe-stream', stream, from, structuredIds };
    return {
      kind: 'read-stream',
      stream,
      from,
      direction: decodeDirection(options),
      maxCount: parseUint64(options.getCount(), 'The read count'),
      structuredIds,
    };
  }
  if (!options.hasAll()) throw invalidArgument('A read names neither a stream nor $all.');
  const from = decodePositionStart(
    options.getAll() as NonNullable<ReturnType<ReadOptions['getAll']>>,
  );
  const filter = options.hasFilter() ? decodeFilter(options) : undefined;
  if (subscription) return { kind: 'subscribe-all', from, filter, structuredIds };
  return {
    kind: 'read-all',
    from,
    direction: decodeDirection(options),
    maxCount: parseUint64(options.getCount(), 'The read count'),
    filter,
    structuredIds,
  };
}

function decodeDirection(options: ReadOptions): Direction {
  const direction = options.getReadDirection();
  if (direction === 0) return 'forwards';
  if (direction === 1) return 'backwards';
  throw invalidArgument(`Unknown read direction ${String(direction)}.`);
}

function decodeRevisionStart(options: {
  hasStart(): boolean;
  hasEnd(): boolean;
  hasRevision(): boolean;
  getRevision(): string;
}): 'start' | 'end' | bigint {
  if (options.hasStart()) return 'start';
  if (options.hasEnd()) return 'end';
  if (options.hasRevision()) return parseUint64(options.getRevision(), 'The revision');
  throw invalidArgument('The read names no start revision.');
}

function decodePositionStart(options: {
  hasStart(): boolean;
  hasEnd(): boolean;
  hasPosition(): boolean;
  getPosition(): { getCommitPosition(): string; getPreparePosition(): string } | undefined;
}): 'start' | 'end' | bigint {
  if (options.hasStart()) return 'start';
  if (options.hasEnd()) return 'end';
  const position = options.getPosition();
  if (!position) throw invalidArgument('The read names no start position.');
  const commit = parseUint64(position.getCommitPosition(), 'The commit position');
  const prepare = parseUint64(position.getPreparePosition(), 'The prepare position');
  if (prepare > commit) throw invalidArgument('The prepare position exceeds the commit position.');
  return commit;
}

function decodeFilter(options: ReadOptions): EventFilter {
  const filter = options.getFilter() as NonNullable<ReturnType<ReadOptions['getFilter']>>;
  const on = filter.hasStreamIdentifier()
    ? 'stream'
    : filter.hasEventType()
      ? 'event-type'
      : undefined;
  if (!on) throw invalidArgument('The filter names neither stream names nor event types.');
  const expression = (on === 'stream' ? filter.getStreamIdentifier() : filter.getEventType()) as
    { getRegex(): string; getPrefixList(): string[] } | undefined;
  const regexText = expression?.getRegex() ?? '';
  const prefixes = expression?.getPrefixList() ?? [];
  if (!regexText && prefixes.length === 0) {
    throw invalidArgument('The filter has neither a regular expression nor prefixes.');
  }
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_FILTER_WINDOW;
  const multiplier = filter.getCheckpointintervalmultiplier();
  if (window <= 0 || multiplier <= 0) {
    throw invalidArgument('The filter window and checkpoint interval must be positive.');
  }
  return {
    on,
    prefixes,
    regex: regexText ? compileRegex(regexText) : undefined,
    checkpointInterval: window * multiplier,
  };
}

function compileRegex(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch {
    throw invalidArgument(`'${text}' is not a valid regular expression.`);
  }
}

export function eventResponse(event: RecordedEvent, structuredIds: boolean): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(encodeUuid(event.id, structuredIds));
  recorded.setStreamIdentifier(streamIdentifier(event.stream));
  recorded.setStreamRevision(event.revision.toString());
  recorded.setCommitPosition(event.position.toString());
  recorded.setPreparePosition(event.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.isJson ? JSON_CONTENT_TYPE : BINARY_CONTENT_TYPE);
  metadata.set('created', event.created.toString());
  recorded.setData(event.data);
  recorded.setCustomMetadata(event.metadata);
  const readEvent = new streamsPb.ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(event.position.toString());
  const response = new streamsPb.ReadResp();
  response.setEvent(readEvent);
  return response;
}

export function streamNotFoundResponse(stream: string): ReadResp {
  const notFound = new streamsPb.ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(streamIdentifier(stream));
  const response = new streamsPb.ReadResp();
  response.setStreamNotFound(notFound);
  return response;
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  const response = new streamsPb.ReadResp();
  response.setConfirmation(confirmation);
  return response;
}

export function caughtUpResponse(): ReadResp {
  const response = new streamsPb.ReadResp();
  response.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
  return response;
}

export function fellBehindResponse(): ReadResp {
  const response = new streamsPb.ReadResp();
  response.setFellBehind(new streamsPb.ReadResp.FellBehind());
  return response;
}

export function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const response = new streamsPb.ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

// ── call errors ─────────────────────────────────────────────────────────────────────────────

/** A call error as EventStoreDB sends it: the client switches on the `exception` metadata. */
export function serviceError(error: StoreError): Partial<ServiceError> {
  const { detail } = error;
  const metadata = new Metadata();
  const exception = exceptionMetadata(detail);
  for (const [key, value] of Object.entries(exception)) metadata.set(key, value);
  return { code: grpcStatusOf(detail), details: error.message, metadata };
}

function exceptionMetadata(detail: StoreErrorDetail): Record<string, string> {
  switch (detail.kind) {
    case 'wrong-expected-version':
      return {
        exception: 'wrong-expected-version',
        'stream-name': detail.stream,
        'expected-version': expectedVersionNumber(detail.expected),
        'actual-version': detail.actual?.toString() ?? '',
      };
    case 'stream-deleted':
      return { exception: 'stream-deleted', 'stream-name': detail.stream };
    case 'stream-not-found':
      return { exception: 'stream-not-found', 'stream-name': detail.stream };
    case 'maximum-append-size-exceeded':
      return {
        exception: 'maximum-append-size-exceeded',
        'maximum-append-size': String(detail.maxAppendSize),
      };
    case 'missing-required-metadata':
      return {
        exception: 'missing-required-metadata-property',
        'required-metadata-properties': 'type,content-type',
      };
    case 'access-denied':
      return { exception: 'access-denied' };
    default:
      return {};
  }
}

/** EventStoreDB's legacy numbers: -1 no stream, -2 any, -4 stream exists. */
function expectedVersionNumber(expected: ExpectedRevision): string {
  if (expected.kind === 'exact') return expected.revision.toString();
  if (expected.kind === 'no_stream') return '-1';
  if (expected.kind === 'any') return '-2';
  return '-4';
}

function grpcStatusOf(detail: StoreErrorDetail): status {
  switch (detail.kind) {
    case 'wrong-expected-version':
    case 'stream-deleted':
      return status.FAILED_PRECONDITION;
    case 'stream-not-found':
      return status.NOT_FOUND;
    case 'invalid-argument':
    case 'maximum-append-size-exceeded':
    case 'missing-required-metadata':
      return status.INVALID_ARGUMENT;
    case 'access-denied':
      return status.PERMISSION_DENIED;
    case 'unauthenticated':
      return status.UNAUTHENTICATED;
    case 'timeout':
      return status.DEADLINE_EXCEEDED;
    case 'unavailable':
      return status.UNAVAILABLE;
    case 'internal':
      return status.INTERNAL;
  }
}

export { formatExpected };
