import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';

const BOOTSTRAP = 'bootstrap-admin-key-for-tests-0123456789';
type Role = 'admin' | 'staff' | 'supervisor';

/** Every /api/v1 route and who may call it. The test fails when a route is missing from this list. */
const ROUTES: { method: 'GET' | 'POST' | 'DELETE'; url: string; roles: Role[]; body?: unknown }[] = [
  { method: 'POST', url: '/api/v1/keys', roles: ['admin'], body: { name: 'made in matrix', role: 'staff' } },
  { method: 'GET', url: '/api/v1/keys', roles: ['admin'] },
  { method: 'DELETE', url: '/api/v1/keys/999999', roles: ['admin'] },
  { method: 'GET', url: '/api/v1/audit', roles: ['admin'] },
  { method: 'GET', url: '/api/v1/stats/overview', roles: ['admin', 'staff', 'supervisor'] },
  { method: 'GET', url: '/api/v1/stats/learners', roles: ['admin', 'staff', 'supervisor'] },
  { method: 'GET', url: '/api/v1/stats/courses', roles: ['admin', 'staff', 'supervisor'] },
  { method: 'GET', url: '/api/v1/stats/questions', roles: ['admin', 'staff', 'supervisor'] },
  { method: 'GET', url: '/api/v1/stats/progress', roles: ['admin'] },
  { method: 'POST', url: '/api/v1/volunteers', roles: ['admin', 'staff'], body: { name: 'Cô Lan' } },
  { method: 'GET', url: '/api/v1/volunteers', roles: ['admin', 'staff'] },
  { method: 'GET', url: '/api/v1/volunteers/999999', roles: ['admin', 'staff'] },
  { method: 'POST', url: '/api/v1/volunteers/999999/view-link', roles: ['admin', 'staff'] },
  // Broadcast campaigns (issue 14)
  {
    method: 'POST',
    url: '/api/v1/campaigns',
    roles: ['admin', 'staff'],
    body: { name: 'matrix', text: 'Xin chào', segment: { platforms: ['web'] } },
  },
  { method: 'GET', url: '/api/v1/campaigns', roles: ['admin', 'staff'] },
  { method: 'GET', url: '/api/v1/campaigns/999999', roles: ['admin', 'staff'] },
  { method: 'GET', url: '/api/v1/campaigns/999999/deliveries', roles: ['admin', 'staff'] },
  { method: 'POST', url: '/api/v1/campaigns/999999/preview', roles: ['admin', 'staff'] },
  {
    method: 'POST',
    url: '/api/v1/campaigns/999999/test',
    roles: ['admin', 'staff'],
    body: { platform: 'telegram', chatId: '1' },
  },
  ...['send', 'pause', 'resume', 'cancel', 'retry-failed'].map((action) => ({
    method: 'POST' as const,
    url: `/api/v1/campaigns/999999/${action}`,
    roles: ['admin', 'staff'] as Role[],
  })),
];

