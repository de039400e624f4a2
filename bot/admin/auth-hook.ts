import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeys } from './api-keys';
import type { Principal, StaffRole } from './principal';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on an /api/v1 route; a route without the list is refused to everyone. */
    roles?: readonly StaffRole[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const ANY_STAFF: readonly StaffRole[] = ['admin', 'staff', 'supervisor'];
export const STAFF: readonly StaffRole[] = ['admin', 'staff'];
export const ADMIN: readonly StaffRole[] = ['admin'];

export function bearerKey(request: FastifyRequest): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
}

export function deny(reply: FastifyReply, status: 401 | 403) {
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.status(status).send(
    status === 401
      ? { error: 'unauthorized', message: 'Cần khóa API hợp lệ. / A valid API key is required.' }
      : {
          error: 'forbidden',
          message: 'Khóa này không có quyền này. / This key does not have this right.',
        },
  );
}

/** One hook for every /api/v1 route: who is calling (401), and may they (403). */
export function installAuthHook(server: FastifyInstance, keys: ApiKeys): void {
  server.decorateRequest('principal', null);
  server.addHook('onRequest', async (request, reply) => {
    const key = bearerKey(request);
    const principal = key ? await keys.authenticate(key) : undefined;
    if (!principal) return deny(reply, 401);
    if (!request.routeOptions.config.roles?.includes(principal.role)) return deny(reply, 403);
    request.principal = principal;
  });
}
