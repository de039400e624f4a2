import type { FastifyPluginAsync } from 'fastify';
import { secretMatcher } from '../channels/core/secret-check';
import { registry } from './metrics';

/**
 * GET /metrics in Prometheus' text format. With METRICS_TOKEN set, only `Authorization: Bearer
 * <token>` may read it (401 otherwise); without, it is open on the listen address.
 */
export const metricsRoutes: FastifyPluginAsync<{ token?: string }> = async (server, options) => {
  const matches = options.token ? secretMatcher(`Bearer ${options.token}`) : undefined;
  server.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (matches && !matches(request.headers.authorization))
      return reply
        .status(401)
        .send({ error: 'unauthorized', message: 'Không có quyền truy cập. / Unauthorized.' });
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
};
