import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RECONNECT_JITTER_MS, tokenRefreshingWebSocket } from './collab-provider';

/** A socket that records when it was created and opens only when the test says so. */
class FakeSocket {
  static created: { at: number; socket: FakeSocket }[] = [];
  binaryType = 'blob';
  readyState = 0;
  readonly bufferedAmount = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.created.push({ at: Date.now(), socket: this });
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  send(): void {}

  close(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1000, reason: '', wasClean: true });
  }
}

describe('the app provider’s socket after a collab server restart (issue 22)', () => {
  let start = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.now();
    FakeSocket.created = [];
  });
  afterEach(() => vi.useRealTimers());

  const createdAt = () => FakeSocket.created.map(({ at }) => at - start);

  it('connects at once the first time and waits a random jitter before each reconnect', async () => {
    const TokenWebSocket = tokenRefreshingWebSocket(async () => 'token', FakeSocket, {
      random: () => 0.4,
    });
    new TokenWebSocket('ws://collab.test/v-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(createdAt()).toEqual([0]);

    new TokenWebSocket('ws://collab.test/v-1');
    await vi.advanceTimersByTimeAsync(0.4 * RECONNECT_JITTER_MS - 1);
    expect(createdAt()).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(createdAt()).toEqual([0, 0.4 * RECONNECT_JITTER_MS]);
    expect(FakeSocket.created[1]!.socket.url).toBe('ws://collab.test/v-1?token=token');
  });

  it('a reconnect closed during its jitter never fetches a token nor connects', async () => {
    const fetchToken = vi.fn(async () => 'token');
    const TokenWebSocket = tokenRefreshingWebSocket(fetchToken, FakeSocket, { random: () => 0.9 });
    new TokenWebSocket('ws://collab.test/v-1');
    const reconnect = new TokenWebSocket('ws://collab.test/v-1');
    reconnect.close();
    await vi.advanceTimersByTimeAsync(2 * RECONNECT_JITTER_MS);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(createdAt()).toEqual([0]);
  });

  it('renews the client’s awareness entry once at a random moment after it connected', async () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Kim' } });
    const sent: number[] = [];
    awareness.on('update', () => sent.push(Date.now() - start));
    const TokenWebSocket = tokenRefreshingWebSocket(async () => 'token', FakeSocket, {
      awareness,
      random: () => 0.5,
    });
    const first = new TokenWebSocket('ws://collab.test/v-1');
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.created[0]!.socket.open();
    await vi.advanceTimersByTimeAsync(60_000);
    // At the connect (a new clock), then once 7.5 s later (y-protocols renews from there on
    // lib0's clock, which fake timers do not move).
    expect(sent).toEqual([0, 7_500]);

    // A connection that closes before its renewal does not renew.
    first.close();
    sent.length = 0;
    new TokenWebSocket('ws://collab.test/v-1');
    await vi.advanceTimersByTimeAsync(0.5 * RECONNECT_JITTER_MS);
    const second = FakeSocket.created[1]!.socket;
    second.open();
    await vi.advanceTimersByTimeAsync(1_000);
    second.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([60_000 + 0.5 * RECONNECT_JITTER_MS]);
    awareness.destroy();
  });
});
