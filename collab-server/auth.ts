// Authentication of a WebSocket upgrade, before any WebSocket exists: room name, Origin, token,
// document match. Returns the grant or the HTTP status to refuse with. Never logs the token.
import type { IncomingMessage } from 'node:http';
import { CollabTokenError, verifyCollabToken, vorlageIdSchema } from '../platform/collab-token';
import { STORED_REPORTS_BINARY, STORED_REPORTS_PARAM } from '../editor/stored-report';
import type { ConnectionGrant } from './connection';

export type UpgradeDecision =
  | { readonly ok: true; readonly grant: ConnectionGrant }
  | { readonly ok: false; readonly status: 400 | 401 | 403; readonly reason: string };

export interface AuthOptions {
  /** The HS256 secret, or its imported key (imported once per server). */
  readonly tokenKey: string | CryptoKey;
  /** Browser origins allowed to connect; requests without Origin (non-browser clients) pass. */
  readonly allowedOrigins: readonly string[];
  readonly now: () => Date;
}

export function parseUpgradeUrl(
  rawUrl: string | undefined,
): { room: string; token: string | null; binaryStoredReports: boolean } | null {
  let url: URL;
  try {
    url = new URL(rawUrl ?? '/', 'http://collab.invalid');
  } catch {
    return null;
  }
  let room: string;
  try {
    room = decodeURIComponent(url.pathname.slice(1));
  } catch {
    return null;
  }
  return {
    room,
    token: url.searchParams.get('token'),
    binaryStoredReports: url.searchParams.get(STORED_REPORTS_PARAM) === STORED_REPORTS_BINARY,
  };
}

export async function authenticateUpgrade(
  request: IncomingMessage,
  options: AuthOptions,
): Promise<UpgradeDecision> {
  const parsed = parseUpgradeUrl(request.url);
  if (!parsed) return { ok: false, status: 400, reason: 'malformed URL' };
  const room = vorlageIdSchema.safeParse(parsed.room);
  if (!room.success) return { ok: false, status: 400, reason: 'invalid document name' };
  const origin = request.headers.origin;
  if (origin !== undefined && !options.allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: 'origin not allowed' };
  }
  let claims;
  try {
    claims = await verifyCollabToken(parsed.token, options.tokenKey, options.now());
  } catch (error) {
    if (error instanceof CollabTokenError) return { ok: false, status: 401, reason: error.message };
    throw error;
  }
  if (claims.doc !== room.data)
    return { ok: false, status: 403, reason: 'token is for another document' };
  return {
    ok: true,
    grant: {
      vorlageId: room.data,
      userId: claims.sub,
      officeId: claims.office,
      name: claims.name,
      role: claims.role,
      mode: claims.mode,
      binaryStoredReports: parsed.binaryStoredReports,
    },
  };
}
