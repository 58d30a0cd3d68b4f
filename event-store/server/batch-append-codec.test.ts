// The BatchAppend codec against the generated google-protobuf code it replaces: random requests
// built and serialized with the generated classes decode to the same values both ways, also when
// two encodings are concatenated (later singular fields win, repeated ones add up) and when unknown
// fields are mixed in; malformed bytes throw instead of hanging or crashing. Success answers are
// the generated serializer's bytes, byte for byte.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb.js';
import {
  decodeBatchAppendRequest,
  encodeBatchAppendSuccess,
  type BatchAppendSuccess,
  type WireBatchAppendRequest,
} from './batch-append-codec';
import { emptyPb, sharedPb, streamsPb } from './proto';

type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type UuidMessage = InstanceType<typeof sharedPb.UUID>;

const seed = Number(process.env.FC_SEED ?? 20261121);
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const bytes = fc.uint8Array({ maxLength: 40 });

const uuid = fc.oneof(
  fc.string({ maxLength: 40 }).map((text) => ({ string: text })),
  fc.tuple(int64, int64).map(([most, least]) => ({ structured: { most, least } })),
  fc.constant({}),
);

const options = fc.record(
  {
    streamName: bytes,
    expected: fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((revision) => ({
        kind: 'stream_position' as const,
        revision: String(revision),
      })),
      fc.constantFrom(
        { kind: 'no_stream' as const },
        { kind: 'any' as const },
        { kind: 'stream_exists' as const },
      ),
    ),
    deadline: fc.record({
      seconds: fc.integer({ min: 0, max: 2 ** 40 }),
      nanos: fc.integer({ min: 0, max: 999_999_999 }),
    }),
  },
  { requiredKeys: [] },
);

const proposedMessage = fc.record(
  {
    id: uuid,
    metadata: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })), {
      maxLength: 4,
    }),
    customMetadata: bytes,
    data: bytes,
  },
  { requiredKeys: [] },
);

const request = fc.record(
  {
    correlationId: uuid,
    options,
    proposedMessages: fc.array(proposedMessage, { maxLength: 3 }),
    isFinal: fc.boolean(),
  },
  { requiredKeys: [] },
);

type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

function uuidMessage(value: { string?: string; structured?: { most: string; least: string } }) {
  const message = new sharedPb.UUID();
  if (value.string !== undefined) message.setString(value.string);
  if (value.structured) {
    const parts = new sharedPb.UUID.Structured();
    parts.setMostSignificantBits(value.structured.most);
    parts.setLeastSignificantBits(value.structured.least);
    message.setStructured(parts);
  }
  return message;
}

/** Builds the request with the generated classes, as @eventstore/db-client does. */
function generatedRequest(value: Generated): BatchAppendReq {
  const message = new streamsPb.BatchAppendReq();
  if (value.correlationId) message.setCorrelationId(uuidMessage(value.correlationId));
  if (value.options) {
    const opts = new streamsPb.BatchAppendReq.Options();
    const { streamName, expected, deadline } = value.options;
    if (streamName) {
      const identifier = new sharedPb.StreamIdentifier();
      identifier.setStreamName(streamName);
      opts.setStreamIdentifier(identifier);
    }
    if (expected?.kind === 'stream_position') opts.setStreamPosition(expected.revision);
    if (expected?.kind === 'no_stream') opts.setNoStream(new emptyPb.Empty());
    if (expected?.kind === 'any') opts.setAny(new emptyPb.Empty());
    if (expected?.kind === 'stream_exists') opts.setStreamExists(new emptyPb.Empty());
    if (deadline) {
      const timestamp = new Timestamp();
      timestamp.setSeconds(deadline.seconds);
      timestamp.setNanos(deadline.nanos);
      opts.setDeadline(timestamp);
    }
    message.setOptions(opts);
  }
  for (const proposed of value.proposedMessages ?? []) {
    const event = new streamsPb.BatchAppendReq.ProposedMessage();
    if (proposed.id) event.setId(uuidMessage(proposed.id));
    for (const [key, text] of proposed.metadata ?? []) event.getMetadataMap().set(key, text);
    if (proposed.customMetadata) event.setCustomMetadata(proposed.customMetadata);
    if (proposed.data) event.setData(proposed.data);
    message.addProposedMessages(event);
  }
  if (value.isFinal !== undefined) message.setIsFinal(value.isFinal);
  return message;
}

