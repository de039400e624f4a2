import type { FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createCampaignStore } from '../campaigns/campaign-store';
import { createStatsService } from '../stats/stats-service';
import type { AdminDeps } from './admin-deps';
import { createApiKeys } from './api-keys';
import { createAuditLog } from './audit-log';
import { installAuthHook } from './auth-hook';
import { campaignRoutes } from './campaign-routes';
import { keyRoutes } from './key-routes';
import { ScopeError } from './scope-filters';
import { statsRoutes } from './stats-routes';
import { volunteerRoutes } from './volunteer-routes';
import { createVolunteers } from './volunteers';

/** The admin API. Register with `{ prefix: '/api/v1' }`; every route inside needs a key with the right role. */
export function apiV1Plugin(deps: AdminDeps): FastifyPluginAsync {
  return async (server) => {
    server.setValidatorCompiler(validatorCompiler);
    server.setSerializerCompiler(serializerCompiler);
    const keys = createApiKeys({ prisma: deps.prisma, bootstrapKey: deps.adminApiKey });
    const audit = createAuditLog(deps.prisma);
    installAuthHook(server, keys);
    server.setErrorHandler((error, _request, reply) => {
      if (!(error instanceof ScopeError)) throw error;
      return reply
        .status(error.statusCode)
        .send({ error: error.statusCode === 403 ? 'forbidden' : 'bad_request', message: error.message });
    });
    const stats = createStatsService({
      prisma: deps.prisma,
      catalog: deps.catalog,
      timeZone: deps.timeZone,
      now: deps.now,
    });
    keyRoutes(server, { keys, audit, catalog: deps.catalog });
    statsRoutes(server, {
      stats,
      catalog: deps.catalog,
      prisma: deps.prisma,
      pseudonymKey: deps.pseudonymKey,
    });
    volunteerRoutes(server, {
      volunteers: createVolunteers({ ...deps, stats }),
      audit,
      catalog: deps.catalog,
    });
    campaignRoutes(server, { ...deps, campaigns: createCampaignStore(deps.prisma), audit });
  };
}
