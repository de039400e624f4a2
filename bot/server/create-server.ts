import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Channel } from '../channels/channel';
import type { Logger } from '../logger';
import { installErrorHandler } from './error-handler';
import { healthRoutes } from './health-routes';
import { openApiInfo } from './openapi';

export interface ServerDeps {
  log: Logger;
  channels: Channel[];
  ready: () => Promise<void>;
  publicUrl: string;
  /** Trust `X-Forwarded-For` (only behind your own proxy): per-address limits then see the client. */
  trustProxy: boolean;
}

/** Builds the HTTP app without listening (main.ts listens; tests use inject() or listen on port 0). */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  installErrorHandler(server);
  await server.register(swagger, { openapi: openApiInfo(deps.publicUrl), transform: jsonSchemaTransform });
  await server.register(healthRoutes, { ready: deps.ready });
  for (const channel of deps.channels) await channel.routes?.(server);
  server.get('/docs', { schema: { hide: true } }, async () => server.swagger());
  return server;
}
