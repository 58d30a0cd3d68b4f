import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import {
  ForbiddenUpdateError,
  ProtocolError,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeSyncStep1,
  encodeUpdate,
  validateUpdate,
} from './protocol';

/** Frames exactly as the stock y-websocket provider writes them. */
function providerFrame(write: (encoder: encoding.Encoder) => void, type: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('protocol', () => {
  const doc = new Y.Doc();
  doc.getXmlFragment('subject').insert(0, [new Y.XmlElement('paragraph')]);

  it('decodes the stock provider frames', () => {
    const step1 = providerFrame((encoder) => syncProtocol.writeSyncStep1(encoder, doc), 0);
    expect(decodeClientMessage(step1).kind).toBe('syncStep1');
    const step2 = providerFrame((encoder) => syncProtocol.writeSyncStep2(encoder, doc), 0);
    expect(decodeClientMessage(step2).kind).toBe('syncStep2');
    const update = providerFrame(
      (encoder) => syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc)),
      0,
    );
    expect(decodeClientMessage(update).kind).toBe('update');
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'A' } });
    const awarenessFrame = providerFrame(
      (encoder) =>
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
        ),
      1,
    );
    const message = decodeClientMessage(awarenessFrame);
    expect(message.kind).toBe('awareness');
    if (message.kind === 'awareness') {
      expect(decodeAwarenessUpdate(message.update)).toEqual([
        { clientId: doc.clientID, clock: expect.any(Number), state: { user: { name: 'A' } } },
      ]);
    }
    expect(decodeClientMessage(providerFrame(() => {}, 3)).kind).toBe('queryAwareness');
    awareness.destroy();
  });

  it('round-trips its own frames', () => {
    expect(decodeClientMessage(encodeSyncStep1(doc)).kind).toBe('syncStep1');
    expect(decodeClientMessage(encodeUpdate(new Uint8Array([0, 0])))).toEqual({
      kind: 'update',
      update: new Uint8Array([0, 0]),
    });
  });

  it('rejects empty, truncated, unknown and trailing frames', () => {
    const update = encodeUpdate(Y.encodeStateAsUpdate(doc));
    expect(() => decodeClientMessage(new Uint8Array())).toThrow(ProtocolError);
    for (let length = 1; length < update.length; length++) {
      expect(() => decodeClientMessage(update.slice(0, length))).toThrow(ProtocolError);
    }
    expect(() => decodeClientMessage(new Uint8Array([7]))).toThrow(ProtocolError);
    expect(() => decodeClientMessage(new Uint8Array([0, 9, 0]))).toThrow(ProtocolError);
    expect(() => decodeClientMessage(new Uint8Array([...update, 0]))).toThrow(ProtocolError);
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 3, 0x7b, 0x7b, 0x7b]))).toThrow(
      ProtocolError,
    );
  });

  it('accepts updates to the sections and refuses other root types and garbage', () => {
    const allowed = new Set(['subject']);
    expect(() => validateUpdate(Y.encodeStateAsUpdate(doc), allowed)).not.toThrow();
    const evil = new Y.Doc();
    evil.getMap('settings').set('admin', true);
    expect(() => validateUpdate(Y.encodeStateAsUpdate(evil), allowed)).toThrow(
      ForbiddenUpdateError,
    );
    expect(() => validateUpdate(new Uint8Array([1, 200, 3, 4]), allowed)).toThrow(ProtocolError);
  });
});
