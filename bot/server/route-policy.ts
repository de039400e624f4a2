import type { FastifyInstance, RouteOptions } from 'fastify';

/** Bodies beyond this are refused with 413 unless a route declares its own `bodyLimit`. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Routes that take a body or URL parameters without a schema, each with why that is safe. Any other
 * such route stops the server at start, so a new route cannot skip validation by accident.
 */
const CHECKED_IN_CODE: Record<string, string> = {
  // The platforms' own formats, validated by the channel (isUpdate / parseZaloUpdate) after the secret check.
  'POST /webhooks/telegram': 'Telegram update, checked by isUpdate()',
  'POST /webhooks/zalo': 'Zalo event, checked by parseZaloUpdate()',
  'POST /admin/login': 'a form with one field, read as a string; 4 KB parser limit',
  'POST /admin/logout': 'reads no body',
  'POST /api/web-chat/sessions': 'reads no body (issues a new session)',
  'GET /admin/assets/:name': 'looked up in a fixed map of files',
  'GET /admin/volunteer/:token': 'matched against a strict pattern before use',
  // Dashboard forms: forwarded to the /api/v1 campaign routes, whose schemas validate them.
  'POST /admin/campaigns': 'form forwarded to POST /api/v1/campaigns (validated there)',
  'GET /admin/campaigns/:id': 'id read as a number and forwarded to /api/v1 (validated there)',
  'POST /admin/campaigns/:id/:action': 'action from a fixed set, id a safe integer, forwarded to /api/v1',
  'GET /admin/campaigns/:id/progress.json': 'id read as a number and forwarded to /api/v1',
  'GET /admin/campaigns/:id/deliveries.csv': 'id read as a number, status a-z only, forwarded to /api/v1',
  'GET /verify/:code': 'matched against the code pattern, else a plain 404 (certificate-store.ts)',
};

/**
 * Every route: a body limit (64 KB unless declared), and a schema for its body (POST/PUT/PATCH)
 * and URL parameters, or an entry in CHECKED_IN_CODE. Call before routes are added.
 */
export function enforceRoutePolicy(server: FastifyInstance): void {
  server.addHook('onRoute', (route: RouteOptions) => {
    route.bodyLimit ??= DEFAULT_BODY_LIMIT;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => method === 'HEAD')) return;
    const id = `${methods.filter((method) => method !== 'HEAD').join(',')} ${route.url}`;
    if (CHECKED_IN_CODE[id]) return;
    const schema = (route.schema ?? {}) as { body?: unknown; params?: unknown };
    const takesBody = methods.some((method) => ['POST', 'PUT', 'PATCH'].includes(method));
    // A POST that reads no body (an action on a resource) declares its parameters instead.
    if (takesBody && !schema.body && !schema.params)
      throw new Error(`route ${id} takes a body without a schema (add schema.body, see route-policy.ts)`);
    if (route.url.includes(':') && !schema.params)
      throw new Error(`route ${id} has URL parameters without a schema (add schema.params)`);
  });
}
