// The hand-written ReadResp encoding must produce exactly the generated google-protobuf bytes.
import { describe, expect, it } from 'vitest';
import { encodeEventResponse } from './event-encoding';
import { eventResponse } from './protocol';
import { TOMBSTONE_REVISION, type RecordedEvent } from './types';

const base: RecordedEvent = {
  position: 1n,
  stream: 'vorlage-42',
  revision: 0n,
  id: '3f1c1e9a-3c1b-4f7e-9a52-0c2f4d6e8b10',
  type: 'VorlageAngelegt',
  isJson: true,
  created: 17_637_123_456_789_012n,
  data: new TextEncoder().encode('{"titel":"Haushalt"}'),
  metadata: new Uint8Array(0),
};

const variants: [string, Partial<RecordedEvent>][] = [
  ['a first event (revision 0 is omitted on the wire)', {}],
  ['revision and position across varint widths', { revision: 127n, position: 128n }],
  ['large positions', { revision: 300n, position: 2n ** 40n + 5n }],
  [
    'a tombstone revision (long.MaxValue)',
    { revision: TOMBSTONE_REVISION, type: '$streamDeleted' },
  ],
  [
    'binary data and metadata',
    { isJson: false, data: new Uint8Array([0, 1, 255]), metadata: new Uint8Array([7]) },
  ],
  ['empty data', { data: new Uint8Array(0) }],
  ['data longer than a one-byte length', { data: new Uint8Array(70_000).fill(120) }],
  ['non-ASCII stream and type names', { stream: 'vorlagetext-ä€😀', type: 'TextGeändert' }],
  ['a stream name longer than 127 bytes', { stream: `office-${'x'.repeat(300)}` }],
  ['an id with the high bits set', { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' }],
  ['an id with zero halves', { id: '00000000-0000-0000-0000-000000000001' }],
  ['an all-zero id', { id: '00000000-0000-0000-0000-000000000000' }],
];

describe('encodeEventResponse', () => {
  for (const structured of [false, true]) {
    for (const [name, change] of variants) {
      it(`matches the generated serializer: ${name} (${structured ? 'structured' : 'string'} ids)`, () => {
        const event = { ...base, ...change };
        const expected = Buffer.from(eventResponse(event, structured).serializeBinary());
        expect(encodeEventResponse(event, structured).equals(expected)).toBe(true);
      });
    }
  }

  it('encodes an event once per id mode and reuses the bytes', () => {
    const event = { ...base };
    expect(encodeEventResponse(event, false)).toBe(encodeEventResponse(event, false));
    expect(encodeEventResponse(event, true)).not.toEqual(encodeEventResponse(event, false));
  });
});
