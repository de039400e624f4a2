import type { FastifyInstance } from 'fastify';
import type { RateLimiter } from '../../server/rate-limiter';
import type { OutboxStore } from '../../store/outbox-store';
import type { Intake } from '../../turns/intake';
import type { Channel } from '../channel';
import { type WebChatLimits, webChatRoutes } from './web-chat-routes';
import { webPageRoutes } from './web-page-routes';
import { createWebSender } from './web-sender';
import { createWebSessions } from './web-session';

/** The web chat: always on; the page is the learner's client, the outbox its mailbox. */
export function createWebChannel(deps: {
  intake: Intake;
  outbox: OutboxStore;
  limits: WebChatLimits;
  rateLimiter: RateLimiter;
  /** Signs the session tokens (kept in the database, the same in every process). */
  sessionKey: Buffer;
  publicUrl: string;
}): Channel {
  const sender = createWebSender();
  const { sessionKey, publicUrl, ...routeDeps } = deps;
  const sessions = createWebSessions(sessionKey);
  const secure = publicUrl.startsWith('https:');
  return {
    platform: 'web',
    sender,
    async routes(server: FastifyInstance) {
      await server.register(webPageRoutes);
      await server.register(webChatRoutes, { ...routeDeps, sender, sessions, secure });
    },
    start: async () => {},
    stop: async () => {},
  };
}
