import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Campaign, CampaignStatus } from '../campaigns/campaign-store';
import { segmentSchema } from '../campaigns/segment';
import { STAFF } from './auth-hook';
import { type CampaignRouteDeps, reportOf } from './campaign-report';
import { errorSchema, idParams, reportSchema, security } from './campaign-schemas';
import { actorOf } from './principal';

interface Action {
  path: string;
  summary: string;
  from: CampaignStatus[];
  /** The status to move to, given the campaign and the time. */
  to(campaign: Campaign, now: Date): CampaignStatus;
  /** Work done before the move (requeue); its result goes in the audit log. */
  before?(deps: CampaignRouteDeps, campaign: Campaign): Promise<Record<string, number>>;
  /** Work started after the move, not waited for. */
  after?(deps: CampaignRouteDeps, campaign: Campaign): Promise<void>;
}

/** The segment counted again at /send (learners joined or stopped since the draft), in the background. */
async function recount(deps: CampaignRouteDeps, campaign: Campaign): Promise<void> {
  const recipients = await deps.campaigns.countSegment(segmentSchema.parse(campaign.segment));
  await deps.prisma.campaign.update({ where: { id: campaign.id }, data: { recipients } });
}

const dueLater = (campaign: Campaign, now: Date) => campaign.sendAt !== null && campaign.sendAt > now;

const ACTIONS: Action[] = [
  {
    path: 'send',
    summary:
      'Start sending: now, at sendAt, or during localHour. Statuses: draft → scheduled → sending ⇄ paused → done',
    from: ['draft'],
    to: (c, now) => (dueLater(c, now) ? 'scheduled' : 'sending'),
    after: (deps, c) => recount(deps, c),
  },
  {
    path: 'pause',
    summary: 'Pause: nothing more is handed out (messages on their way finish)',
    from: ['scheduled', 'sending'],
    to: () => 'paused',
  },
  {
    path: 'resume',
    summary: 'Resume a paused campaign where it stopped',
    from: ['paused'],
    to: (c, now) => (dueLater(c, now) ? 'scheduled' : 'sending'),
  },
  {
    path: 'cancel',
    summary: 'Cancel: nobody else gets it (messages on their way finish)',
    from: ['draft', 'scheduled', 'sending', 'paused'],
    to: () => 'cancelled',
  },
  {
    path: 'retry-failed',
    summary: 'Send again to learners whose message failed for a passing reason (rate-limited, other)',
    from: ['sending', 'paused', 'done'],
    to: (c) => (c.status === 'paused' ? 'paused' : 'sending'),
    before: async (deps, c) => ({ requeued: await deps.campaigns.requeueFailed(c.id) }),
  },
];

export function transitionRoutes(server: FastifyInstance, deps: CampaignRouteDeps) {
  const app = server.withTypeProvider<ZodTypeProvider>();
  for (const action of ACTIONS)
    app.post(
      `/campaigns/:id/${action.path}`,
      {
        config: { roles: STAFF },
        schema: {
          tags: ['campaigns'],
          summary: action.summary,
          security,
          params: idParams,
          response: { 200: reportSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const campaign = await deps.prisma.campaign.findUnique({ where: { id: request.params.id } });
        if (!campaign) return reply.status(404).send({ error: 'not_found', message: 'No such campaign.' });
        if (!action.from.includes(campaign.status))
          return reply.status(409).send({
            error: 'conflict',
            message: `Cannot ${action.path} a campaign that is ${campaign.status} (only when ${action.from.join(' or ')}).`,
          });
        const now = deps.now?.() ?? new Date();
        const details = (await action.before?.(deps, campaign)) ?? {};
        const to = action.to(campaign, now);
        const moved = await deps.campaigns.transition(campaign.id, [campaign.status], to);
        if (!moved)
          return reply
            .status(409)
            .send({ error: 'conflict', message: 'The campaign changed meanwhile; try again.' });
        await deps.audit.record({
          actor: actorOf(request.principal!),
          action: `campaign.${action.path}`,
          target: `campaign:${campaign.id}`,
          details: { from: campaign.status, to, ...details },
        });
        // Sending starts now rather than at the workers' next tick.
        if (to === 'sending')
          await deps
            .wakeCampaigns?.()
            .catch((err) => request.log.warn({ err }, 'waking campaign workers failed'));
        void action
          .after?.(deps, moved)
          .catch((err) => request.log.error({ err }, 'recounting a campaign failed'));
        return reportOf(deps, moved);
      },
    );
}
