import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: too much entropy to guess, so a plain SHA-256 is a safe way to store it. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(sha256(a), 'hex'), Buffer.from(sha256(b), 'hex'));
}
