import type { FastifyInstance } from 'fastify';
import type { RateLimiter } from '../../server/rate-limiter';
import type { OutboxStore } from '../../store/outbox-store';
import type { Intake } from '../../turns/intake';
import type { Channel } from '../channel';
import { type WebChatLimits, webChatRoutes } from './web-chat-routes';
import { webPageRoutes } from './web-page-routes';
import { createWebSender } from './web-sender';

/** The web chat: always on; the page is the learner's client, the outbox its mailbox. */
export function createWebChannel(deps: {
  intake: Intake;
  outbox: OutboxStore;
  limits: WebChatLimits;
  rateLimiter: RateLimiter;
}): Channel {
  const sender = createWebSender();
  return {
    platform: 'web',
    sender,
    async routes(server: FastifyInstance) {
      await server.register(webPageRoutes);
      await server.register(webChatRoutes, { ...deps, sender });
    },
    start: async () => {},
    stop: async () => {},
  };
}