describeWithServices('/api/v1 authentication and authorisation', { postgres: true }, () => {
  let test: TestApp;
  let server: FastifyInstance;
  const keys: Record<string, string> = {};
  const call = (method: string, url: string, key?: string, body?: unknown) =>
    server.inject({
      method: method as 'GET',
      url,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      ...(body ? { payload: body as object } : {}),
    });

  beforeAll(async () => {
    test = await startTestApp({ database: 'postgres', env: { ADMIN_API_KEY: BOOTSTRAP } });
    server = test.app.server!;
    for (const [name, role, provinces] of [
      ['admin', 'admin', []],
      ['staff', 'staff', []],
      ['supervisor', 'supervisor', []],
      ['hanoi', 'supervisor', ['Hà Nội']],
      ['revoked', 'staff', []],
    ] as const) {
      const created = await call('POST', '/api/v1/keys', BOOTSTRAP, { name, role, provinces });
      expect(created.statusCode).toBe(201);
      keys[name] = created.json().key;
      keys[`${name}#id`] = String(created.json().id);
    }
    expect((await call('DELETE', `/api/v1/keys/${keys['revoked#id']}`, BOOTSTRAP)).statusCode).toBe(200);
  });
  afterAll(() => test?.stop());

  it('lists every /api/v1 route in the matrix', async () => {
    const documented = Object.entries((server.swagger() as { paths: Record<string, object> }).paths)
      .filter(([path]) => path.startsWith('/api/v1'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    const tested = ROUTES.map((r) => `${r.method} ${r.url.replace(/\/999999/, '/:id')}`);
    expect(documented.sort()).toEqual([...new Set(tested)].sort());
  });

  for (const route of ROUTES) {
    describe(`${route.method} ${route.url}`, () => {
      it('is 401 without a key, with a wrong key and with a revoked key', async () => {
        for (const key of [undefined, 'hv_not-a-real-key', keys.revoked, `${BOOTSTRAP}x`]) {
          const response = await call(route.method, route.url, key, route.body);
          expect(response.statusCode, `key ${key?.slice(0, 6)}`).toBe(401);
          expect(response.headers['www-authenticate']).toBe('Bearer');
        }
      });
      for (const role of ['admin', 'staff', 'supervisor', 'hanoi'] as const) {
        const allowed = route.roles.includes(role === 'hanoi' ? 'supervisor' : role);
        it(`is ${allowed ? 'allowed' : '403'} for ${role}`, async () => {
          const response = await call(route.method, route.url, keys[role], route.body);
          if (!allowed) return expect(response.statusCode).toBe(403);
          expect(response.statusCode, response.body).toBeLessThan(500);
          expect([401, 403]).not.toContain(response.statusCode);
        });
      }
      it('is allowed for the ADMIN_API_KEY bootstrap key', async () => {
        const response = await call(route.method, route.url, BOOTSTRAP, route.body);
        expect([401, 403]).not.toContain(response.statusCode);
      });
    });
  }

  it('keeps a province-limited supervisor to their province', async () => {
    const own = await call('GET', '/api/v1/stats/overview?province=H%C3%A0%20N%E1%BB%99i', keys.hanoi);
    expect(own.statusCode).toBe(200);
    for (const url of [
      '/api/v1/stats/overview?province=Ngh%E1%BB%87%20An',
      '/api/v1/stats/learners?groupBy=province&province=ninh-binh',
      '/api/v1/stats/questions?province=Hu%E1%BA%BF',
    ]) {
      const other = await call('GET', url, keys.hanoi);
      expect(other.statusCode, url).toBe(403);
    }
    const unlimited = await call('GET', '/api/v1/stats/overview?province=Ngh%E1%BB%87%20An', keys.supervisor);
    expect(unlimited.statusCode).toBe(200);
  });

  it('records staff changes in the audit log, readable by admins only', async () => {
    const log = await call('GET', '/api/v1/audit', keys.admin);
    const actions = log
      .json()
      .map((entry: { action: string; actor: string }) => `${entry.action} by ${entry.actor}`);
    expect(actions).toContain('key.create by ADMIN_API_KEY');
    expect(actions).toContain('key.revoke by ADMIN_API_KEY');
    expect((await call('GET', '/api/v1/audit', keys.staff)).statusCode).toBe(403);
  });

  it('never returns key hashes, and shows a key only when it is created', async () => {
    const list = await call('GET', '/api/v1/keys', keys.admin);
    expect(list.body).not.toContain(keys.staff);
    expect(list.json()[0]).not.toHaveProperty('hash');
    const revoked = list.json().find((k: { name: string }) => k.name === 'revoked');
    expect(revoked.revokedAt).not.toBeNull();
    expect(list.json().find((k: { name: string }) => k.name === 'admin').lastUsedAt).not.toBeNull();
  });

  it('refuses bad filter values with 400 (unknown groupBy, province, injection attempts)', async () => {
    for (const url of [
      '/api/v1/stats/learners?groupBy=year',
      '/api/v1/stats/learners?groupBy=province;DROP%20TABLE%20learner',
      "/api/v1/stats/overview?province=x'%20OR%201=1--",
      "/api/v1/stats/overview?referral=a'%20OR%20'1'='1",
      '/api/v1/stats/overview?audience=elder%27--',
      '/api/v1/stats/overview?from=2026-02-30',
      '/api/v1/stats/overview?platform=fax',
    ]) {
      const response = await call('GET', url, keys.staff);
      expect(response.statusCode, url).toBe(400);
    }
    expect((await call('GET', '/api/v1/stats/overview', keys.staff)).statusCode).toBe(200);
  });
});
