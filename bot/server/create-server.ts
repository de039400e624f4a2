import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AdminDeps } from '../admin/admin-deps';
import { apiV1Plugin } from '../admin/api-v1-plugin';
import { openApiTransform } from '../admin/openapi-transform';
import { adminPagesPlugin } from '../admin/pages/admin-pages-plugin';
import { type VerifyDeps, verifyRoutes } from '../certificates/verify-routes';
import type { Channel } from '../channels/channel';
import type { Logger } from '../logger';
import { metricsRoutes } from '../metrics/metrics-routes';
import { installErrorHandler } from './error-handler';
import { healthRoutes } from './health-routes';
import { openApiInfo } from './openapi';
import { type RateLimitOptions, registerRateLimits } from './rate-limits';
import { enforceRoutePolicy } from './route-policy';
import { registerSecurityHeaders } from './security-headers';

export interface ServerDeps {
  log: Logger;
  channels: Channel[];
  ready: () => Promise<Record<string, string>>;
  publicUrl: string;
  /** Trust `X-Forwarded-For` (only behind your own proxy): per-address limits then see the client. */
  trustProxy: boolean;
  /** Admin API and sign-in limits (absent: none, e.g. a worker's probe server). */
  rateLimits?: RateLimitOptions;
  /** GET /metrics needs `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
  /** The staff side: /api/v1 and /admin (absent = not served). */
  admin?: AdminDeps;
  /** Certificate verification: /verify/:code (absent = not served). */
  certificates?: VerifyDeps;
}

/** Builds the HTTP app without listening (main.ts listens; tests use inject() or listen on port 0). */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy,
    bodyLimit: 1024 * 1024,
    // A client that promises a body and trickles it (or never sends it) is cut off within seconds
    // (Node checks open requests every `connectionsCheckingInterval`, 30 s by default).
    requestTimeout: 5_000,
    http: { connectionsCheckingInterval: 1_000, headersTimeout: 5_000 },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  installErrorHandler(server);
  enforceRoutePolicy(server);
  await registerSecurityHeaders(server);
  if (deps.rateLimits) await registerRateLimits(server, deps.rateLimits);
  await server.register(swagger, { openapi: openApiInfo(deps.publicUrl), transform: openApiTransform });
  await server.register(healthRoutes, { ready: deps.ready });
  await server.register(metricsRoutes, { token: deps.metricsToken });
  for (const channel of deps.channels) await channel.routes?.(server);
  if (deps.admin) await server.register(apiV1Plugin(deps.admin), { prefix: '/api/v1' });
  if (deps.admin) await server.register(adminPagesPlugin(deps.admin));
  if (deps.certificates) await server.register(verifyRoutes(deps.certificates));
  server.get('/docs', { schema: { hide: true } }, async () => server.swagger());
  return server;
}
