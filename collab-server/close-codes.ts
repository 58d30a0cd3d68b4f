// WebSocket close codes the collab server uses, and HTTP statuses for refused upgrades. The 44xx
// range mirrors HTTP 4xx: the stock y-websocket provider stops reconnecting on 4400–4499 and
// retries on everything else (4503 = try again later).

export const CloseCode = {
  /**
   * The user's rights changed (role, office, may no longer edit): reconnect with a fresh token,
   * which carries the rights as they are now. Outside 44xx, so every client reconnects.
   */
  rightsChanged: 4205,
  /** Malformed frame, unknown message type or a Yjs update that does not decode. */
  badMessage: 4400,
  /** The user behind an open socket was deactivated. */
  unauthorized: 4401,
  /** The update touches something the connection may not change (e.g. an unknown root type), or read access was revoked. */
  forbidden: 4403,
  /** The Vorlage has no text stream: the server never invents an empty document. */
  unknownDocument: 4404,
  /**
   * The update is valid Yjs but would break the document: a section of the wrong Yjs type, nodes,
   * marks or attributes outside the editor schema, a forbidden link protocol.
   */
  invalidUpdate: 4422,
  /** A message larger than the configured limit. */
  tooLarge: 4413,
  /** Awareness flood. */
  rateLimited: 4429,
  /** Loading failed, the client cannot keep up, or the server is shutting down: reconnect later. */
  unavailable: 4503,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

/** Close reasons are sent to the client; keep them short (≤ 123 bytes) and free of secrets. */
export function closeReason(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 117)}...`;
}
