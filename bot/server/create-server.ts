import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Redis } from 'ioredis';
import type { AdminDeps } from '../admin/admin-deps';
import { apiV1Plugin } from '../admin/api-v1-plugin';
import { openApiTransform } from '../admin/openapi-transform';
import { adminPagesPlugin } from '../admin/pages/admin-pages-plugin';
import type { Channel } from '../channels/channel';
import { type WebChatLimits, webChatRoutes } from '../channels/web/web-chat-routes';
import type { Logger } from '../logger';
import type { TurnRunner } from '../turns/turn-runner';
import { installErrorHandler } from './error-handler';
import { healthRoutes } from './health-routes';
import { openApiInfo } from './openapi';
import { createRateLimiter } from './rate-limiter';

export interface ServerDeps {
  log: Logger;
  runner: TurnRunner;
  webChat: WebChatLimits;
  channels: Channel[];
  ready: () => Promise<void>;
  /** Shared rate-limit counters across bot processes; in-memory when absent. */
  redis?: Redis;
  publicUrl: string;
  /** The staff side: /api/v1 and /admin (absent = not served). */
  admin?: AdminDeps;
}

/** Builds the HTTP app without listening (main.ts listens; tests use inject() or listen on port 0). */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  installErrorHandler(server);
  await server.register(swagger, { openapi: openApiInfo(deps.publicUrl), transform: openApiTransform });
  healthRoutes(server, { ready: deps.ready });
  webChatRoutes(server, {
    runner: deps.runner,
    limits: deps.webChat,
    rateLimiter: createRateLimiter({ redis: deps.redis }),
  });
  for (const channel of deps.channels) channel.routes?.(server);
  if (deps.admin) await server.register(apiV1Plugin(deps.admin), { prefix: '/api/v1' });
  if (deps.admin) await server.register(adminPagesPlugin(deps.admin));
  server.get('/docs', { schema: { hide: true } }, async () => server.swagger());
  return server;
}
