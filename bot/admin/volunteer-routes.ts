import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Catalog } from '../content/catalog';
import type { AuditLog } from './audit-log';
import { STAFF } from './auth-hook';
import { actorOf } from './principal';
import { provinceCode } from './scope-filters';
import { storedText } from './text-field';
import type { Volunteers } from './volunteers';

const security = [{ bearerAuth: [] }];
const errorSchema = z.object({ error: z.string(), message: z.string() });
const linksSchema = z.object({
  telegram: z.string().nullable().describe('t.me/<bot>?start=<code> (needs TELEGRAM_BOT_USERNAME)'),
  zalo: z.string().nullable().describe('the Zalo bot (ZALO_BOT_LINK); the learner sends /start <code>'),
  web: z.string().describe('the web chat with the code'),
});
const volunteerSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  province: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  links: linksSchema,
  progress: z.object({
    learners: z.number().int().describe('learners who started with this code'),
    learnersWithALesson: z.number().int(),
    lessonsCompleted: z.number().int(),
    coursesCompleted: z.number().int(),
    active30Days: z.number().int(),
  }),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

export function volunteerRoutes(
  server: FastifyInstance,
  deps: { volunteers: Volunteers; audit: AuditLog; catalog: Catalog },
) {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/volunteers',
    {
      config: { roles: STAFF },
      schema: {
        tags: ['volunteers'],
        summary: 'Create a volunteer with a personal code; the read-only link is in this answer only',
        security,
        body: z.object({
          name: storedText(100),
          province: z.string().max(100).optional(),
          code: z
            .string()
            .regex(/^[A-Za-z0-9_-]{3,32}$/)
            .optional()
            .describe('default: a new random code'),
        }),
        response: {
          201: volunteerSchema.omit({ progress: true }).extend({ viewLink: z.string() }),
          400: errorSchema,
          409: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { name, province, code } = request.body;
      const provinceId = province === undefined ? undefined : provinceCode(deps.catalog, province);
      if (province !== undefined && !provinceId)
        return reply.status(400).send({ error: 'bad_request', message: 'Unknown province.' });
      const actor = actorOf(request.principal!);
      try {
        const created = await deps.volunteers.create({ name, province: provinceId, code, createdBy: actor });
        await deps.audit.record({
          actor,
          action: 'volunteer.create',
          target: `volunteer:${created.id}`,
          details: { name, code: created.code },
        });
        const { viewTokenHash: _hash, ...shown } = created;
        return reply.status(201).send(shown);
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002')
          return reply.status(409).send({ error: 'conflict', message: 'This code is taken.' });
        throw error;
      }
    },
  );
  app.get(
    '/volunteers',
    {
      config: { roles: STAFF },
      schema: {
        tags: ['volunteers'],
        summary: 'Volunteers and how far their learners got',
        security,
        response: { 200: z.array(volunteerSchema) },
      },
    },
    async () => deps.volunteers.list(),
  );
  app.get(
    '/volunteers/:id',
    {
      config: { roles: STAFF },
      schema: {
        tags: ['volunteers'],
        summary: 'One volunteer',
        security,
        params: idParams,
        response: { 200: volunteerSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const [found] = await deps.volunteers.list({ id: request.params.id });
      return found ?? reply.status(404).send({ error: 'not_found', message: 'No such volunteer.' });
    },
  );
  app.post(
    '/volunteers/:id/view-link',
    {
      config: { roles: STAFF },
      schema: {
        tags: ['volunteers'],
        summary: 'A new personal read-only link (the old one stops working)',
        security,
        params: idParams,
        response: { 200: z.object({ viewLink: z.string() }), 404: errorSchema },
      },
    },
    async (request, reply) => {
      const viewLink = await deps.volunteers.renewViewLink(request.params.id);
      if (!viewLink) return reply.status(404).send({ error: 'not_found', message: 'No such volunteer.' });
      await deps.audit.record({
        actor: actorOf(request.principal!),
        action: 'volunteer.renew-link',
        target: `volunteer:${request.params.id}`,
      });
      return { viewLink };
    },
  );
}
