import type { FastifyPluginAsync } from 'fastify';

/** Probes: liveness, and readiness (database and queue reachable, channels started). */
export const healthRoutes: FastifyPluginAsync<{ ready: () => Promise<void> }> = async (server, deps) => {
  server.get('/healthz', { schema: { tags: ['probes'], summary: 'Liveness' } }, async () => ({
    status: 'ok',
  }));
  server.get(
    '/readyz',
    { schema: { tags: ['probes'], summary: 'Readiness: database and queue reachable' } },
    async (request, reply) => {
      try {
        await deps.ready();
        return { status: 'ready' };
      } catch (error) {
        // Expected while starting and during an outage: one line with the reason, no stack.
        request.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'not ready');
        return reply.status(503).send({ status: 'unavailable' });
      }
    },
  );
};