function plainUuid(message: UuidMessage | undefined) {
  if (!message) return undefined;
  if (message.hasString()) return { string: message.getString() };
  const structured = message.getStructured();
  if (!structured) return {};
  return {
    structured: {
      most: structured.getMostSignificantBits(),
      least: structured.getLeastSignificantBits(),
    },
  };
}

/** What the generated deserializer makes of the bytes, in the reader's plain shape. */
function viaGenerated(encoded: Uint8Array): WireBatchAppendRequest {
  const message = streamsPb.BatchAppendReq.deserializeBinary(encoded);
  const opts = message.getOptions();
  return {
    correlationId: plainUuid(message.getCorrelationId()),
    options: opts && {
      streamName: opts.getStreamIdentifier()?.getStreamName_asU8(),
      expected: opts.hasStreamPosition()
        ? { kind: 'stream_position', revision: opts.getStreamPosition() }
        : opts.hasNoStream()
          ? { kind: 'no_stream' }
          : opts.hasAny()
            ? { kind: 'any' }
            : opts.hasStreamExists()
              ? { kind: 'stream_exists' }
              : undefined,
      deadline: opts.getDeadline()?.toDate(),
    },
    proposedMessages: message.getProposedMessagesList().map((event) => ({
      id: plainUuid(event.getId()),
      metadata: new Map(event.getMetadataMap().getEntryList() as [string, string][]),
      customMetadata: event.getCustomMetadata_asU8(),
      data: event.getData_asU8(),
    })),
    isFinal: message.getIsFinal(),
  };
}

/** Byte fields compared by content (the reader returns Buffer views, the generated code copies). */
function comparable(decoded: WireBatchAppendRequest) {
  const plainBytes = (value: Uint8Array | undefined) => value && Array.from(value);
  return {
    ...decoded,
    options: decoded.options && {
      ...decoded.options,
      streamName: plainBytes(decoded.options.streamName),
    },
    proposedMessages: decoded.proposedMessages.map((event) => ({
      ...event,
      customMetadata: plainBytes(event.customMetadata),
      data: plainBytes(event.data),
    })),
  };
}

const encode = (value: Generated) => Buffer.from(generatedRequest(value).serializeBinary());

/** An unknown field of every wire type the reader has to skip (fields 15–18 are not in the protos). */
const unknownFields = Buffer.from([
  0x78, 0x96, 0x01, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x01, 2, 0xff, 0xfe, 0x95, 0x01, 1, 2,
  3, 4,
]);

describe('decodeBatchAppendRequest', () => {
  it('decodes what the generated code decodes (seeded property)', () => {
    fc.assert(
      fc.property(request, (value) => {
        const encoded = encode(value);
        expect(comparable(decodeBatchAppendRequest(encoded))).toEqual(
          comparable(viaGenerated(encoded)),
        );
      }),
      { seed, numRuns: 300 },
    );
  });

  it('treats concatenated encodings like the generated code (later singular fields win)', () => {
    fc.assert(
      fc.property(request, request, (first, second) => {
        const encoded = Buffer.concat([encode(first), encode(second)]);
        expect(comparable(decodeBatchAppendRequest(encoded))).toEqual(
          comparable(viaGenerated(encoded)),
        );
      }),
      { seed, numRuns: 200 },
    );
  });

  it('skips unknown fields', () => {
    fc.assert(
      fc.property(request, (value) => {
        const encoded = Buffer.concat([unknownFields, encode(value), unknownFields]);
        expect(comparable(decodeBatchAppendRequest(encoded))).toEqual(
          comparable(viaGenerated(encode(value))),
        );
      }),
      { seed, numRuns: 100 },
    );
  });

  it('decodes what @eventstore/db-client sends for an append', () => {
    const id = '3f0e1a52-7d3c-4c38-9a53-1f6f0b7c1e11';
    const encoded = encode({
      correlationId: { string: id },
      options: { streamName: Buffer.from('vorlage-1'), expected: { kind: 'any' } },
      proposedMessages: [
        {
          id: { string: id },
          metadata: [
            ['type', 'TextUpdated'],
            ['content-type', 'application/octet-stream'],
          ],
          data: Buffer.from([1, 2, 3]),
        },
      ],
      isFinal: true,
    });
    const decoded = decodeBatchAppendRequest(encoded);
    expect(decoded.correlationId).toEqual({ string: id });
    expect(Buffer.from(decoded.options!.streamName!).toString()).toBe('vorlage-1');
    expect(decoded.options!.expected).toEqual({ kind: 'any' });
    expect(decoded.proposedMessages[0]!.metadata.get('type')).toBe('TextUpdated');
    expect(Array.from(decoded.proposedMessages[0]!.data)).toEqual([1, 2, 3]);
    expect(decoded.isFinal).toBe(true);
  });

  it('fails on a truncated request, unless it ends at a field boundary and decodes as generated', () => {
    fc.assert(
      fc.property(
        request.filter((value) => encode(value).length > 1),
        fc.nat(),
        (value, cut) => {
          const encoded = encode(value);
          expectErrorOrAgreement(encoded.subarray(0, cut % encoded.length));
        },
      ),
      { seed, numRuns: 300 },
    );
    // A nested message whose length runs past the end of the request:
    expect(() => decodeBatchAppendRequest(Buffer.from([0x12, 0x05, 0x0a, 0x00]))).toThrow();
  });

  // Malformed bytes need not fail the way google-protobuf fails (it stops quietly at an end-group
  // tag, asserts where the reader skips a field of the wrong wire type as unknown); they must fail
  // with an Error or, where the generated code decodes them, decode to the same.
  it('fails on arbitrary bytes with an Error, or agrees with the generated code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) =>
        expectErrorOrAgreement(Buffer.from(garbage)),
      ),
      { seed, numRuns: 2000 },
    );
  });
});

