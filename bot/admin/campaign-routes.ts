import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkCampaign, createCampaignBody } from '../campaigns/campaign-input';
import { campaignReply, previewCampaign } from '../campaigns/campaign-render';
import { STAFF } from './auth-hook';
import { type CampaignRouteDeps, choicesOf, reportOf, shown } from './campaign-report';
import {
  campaignSchema,
  errorSchema,
  idParams,
  previewsSchema,
  reportSchema,
  security,
} from './campaign-schemas';
import { deliveryRoutes } from './delivery-routes';
import { actorOf } from './principal';
import { transitionRoutes } from './transition-routes';

export function campaignRoutes(server: FastifyInstance, deps: CampaignRouteDeps) {
  const app = server.withTypeProvider<ZodTypeProvider>();
  const config = { roles: STAFF };
  const tags = ['campaigns'];
  app.post(
    '/campaigns',
    {
      config,
      schema: {
        tags,
        summary:
          'Create a campaign (a draft): its text, segment and choices; answers with the recipient count',
        security,
        body: createCampaignBody,
        response: { 201: campaignSchema, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const checked = checkCampaign(input, {
        catalog: deps.catalog,
        quietHours: deps.quietHours ?? { from: 0, to: 0 },
        now: deps.now?.() ?? new Date(),
      });
      if (!checked.ok) return reply.status(400).send({ error: 'bad_request', message: checked.message });
      const actor = actorOf(request.principal!);
      const campaign = await deps.prisma.campaign.create({
        data: {
          name: input.name,
          text: input.text,
          segment: JSON.parse(JSON.stringify(checked.segment)),
          choices: input.choices ?? [],
          imageUrl: input.imageUrl ?? null,
          sendAt: input.sendAt ?? null,
          localHour: input.localHour ?? null,
          recipients: await deps.campaigns.countSegment(checked.segment),
          createdBy: actor,
        },
      });
      await deps.audit.record({
        actor,
        action: 'campaign.create',
        target: `campaign:${campaign.id}`,
        details: { name: input.name, recipients: campaign.recipients },
      });
      return reply.status(201).send(shown(campaign));
    },
  );
  app.get(
    '/campaigns',
    {
      config,
      schema: {
        tags,
        summary: 'Campaigns, newest first',
        security,
        response: { 200: z.array(campaignSchema) },
      },
    },
    async () => (await deps.prisma.campaign.findMany({ orderBy: { id: 'desc' }, take: 200 })).map(shown),
  );
  app.get(
    '/campaigns/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A campaign: status, delivery counts, rate and ETA',
        security,
        params: idParams,
        response: { 200: reportSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const campaign = await deps.prisma.campaign.findUnique({ where: { id: request.params.id } });
      if (!campaign) return reply.status(404).send({ error: 'not_found', message: 'No such campaign.' });
      return reportOf(deps, campaign);
    },
  );
  app.post(
    '/campaigns/:id/preview',
    {
      config,
      schema: {
        tags,
        summary:
          'The campaign as each platform shows it: Telegram buttons, Zalo numbered lines, length limits',
        security,
        params: idParams,
        response: { 200: previewsSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const campaign = await deps.prisma.campaign.findUnique({ where: { id: request.params.id } });
      if (!campaign) return reply.status(404).send({ error: 'not_found', message: 'No such campaign.' });
      return previewCampaign({
        text: campaign.text,
        choices: choicesOf(campaign),
        imageUrl: campaign.imageUrl,
      });
    },
  );
  app.post(
    '/campaigns/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Send the campaign to one chat (your own), through the same outbox; no delivery is recorded',
        security,
        params: idParams,
        body: z.strictObject({
          platform: z.enum(['telegram', 'zalo']),
          chatId: z.string().regex(/^\d{1,32}$|^[A-Za-z0-9_-]{1,64}$/),
        }),
        response: {
          200: z.object({ ok: z.boolean(), error: z.string().optional() }),
          404: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const campaign = await deps.prisma.campaign.findUnique({ where: { id: request.params.id } });
      if (!campaign) return reply.status(404).send({ error: 'not_found', message: 'No such campaign.' });
      const { platform, chatId } = request.body;
      if (!deps.sendTest)
        return reply.status(409).send({ error: 'conflict', message: `${platform} is not configured here.` });
      const result = await deps.sendTest(
        platform,
        chatId,
        campaignReply({ text: campaign.text, choices: choicesOf(campaign), imageUrl: campaign.imageUrl }),
      );
      await deps.audit.record({
        actor: actorOf(request.principal!),
        action: 'campaign.test',
        target: `campaign:${campaign.id}`,
        details: { platform, ok: result.ok },
      });
      return result;
    },
  );
  transitionRoutes(server, deps);
  deliveryRoutes(server, deps);
}
