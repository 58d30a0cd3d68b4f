import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AwarenessOutbox, awarenessClientIds, MESSAGE_AWARENESS } from './awareness-outbox';

function awarenessFrame(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds),
  );
  return encoding.toUint8Array(encoder);
}

/** The states a sent awareness frame carries, decoded by a second awareness as the server would. */
function statesIn(frame: Uint8Array): Map<number, unknown> {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
  const receiver = new awarenessProtocol.Awareness(new Y.Doc());
  receiver.setLocalState(null);
  awarenessProtocol.applyAwarenessUpdate(receiver, decoding.readVarUint8Array(decoder), 'test');
  const ids = awarenessClientIds(frame) ?? [];
  return new Map(ids.map((id) => [id, receiver.getStates().get(id) ?? null]));
}

describe('AwarenessOutbox', () => {
  let local: awarenessProtocol.Awareness;
  let other: awarenessProtocol.Awareness;
  let sent: Uint8Array[];
  let outbox: AwarenessOutbox;

  beforeEach(() => {
    vi.useFakeTimers();
    local = new awarenessProtocol.Awareness(new Y.Doc());
    other = new awarenessProtocol.Awareness(new Y.Doc());
    sent = [];
    outbox = new AwarenessOutbox({
      awareness: local,
      send: (frame) => sent.push(frame),
      intervalMs: 100,
    });
  });

  afterEach(() => {
    outbox.dispose();
    vi.useRealTimers();
  });

  it('passes sync frames through unchanged and at once', () => {
    const syncFrame = new Uint8Array([0, 0, 1, 0]);
    outbox.offer(syncFrame);
    expect(sent).toEqual([syncFrame]);
  });

  it('drops echoes of other clients’ entries', () => {
    other.setLocalStateField('user', { name: 'Andere' });
    outbox.offer(awarenessFrame(other, [other.clientID]));
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });

  it('sends the own entry at once, then at most one frame per interval with the latest state', () => {
    local.setLocalStateField('cursor', 1);
    outbox.offer(awarenessFrame(local, [local.clientID]));
    expect(sent).toHaveLength(1);
    for (let position = 2; position <= 20; position++) {
      local.setLocalStateField('cursor', position);
      outbox.offer(awarenessFrame(local, [local.clientID]));
      vi.advanceTimersByTime(10);
    }
    expect(sent).toHaveLength(2); // one more after the first interval, carrying what was then
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(3);
    const last = statesIn(sent[2]!);
    expect([...last.keys()]).toEqual([local.clientID]);
    expect(last.get(local.clientID)).toMatchObject({ cursor: 20 });
  });

  it('sends only the own entry of a frame that carries others as well', () => {
    local.setLocalStateField('cursor', 3);
    other.setLocalStateField('cursor', 9);
    awarenessProtocol.applyAwarenessUpdate(
      local,
      awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]),
      'remote',
    );
    outbox.offer(awarenessFrame(local, [other.clientID, local.clientID]));
    expect(sent).toHaveLength(1);
    expect([...statesIn(sent[0]!).keys()]).toEqual([local.clientID]);
  });

  it('says at once that the client leaves, even within the interval', () => {
    local.setLocalStateField('cursor', 1);
    outbox.offer(awarenessFrame(local, [local.clientID]));
    local.setLocalState(null);
    outbox.offer(awarenessFrame(local, [local.clientID]));
    expect(sent).toHaveLength(2);
    expect(statesIn(sent[1]!).get(local.clientID)).toBeNull();
  });

  it('sends nothing after dispose (the socket closed)', () => {
    local.setLocalStateField('cursor', 1);
    outbox.offer(awarenessFrame(local, [local.clientID]));
    local.setLocalStateField('cursor', 2);
    outbox.offer(awarenessFrame(local, [local.clientID]));
    outbox.dispose();
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
  });

  it('treats a frame it cannot read as not an awareness frame', () => {
    expect(awarenessClientIds(new Uint8Array([1, 5, 1]))).toBeNull();
    expect(awarenessClientIds(new Uint8Array([0, 1, 2]))).toBeNull();
  });
});
