import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Catalog } from '../content/catalog';
import type { ApiKeys } from './api-keys';
import type { AuditLog } from './audit-log';
import { ADMIN } from './auth-hook';
import { actorOf, STAFF_ROLES } from './principal';
import { provinceCode } from './scope-filters';
import { storedText } from './text-field';

const keySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  provinces: z.array(z.string()).describe('province codes a supervisor is limited to; empty = all'),
  prefix: z.string().describe('first characters of the key'),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
const security = [{ bearerAuth: [] }];
const errorSchema = z.object({ error: z.string(), message: z.string() });

export function keyRoutes(
  server: FastifyInstance,
  deps: { keys: ApiKeys; audit: AuditLog; catalog: Catalog },
) {
  const app = server.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/keys',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['keys'],
        summary: 'Create an API key (the key is in this answer only)',
        security,
        body: z.object({
          name: storedText(100),
          role: z.enum(STAFF_ROLES),
          provinces: z.array(z.string().min(1).max(100)).max(34).default([]),
        }),
        response: { 201: keySchema.extend({ key: z.string() }), 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { name, role, provinces } = request.body;
      if (provinces.length > 0 && role !== 'supervisor')
        return reply
          .status(400)
          .send({ error: 'bad_request', message: 'Only supervisor keys take provinces.' });
      const codes = provinces.map((province) => provinceCode(deps.catalog, province));
      if (codes.some((code) => !code))
        return reply.status(400).send({ error: 'bad_request', message: 'Unknown province in provinces.' });
      const actor = actorOf(request.principal!);
      const created = await deps.keys.create({ name, role, provinces: codes as string[], createdBy: actor });
      await deps.audit.record({
        actor,
        action: 'key.create',
        target: `key:${created.record.id}`,
        details: { name, role, provinces: codes as string[] },
      });
      return reply.status(201).send({ ...created.record, key: created.key });
    },
  );
  app.get(
    '/keys',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['keys'],
        summary: 'List API keys (never the keys themselves)',
        security,
        response: { 200: z.array(keySchema) },
      },
    },
    async () => deps.keys.list(),
  );
  app.delete(
    '/keys/:id',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key',
        security,
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: keySchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const revoked = await deps.keys.revoke(request.params.id);
      if (!revoked) return reply.status(404).send({ error: 'not_found', message: 'No such key.' });
      await deps.audit.record({
        actor: actorOf(request.principal!),
        action: 'key.revoke',
        target: `key:${revoked.id}`,
      });
      return revoked;
    },
  );
  app.get(
    '/audit',
    {
      config: { roles: ADMIN },
      schema: {
        tags: ['keys'],
        summary: 'Audit log of staff changes, newest first',
        security,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.coerce.bigint().optional().describe('id to page from'),
        }),
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              at: z.date(),
              actor: z.string(),
              action: z.string(),
              target: z.string().nullable(),
              details: z.unknown(),
            }),
          ),
        },
      },
    },
    async (request) => deps.audit.list({ limit: request.query.limit, beforeId: request.query.before }),
  );
}
