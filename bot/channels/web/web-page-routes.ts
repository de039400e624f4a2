import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { appFile } from '../../app-files';
import { inlinePageHelmet } from '../../server/security-headers';

const page = readFileSync(appFile('bot/channels/web/chat-page.html'), 'utf8');
const icon = readFileSync(appFile('bot/channels/web/icon.svg'), 'utf8');

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
