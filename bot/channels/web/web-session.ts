import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A web-chat session: `token` is the learner's key (cookie or `session`), `id` names the learner. */
export interface WebSession {
  token: string;
  id: string;
}

export interface WebSessions {
  /** A new session: 128 random bits, signed. */
  issue(): WebSession;
  /** The session a token names, or null when this server did not issue it (or it was altered). */
  open(token: string | undefined): WebSession | null;
}

const VERSION = 'w1';
const ID_CHARS = 22; // 16 bytes in base64url
const MAC_CHARS = 22; // the first 16 bytes of an HMAC-SHA256
const TOKEN = new RegExp(`^${VERSION}[A-Za-z0-9_-]{${ID_CHARS + MAC_CHARS}}$`);

/**
 * Session tokens the server issues and signs (HMAC with a key kept in the database), so a
 * client-chosen or guessed id never reaches a learner, and checking one needs no database read.
 */
export function createWebSessions(key: Buffer): WebSessions {
  const mac = (id: string) =>
    createHmac('sha256', key).update(`web-session:${id}`).digest().subarray(0, 16).toString('base64url');
  const seal = (id: string): WebSession => ({ token: `${VERSION}${id}${mac(id)}`, id });
  return {
    issue: () => seal(randomBytes(16).toString('base64url')),
    open(token) {
      if (!token || !TOKEN.test(token)) return null;
      const id = token.slice(VERSION.length, VERSION.length + ID_CHARS);
      const given = Buffer.from(token.slice(VERSION.length + ID_CHARS));
      const expected = Buffer.from(mac(id));
      return given.length === expected.length && timingSafeEqual(given, expected) ? { token, id } : null;
    },
  };
}
