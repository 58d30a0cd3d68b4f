import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import {
  CollabTokenError,
  signCollabToken,
  verifyCollabToken,
  type CollabClaims,
} from './collab-token';

const secret = 'x'.repeat(40);
const claims: CollabClaims = {
  sub: 'u-1',
  name: 'Anna Amt',
  office: 'SPK',
  role: 'member',
  doc: 'v-1',
  mode: 'rw',
};
const now = new Date('2026-03-01T10:00:00Z');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof CollabTokenError) return error.code;
    throw error;
  }
}

describe('collab token', () => {
  it('round-trips the claims', async () => {
    const token = await signCollabToken(claims, secret, now);
    const verified = await verifyCollabToken(token, secret, now);
    expect(verified).toMatchObject(claims);
    expect(verified.exp - verified.iat).toBe(60);
  });

  it('caps the lifetime at two minutes', async () => {
    const token = await signCollabToken(claims, secret, now, 3600);
    const verified = await verifyCollabToken(token, secret, now);
    expect(verified.exp - verified.iat).toBe(120);
  });

  it('refuses missing, forged, expired and malformed tokens', async () => {
    const token = await signCollabToken(claims, secret, now);
    expect(await codeOf(verifyCollabToken(undefined, secret, now))).toBe('missing');
    expect(await codeOf(verifyCollabToken(token, 'y'.repeat(40), now))).toBe('invalid');
    expect(await codeOf(verifyCollabToken(`${token.slice(0, -3)}abc`, secret, now))).toBe(
      'invalid',
    );
    expect(await codeOf(verifyCollabToken('not-a-jwt', secret, now))).toBe('invalid');
    expect(
      await codeOf(verifyCollabToken(token, secret, new Date(now.getTime() + 5 * 60_000))),
    ).toBe('expired');
  });

  it('refuses a correctly signed token that lives longer than two minutes', async () => {
    const key = new TextEncoder().encode(secret);
    const issued = Math.floor(now.getTime() / 1000);
    const longLived = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(issued)
      .setExpirationTime(issued + 24 * 3600)
      .sign(key);
    expect(await codeOf(verifyCollabToken(longLived, secret, now))).toBe('too_long_lived');
  });

  it('refuses tokens with missing or wrong claims and other algorithms', async () => {
    const key = new TextEncoder().encode(secret);
    const issued = Math.floor(now.getTime() / 1000);
    const noMode = await new SignJWT({ ...claims, mode: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(issued)
      .setExpirationTime(issued + 60)
      .sign(key);
    expect(await codeOf(verifyCollabToken(noMode, secret, now))).toBe('bad_claims');
    const hs512 = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuedAt(issued)
      .setExpirationTime(issued + 60)
      .sign(key);
    expect(await codeOf(verifyCollabToken(hs512, secret, now))).toBe('invalid');
  });

  it('refuses short secrets when signing', async () => {
    await expect(signCollabToken(claims, 'short', now)).rejects.toThrow(/32/);
  });
});
