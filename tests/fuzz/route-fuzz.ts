import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ADMIN_KEY, type FuzzTarget, TG_SECRET, ZALO_SECRET } from './fuzz-target';
import {
  eachFieldPoisoned,
  FUZZ_SEED,
  hostileString,
  hostileValue,
  mutated,
  nestedJson,
  rawEncode,
} from './hostile-values';

const json = { 'content-type': 'application/json' };
const asAdmin = { authorization: `Bearer ${ADMIN_KEY}` };
const POSTS: [string, Record<string, string>][] = [
  ['/webhooks/telegram', { ...json, 'x-telegram-bot-api-secret-token': TG_SECRET }],
  ['/webhooks/zalo', { ...json, 'x-bot-api-secret-token': ZALO_SECRET }],
  ['/api/web-chat/messages', json],
  ['/api/web-chat/sessions', json],
  ['/api/v1/volunteers', { ...json, ...asAdmin }],
  ['/api/v1/keys', { ...json, ...asAdmin }],
  ['/admin/login', { 'content-type': 'application/x-www-form-urlencoded' }],
];
const GETS = [
  '/',
  '/admin',
  '/readyz',
  '/healthz',
  '/docs',
  '/verify/x',
  '/api/web-chat/messages',
  '/api/v1/stats/overview',
  '/api/v1/stats/learners',
  '/api/v1/stats/courses',
  '/api/v1/stats/questions',
  '/api/v1/stats/progress',
  '/api/v1/volunteers',
  '/api/v1/keys',
  '/api/v1/audit',
];
const QUERY_KEYS = [
  'session',
  'from',
  'to',
  'province',
  'audience',
  'platform',
  'referral',
  'groupBy',
  'format',
  'limit',
  'before',
];

const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), hostileString), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.map(([key, value]) => `${key}=${rawEncode(value.slice(0, 2000))}`).join('&'));
const pathSegment = hostileString.map((value) => rawEncode(value.slice(0, 2000)) || 'x');

/** Every public route: generated bodies, queries and paths, with and without a key, never a 5xx or a hang. */
export function routeFuzz(target: () => FuzzTarget) {
  it('web chat: generated bodies and queries get a 2xx or 4xx; a text that is not a string is a 400', async () => {
    const f = target();
    const post = (body: unknown) =>
      f.send('POST', '/api/web-chat/messages', { body: JSON.stringify(body), headers: json });
    for (const text of [null, 5, ['a'], { a: 1 }, true])
      expect(await post({ session: 'abcdefgh', text })).toBe(400);
    const samples = [{ session: 'abcdefgh1', text: 'xin chào', messageId: 'm1' }, { text: '/start gv1' }];
    for (const body of eachFieldPoisoned(samples))
      expect(await post(body), JSON.stringify(body)).toBeLessThan(500);
    await fc.assert(
      fc.asyncProperty(mutated(samples), async (body) => {
        expect(await post(body)).toBeLessThan(500);
      }),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        expect(await f.send('GET', `/api/web-chat/messages?${q}`)).toBeLessThan(500);
      }),
      { seed: FUZZ_SEED, numRuns: 30 },
    );
  }, 60_000);

  it('admin API: generated queries, ids and bodies get a 4xx without a key and never a 5xx with one', async () => {
    const f = target();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GETS), query, fc.boolean(), async (path, q, keyed) => {
        const status = await f.send('GET', `${path}?${q}`, { headers: keyed ? asAdmin : {} });
        expect(status).toBeLessThan(500);
        if (path.startsWith('/api/v1/') && !keyed) expect(status).toBe(401);
      }),
      { seed: FUZZ_SEED, numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/v1/volunteers/',
          '/api/v1/keys/',
          '/admin/volunteer/',
          '/admin/assets/',
          '/verify/',
        ),
        pathSegment,
        fc.constantFrom('GET', 'DELETE', 'POST'),
        async (prefix, segment, method) => {
          expect(await f.send(method, `${prefix}${segment}`, { headers: asAdmin })).toBeLessThan(500);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
    const samples = [
      { name: 'Cô Lan', province: 'Nghệ An', code: 'gvlan1' },
      { name: 'Anh Tư', role: 'supervisor', provinces: ['Nghệ An'] },
    ];
    for (const path of ['/api/v1/volunteers', '/api/v1/keys'])
      for (const body of [
        ...eachFieldPoisoned(samples),
        { name: 'x\u0000y', role: 'staff' },
        { name: '\uD800' },
      ]) {
        const status = await f.send('POST', path, {
          body: JSON.stringify(body),
          headers: { ...json, ...asAdmin },
        });
        expect(status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
      }
    const bodies = mutated(samples);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/volunteers', '/api/v1/keys'),
        bodies,
        fc.boolean(),
        async (path, body, keyed) => {
          const headers = keyed ? { ...json, ...asAdmin } : json;
          const status = await f.send('POST', path, { body: JSON.stringify(body), headers });
          expect(status).toBeLessThan(500);
          if (!keyed) expect(status).toBe(401);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(hostileString, async (key) => {
        const body = `key=${rawEncode(key.slice(0, 2000))}`;
        const headers = { 'content-type': 'application/x-www-form-urlencoded' };
        expect(await f.send('POST', '/admin/login', { body, headers })).toBeLessThan(500);
        expect(
          await f.send('GET', '/admin', { headers: { cookie: `hv_admin=${rawEncode(key.slice(0, 500))}` } }),
        ).toBeLessThan(500);
      }),
      { seed: FUZZ_SEED, numRuns: 20 },
    );
  }, 60_000);

  it('takes 10 MB bodies, deep nesting, broken JSON and any value as a whole body with a 4xx at most', async () => {
    const f = target();
    const huge = JSON.stringify({ text: 'x'.repeat(10 * 1024 * 1024) });
    const deep = nestedJson(100_000);
    const deepObject = nestedJson(100_000, 'object');
    for (const [path, headers] of POSTS) {
      for (const body of [
        huge,
        deep,
        deepObject,
        '{"update_id": 1, "message": {',
        '\u0000',
        'null',
        '[]',
        '1e999',
      ])
        expect(await f.send('POST', path, { body, headers }), `${path} ${body.slice(0, 30)}`).toBeLessThan(
          500,
        );
      await fc.assert(
        fc.asyncProperty(hostileValue, async (value) => {
          expect(await f.send('POST', path, { body: JSON.stringify(value), headers })).toBeLessThan(500);
        }),
        { seed: FUZZ_SEED, numRuns: 10 },
      );
    }
  }, 60_000);

  it('bounds bodies that lie about their length, and keeps serving', async () => {
    const f = target();
    const head = (path: string, length: number) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    const short = POSTS.map(([path]) => f.raw(`${head(path, 1000)}{"update_id":1,"mes`));
    const long = POSTS.map(([path]) => f.raw(`${head(path, 5)}{"update_id":1,"message":{}}\r\n\r\n`));
    for (const { response, ms } of await Promise.all([...short, ...long])) {
      expect(ms).toBeLessThan(12_000);
      expect(response).not.toMatch(/^HTTP\/1\.1 5\d\d/m);
    }
    expect(await f.send('GET', '/healthz')).toBe(200);
  }, 60_000);
}
