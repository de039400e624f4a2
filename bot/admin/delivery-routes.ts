import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allDeliveries, deliveryPage } from '../campaigns/delivery-list';
import { type CsvValue, csvStream } from '../stats/csv';
import { STAFF } from './auth-hook';
import type { CampaignRouteDeps } from './campaign-report';
import { deliveriesQuery, deliverySchema, errorSchema, idParams, security } from './campaign-schemas';

const HEADER = ['learner_id', 'platform', 'status', 'reason', 'error', 'attempts', 'engaged_at', 'done_at'];

export function deliveryRoutes(server: FastifyInstance, deps: CampaignRouteDeps) {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/campaigns/:id/deliveries',
    {
      config: { roles: STAFF },
      schema: {
        tags: ['campaigns'],
        summary: 'Per-learner results (e.g. ?status=failed&format=csv); JSON pages continue with `after`',
        security,
        params: idParams,
        querystring: deliveriesQuery,
        response: { 200: z.array(deliverySchema), 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { status, reason, engaged, after, limit, format } = request.query;
      const exists = await deps.prisma.campaign.findUnique({ where: { id }, select: { id: true } });
      if (!exists) return reply.status(404).send({ error: 'not_found', message: 'No such campaign.' });
      const filter = { status, reason, engaged: engaged === undefined ? undefined : engaged === 'true' };
      const csv = format ? format === 'csv' : /\btext\/csv\b/.test(request.headers.accept ?? '');
      if (!csv) return deliveryPage(deps.prisma, id, filter, after, limit);
      async function* rows() {
        for await (const row of allDeliveries(deps.prisma, id, filter))
          yield [
            row.learnerId,
            row.platform,
            row.status,
            row.reason,
            row.error,
            row.attempts,
            row.engagedAt?.toISOString(),
            row.doneAt?.toISOString(),
          ];
      }
      return sendCsv(reply, `campaign-${id}-deliveries`, rows());
    },
  );
}

function sendCsv(reply: FastifyReply, name: string, rows: AsyncIterable<CsvValue[]>) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(csvStream(HEADER, rows));
}
