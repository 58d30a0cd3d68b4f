// What a client sends of its awareness (carets, names): only its own entry, at most once per
// interval. The stock y-websocket provider sends a frame on every awareness change and echoes every
// entry it receives from others back to the server; fast typing with a few co-authors would trip
// the collab server's awareness rate limit. This outbox sits in the provider's WebSocket (see
// collab-provider.ts), so it works on the wire format alone — no private field of the provider is
// touched and the provider's sync traffic passes through unchanged.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';

/** The y-websocket message type of an awareness frame (`messageAwareness`). */
export const MESSAGE_AWARENESS = 1;

/** Caret updates go out at most this often, well below the collab server's awareness rate limit. */
export const AWARENESS_INTERVAL_MS = 120;

export interface AwarenessOutboxOptions {
  readonly awareness: awarenessProtocol.Awareness;
  readonly send: (frame: Uint8Array) => void;
  readonly intervalMs?: number;
}

export class AwarenessOutbox {
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly send: (frame: Uint8Array) => void;
  private readonly intervalMs: number;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: AwarenessOutboxOptions) {
    this.awareness = options.awareness;
    this.send = options.send;
    this.intervalMs = options.intervalMs ?? AWARENESS_INTERVAL_MS;
  }

  /** Takes one outgoing frame: sync frames pass, awareness frames are filtered and coalesced. */
  offer(frame: Uint8Array): void {
    const clientIds = awarenessClientIds(frame);
    if (clientIds === null) {
      this.send(frame);
      return;
    }
    if (!clientIds.includes(this.awareness.clientID)) return; // an echo of other people's entries
    if (this.awareness.getLocalState() === null) {
      this.flush(); // leaving: say so at once, the socket may close right after
      return;
    }
    const wait = this.lastSentAt + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Stops a pending send (the socket closed). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.dispose();
    this.lastSentAt = Date.now();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]),
    );
    this.send(encoding.toUint8Array(encoder));
  }
}

/**
 * The client ids an awareness frame carries, or null for any other frame. Format (y-protocols):
 * message type, then the update as a byte array: count, and per entry client id, clock, JSON state.
 */
export function awarenessClientIds(frame: Uint8Array): number[] | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return null;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(decoding.readVarUint(update));
      decoding.readVarUint(update); // clock
      decoding.readVarString(update); // state
    }
    return ids;
  } catch {
    return null; // not ours to judge: the server validates what it receives
  }
}
