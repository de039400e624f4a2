import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSession, WebSessions } from './web-session';

const COOKIE = 'hv_chat';
/** About as long as browsers keep a cookie (400 days); every message renews it. */
const MAX_AGE_SECONDS = 400 * 24 * 3600;

export interface SessionCookie {
  /** The request's session: its explicit `session` when issued here, else its cookie's; null if neither. */
  find(request: FastifyRequest, given: string | undefined): WebSession | null;
  /** Keeps the session in the page's cookie: httpOnly, same-site only, Secure on https. */
  remember(reply: FastifyReply, session: WebSession): void;
}

export function createSessionCookie(sessions: WebSessions, secure: boolean): SessionCookie {
  return {
    find: (request, given) => sessions.open(given) ?? sessions.open(request.cookies[COOKIE]),
    remember(reply, session) {
      reply.setCookie(COOKIE, session.token, {
        path: '/api/web-chat',
        httpOnly: true,
        sameSite: 'strict',
        secure,
        maxAge: MAX_AGE_SECONDS,
      });
    },
  };
}
