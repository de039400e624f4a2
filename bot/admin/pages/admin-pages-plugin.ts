import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { appFile } from '../../app-files';
import { addDays, localToday } from '../../stats/local-days';
import { createStatsService } from '../../stats/stats-service';
import type { AdminDeps } from '../admin-deps';
import { createApiKeys } from '../api-keys';
import type { Principal } from '../principal';
import { createVolunteers } from '../volunteers';
import { campaignPages } from './campaign-pages';
import { dashboardPage } from './dashboard-page';
import { type QueueView, queuesPage } from './queues-page';
import { signInPage } from './sign-in-page';
import { volunteerPage } from './volunteer-page';

const COOKIE = 'hv_admin';
const SESSION_SECONDS = 8 * 60 * 60;
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const require = createRequire(import.meta.url);
const assets: Record<string, { type: string; body: Buffer }> = {
  'chart.umd.min.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js')),
  },
  'dashboard.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(appFile('bot/admin/pages/assets/dashboard.js')),
  },
  'campaign.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(appFile('bot/admin/pages/assets/campaign.js')),
  },
  'admin.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(appFile('bot/admin/pages/assets/admin.css')),
  },
};

/**
 * The dashboard at /admin. Signing in with a key sets it as an httpOnly, SameSite=Strict cookie on
 * /admin only, so revoking the key ends its sessions at once and no other site can use them.
 */
export function adminPagesPlugin(deps: AdminDeps): FastifyPluginAsync {
  return async (server) => {
    await server.register(cookie);
    server.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const keys = createApiKeys({ prisma: deps.prisma, bootstrapKey: deps.adminApiKey });
    const stats = createStatsService({
      prisma: deps.prisma,
      catalog: deps.catalog,
      timeZone: deps.timeZone,
      now: deps.now,
    });
    const volunteers = createVolunteers({ ...deps, stats });
    const secure = deps.publicUrl.startsWith('https:');
    const html = (reply: FastifyReply, status: number, body: string) =>
      reply.status(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(body);

    async function dashboard(principal: Principal) {
      const today = localToday(deps.now?.() ?? new Date(), deps.timeZone);
      const scope =
        principal.role === 'supervisor' && principal.provinces.length > 0
          ? { provinces: principal.provinces }
          : {};
      const [overview, daily, provinces, courses, questions, volunteerList] = await Promise.all([
        stats.overview(scope),
        stats.learners({ ...scope, from: addDays(today, -29) }, 'day'),
        stats.learners(scope, 'province'),
        stats.courses(scope),
        stats.questions(scope),
        principal.role === 'supervisor' ? undefined : volunteers.list(),
      ]);
      provinces.sort((a, b) => (b.courseCompletionRate ?? -1) - (a.courseCompletionRate ?? -1));
      return dashboardPage(
        { principal, overview, daily, provinces, courses, questions, volunteers: volunteerList },
        deps.catalog,
      );
    }

    async function queues({ queue, names }: NonNullable<AdminDeps['queues']>) {
      const views = await Promise.all(
        names.map(async (name): Promise<QueueView & { failed?: unknown }> => {
          try {
            const [counts, failures] = await Promise.all([
              queue.counts(name),
              queue.recentFailures(name, 10),
            ]);
            return { name, counts, failures: failures.map((f) => ({ ...f, queue: name })) };
          } catch (failed) {
            return { name, failures: [], failed };
          }
        }),
      );
      const error = views.some((v) => v.failed)
        ? 'Hàng đợi không trả lời (Redis?): một số hàng không đọc được.'
        : undefined;
      return queuesPage({ kind: queue.kind, queues: views, error, timeZone: deps.timeZone });
    }

    server.get('/admin', { schema: { hide: true } }, async (request, reply) => {
      const key = request.cookies[COOKIE];
      const principal = key ? await keys.authenticate(key) : undefined;
      if (!principal) return html(reply, 200, signInPage());
      return html(reply, 200, await dashboard(principal));
    });
    server.get('/admin/queues', { schema: { hide: true } }, async (request, reply) => {
      const key = request.cookies[COOKIE];
      const principal = key ? await keys.authenticate(key) : undefined;
      if (!principal) return html(reply, 200, signInPage());
      if (principal.role !== 'admin' || !deps.queues)
        return html(reply, 403, signInPage('Chỉ quản trị viên xem được hàng đợi công việc.'));
      return html(reply, 200, await queues(deps.queues));
    });
    server.post<{ Body: { key?: string } }>(
      '/admin/login',
      { schema: { hide: true } },
      async (request, reply) => {
        const key = String(request.body?.key ?? '').trim();
        const principal = key ? await keys.authenticate(key) : undefined;
        if (!principal) return html(reply, 401, signInPage('Khóa không đúng hoặc đã bị thu hồi.'));
        return reply
          .setCookie(COOKIE, key, {
            path: '/admin',
            httpOnly: true,
            sameSite: 'strict',
            secure,
            maxAge: SESSION_SECONDS,
          })
          .redirect('/admin', 303);
      },
    );
    server.post('/admin/logout', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .clearCookie(COOKIE, { path: '/admin', httpOnly: true, sameSite: 'strict', secure })
        .redirect('/admin', 303),
    );
    server.get<{ Params: { name: string } }>(
      '/admin/assets/:name',
      { schema: { hide: true } },
      async (request, reply) => {
        const asset = assets[request.params.name];
        if (!asset) return reply.callNotFound();
        return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
      },
    );
    campaignPages(server, {
      cookie: COOKIE,
      html,
      courses: deps.catalog.courses.map((course) => ({ id: course.id, title: course.title.vi })),
    });
    server.get<{ Params: { token: string } }>(
      '/admin/volunteer/:token',
      { schema: { hide: true } },
      async (request, reply) => {
        const found = /^[A-Za-z0-9_-]{20,100}$/.test(request.params.token)
          ? await volunteers.byViewToken(request.params.token)
          : undefined;
        if (!found) return html(reply, 404, signInPage('Liên kết không còn hiệu lực.'));
        return html(reply, 200, volunteerPage(found));
      },
    );
  };
}