function expectErrorOrAgreement(encoded: Buffer): void {
  let decoded: WireBatchAppendRequest;
  try {
    decoded = decodeBatchAppendRequest(encoded);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return;
  }
  let generated: WireBatchAppendRequest;
  try {
    generated = viaGenerated(encoded);
  } catch {
    return; // google-protobuf asserts wire types; the reader skips a mismatched field as unknown
  }
  expect(comparable(decoded)).toEqual(comparable(generated));
}

const uint63 = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n });
const successAnswer: fc.Arbitrary<BatchAppendSuccess> = fc.record({
  correlationId: fc.option(uuid, { nil: undefined }),
  stream: fc.string({ maxLength: 30, unit: 'grapheme' }),
  result: fc.record({
    currentRevision: fc.option(uint63, { nil: undefined }),
    position: fc.option(uint63, { nil: undefined }),
  }),
});

/** The success answer built with the generated classes, as protocol.ts built it before. */
function generatedSuccess(answer: BatchAppendSuccess): Uint8Array {
  const success = new streamsPb.BatchAppendResp.Success();
  const { result } = answer;
  if (result.currentRevision === undefined) success.setNoStream(new emptyPb.Empty());
  else success.setCurrentRevision(result.currentRevision.toString());
  if (result.position === undefined) success.setNoPosition(new emptyPb.Empty());
  else {
    const position = new sharedPb.AllStreamPosition();
    position.setCommitPosition(result.position.toString());
    position.setPreparePosition(result.position.toString());
    success.setPosition(position);
  }
  const response = new streamsPb.BatchAppendResp();
  if (answer.correlationId) response.setCorrelationId(uuidMessage(answer.correlationId));
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(answer.stream, 'utf8'));
  response.setStreamIdentifier(identifier);
  response.setSuccess(success);
  return response.serializeBinary();
}

describe('encodeBatchAppendSuccess', () => {
  it("writes the generated serializer's bytes (seeded property)", () => {
    fc.assert(
      fc.property(successAnswer, (answer) => {
        expect(Array.from(encodeBatchAppendSuccess(answer))).toEqual(
          Array.from(generatedSuccess(answer)),
        );
      }),
      { seed, numRuns: 500 },
    );
  });

  it('writes what the client reads back as the append result', () => {
    const encoded = encodeBatchAppendSuccess({
      correlationId: { string: '3f0e1a52-7d3c-4c38-9a53-1f6f0b7c1e11' },
      stream: 'vorlage-1',
      result: { currentRevision: 41n, position: 9_007_199_254_740_993n },
    });
    const response = streamsPb.BatchAppendResp.deserializeBinary(encoded);
    expect(response.getCorrelationId()!.getString()).toBe('3f0e1a52-7d3c-4c38-9a53-1f6f0b7c1e11');
    expect(response.getSuccess()!.getCurrentRevision()).toBe('41');
    expect(response.getSuccess()!.getPosition()!.getCommitPosition()).toBe('9007199254740993');
  });
});
