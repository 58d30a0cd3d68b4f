// Collab tokens: short-lived HS256 JWTs the app issues and the collab server verifies on upgrade.
// They travel in the URL, so they live at most two minutes and are never logged.
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';

/** The longest a token may live; longer-lived tokens are refused even when correctly signed. */
export const MAX_TOKEN_LIFETIME_SECONDS = 120;
/** Tolerated clock difference between the app (issuer) and the collab server. */
const CLOCK_TOLERANCE_SECONDS = 5;

export const vorlageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'must be 1–128 letters, digits, "_" or "-"');

export const collabClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  office: z.string().min(1).max(200),
  role: z.string().min(1).max(100),
  doc: vorlageIdSchema,
  mode: z.enum(['rw', 'ro']),
});
export type CollabClaims = z.infer<typeof collabClaimsSchema>;

const verifiedPayloadSchema = collabClaimsSchema.extend({
  iat: z.number().int(),
  exp: z.number().int(),
});
export type VerifiedCollabToken = z.infer<typeof verifiedPayloadSchema>;

export class CollabTokenError extends Error {
  constructor(
    readonly code: 'missing' | 'invalid' | 'expired' | 'too_long_lived' | 'bad_claims',
    message: string,
  ) {
    super(message);
    this.name = 'CollabTokenError';
  }
}

/** A secret imported once (the server verifies many tokens with the same secret). */
export function importCollabTokenKey(secret: string): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'raw',
    secretKey(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

function secretKey(secret: string): Uint8Array<ArrayBuffer> {
  if (secret.length < 32) throw new Error('COLLAB_TOKEN_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Signs a token for one Vorlage; `ttlSeconds` is capped at MAX_TOKEN_LIFETIME_SECONDS. */
export async function signCollabToken(
  claims: CollabClaims,
  secret: string,
  now: Date,
  ttlSeconds = 60,
): Promise<string> {
  const parsed = collabClaimsSchema.parse(claims);
  const lifetime = Math.min(Math.max(1, Math.floor(ttlSeconds)), MAX_TOKEN_LIFETIME_SECONDS);
  const issuedAt = seconds(now);
  return new SignJWT({ ...parsed })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetime)
    .sign(secretKey(secret));
}

/** Verifies signature, expiry, lifetime and claims; throws CollabTokenError. */
export async function verifyCollabToken(
  token: string | null | undefined,
  secret: string | CryptoKey,
  now: Date,
): Promise<VerifiedCollabToken> {
  if (!token) throw new CollabTokenError('missing', 'no token');
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, typeof secret === 'string' ? secretKey(secret) : secret, {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new CollabTokenError('expired', 'token expired');
    if (error instanceof joseErrors.JOSEError) {
      throw new CollabTokenError('invalid', `token rejected (${error.code})`);
    }
    throw error;
  }
  const result = verifiedPayloadSchema.safeParse(payload);
  if (!result.success)
    throw new CollabTokenError('bad_claims', 'token claims do not match the schema');
  const claims = result.data;
  const limit = MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS;
  if (claims.exp - seconds(now) > limit || claims.exp - claims.iat > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new CollabTokenError('too_long_lived', 'token lives longer than two minutes');
  }
  return claims;
}
