// The collab server's own awareness entry: lock state, durability and (for stock providers) how far
// each client's edits are stored. Only the server may publish an entry under this key — it refuses
// any client entry that holds it (collab-server/connection.ts) — so clients can take the first
// entry they find as the server's. Before that rule, a client that published
// `{ collabServer: { editingLocked: true } }` turned every co-author's editor read-only, and a
// forged `stored` clock could tell a victim its unsaved edits were stored.
import type { Awareness } from 'y-protocols/awareness';

export const SERVER_AWARENESS_KEY = 'collabServer';

export interface ServerEntry {
  readonly editingLocked: boolean;
  /** Edits this server holds are not durable yet (the store fails or lags): "nicht gespeichert". */
  readonly unsaved: boolean;
  /**
   * Per client id of a connected client: the clock up to which its edits are in the store. A
   * client says "gespeichert" only when this covers its own edits.
   */
  readonly stored: Readonly<Record<string, number>>;
}

export interface ServerAwarenessState {
  readonly [SERVER_AWARENESS_KEY]: ServerEntry;
}

/** An awareness state that claims the server's key (refused from clients). */
export function claimsServerEntry(state: unknown): boolean {
  return typeof state === 'object' && state !== null && Object.hasOwn(state, SERVER_AWARENESS_KEY);
}

/** The server's entry as this client sees it; null before the server published one. */
export function serverEntryOf(awareness: Awareness): Partial<ServerEntry> | null {
  for (const state of awareness.getStates().values()) {
    const entry: unknown = (state as Record<string, unknown>)[SERVER_AWARENESS_KEY];
    if (typeof entry === 'object' && entry !== null) return entry as Partial<ServerEntry>;
  }
  return null;
}
