// Password hashing for the local accounts: argon2id (memory-hard) through @node-rs/argon2, with its
// maintained defaults (OWASP's minimum: 19 MiB, 2 iterations).
import { hash, verify } from '@node-rs/argon2';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password or an unreadable hash; never throws on bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
