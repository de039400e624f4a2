import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { inlinePageHelmet } from '../../server/security-headers';

const page = readFileSync(new URL('./chat-page.html', import.meta.url), 'utf8');
const icon = readFileSync(new URL('./icon.svg', import.meta.url), 'utf8');

/** The web chat page and its icon. */
export const webPageRoutes: FastifyPluginAsync = async (server) => {
  server.get('/', { schema: { hide: true }, helmet: inlinePageHelmet(page) }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
  );
  for (const path of ['/favicon.ico', '/icon.svg'])
    server.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(icon),
    );
};
