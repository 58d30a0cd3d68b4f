// The collab server's "stored" report as a binary frame of its own (issue 22, session 11): after
// each append it tells a client, per Yjs client id whose edits came through that connection, the
// clock up to which they are in the store. Until then the report rode in the server's awareness
// entry: JSON to build on the server, and in every client JSON to parse, compare and (the stock
// provider echoes every awareness change) encode again — with many documents that cost more than
// the keystrokes it reported on. Clients ask for the binary form with a query parameter of the
// connect URL; the stock provider does not, and keeps getting the awareness entry.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket's message types 0–3 are sync, awareness, auth and query-awareness. */
export const MESSAGE_STORED = 100;

/** `?reports=stored` in the connect URL: send stored reports as MESSAGE_STORED frames. */
export const STORED_REPORTS_PARAM = 'reports';
export const STORED_REPORTS_BINARY = 'stored';

/** Per Yjs client id: the clock up to which its edits are in the store. */
export type StoredClocks = ReadonlyMap<number, number>;

/** Frame: message type, count, then per entry client id and clock (all varuints). */
export function encodeStoredReport(clocks: Iterable<readonly [number, number]>): Uint8Array {
  const entries = [...clocks];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_STORED);
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** Reads a report after its message type; throws on a truncated frame. */
export function readStoredReport(decoder: decoding.Decoder): Map<number, number> {
  const clocks = new Map<number, number>();
  const count = decoding.readVarUint(decoder);
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder);
    clocks.set(clientId, decoding.readVarUint(decoder));
  }
  return clocks;
}
