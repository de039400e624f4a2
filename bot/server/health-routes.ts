import type { FastifyInstance } from 'fastify';

export function healthRoutes(server: FastifyInstance, deps: { ready: () => Promise<void> }): void {
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
}
