import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resetRollups, rollUpClosedDays } from '../../bot/stats/rollup';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';
import { type Dataset, insertDataset, makeDataset } from './stats-dataset';

const ADMIN = 'bootstrap-admin-key-for-tests-0123456789';

/** RFC 4180 parsing, written here so the test does not trust the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  return rows;
}

describeWithServices('CSV exports and volunteers', { postgres: true }, () => {
  let test: TestApp;
  let server: FastifyInstance;
  let data: Dataset;
  const get = (url: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}`, ...headers } });

  beforeAll(async () => {
    test = await startTestApp({
      database: 'postgres',
      env: {
        ADMIN_API_KEY: ADMIN,
        TELEGRAM_BOT_USERNAME: 'hocvuso_test_bot',
        PUBLIC_URL: 'https://hocvuso.example.vn',
      },
    });
    server = test.app.server!;
    data = makeDataset({ learners: 120, now: new Date(), days: 20, seed: 3 });
    await insertDataset(test.app.db.prisma, data);
    // The rollup job ran at start on an empty database; these days are history it has not seen.
    await resetRollups(test.app.db.prisma);
    await rollUpClosedDays(test.app.db.prisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
  });
  afterAll(() => test?.stop());

  it('streams statistics as CSV with a BOM that parses back to the JSON figures', async () => {
    for (const groupBy of ['day', 'province', 'audience', 'platform', 'week', 'month', 'referral']) {
      const json = (await get(`/api/v1/stats/learners?groupBy=${groupBy}`)).json();
      const csv = await get(`/api/v1/stats/learners?groupBy=${groupBy}&format=csv`);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const [header, ...rows] = parseCsv(csv.body.slice(1));
      expect(rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]])))).toEqual(
        json.map((o: Record<string, unknown>) =>
          Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)])),
        ),
      );
    }
    const viaAccept = await get('/api/v1/stats/overview?province=H%C3%A0%20N%E1%BB%99i', {
      accept: 'text/csv',
    });
    const [header, values] = parseCsv(viaAccept.body.slice(1));
    const overview = (await get('/api/v1/stats/overview?province=ha-noi')).json();
    expect(Number(values![header!.indexOf('learners')])).toBe(overview.learners);
    expect(overview.learners).toBe(data.learners.filter((l) => l.province === 'ha-noi').length);
  });

  it('keeps Vietnamese intact in CSV (course titles)', async () => {
    const csv = await get('/api/v1/stats/courses?format=csv');
    expect(csv.body).toContain('Khóa thử');
  });

  it('exports every learner’s progress with pseudonymous ids only', async () => {
    const csv = await get('/api/v1/stats/progress');
    const [header, ...rows] = parseCsv(csv.body.slice(1));
    expect(header).toContain('learner');
    expect(rows).toHaveLength(data.learners.length);
    expect(csv.body).not.toMatch(/\bu\d+\b/); // platform user ids of the dataset
    const ids = rows.map((row) => row[0]);
    expect(new Set(ids).size).toBe(rows.length);
    const completed = rows.reduce((sum, row) => sum + Number(row[header!.indexOf('lessons_completed')]), 0);
    expect(completed).toBe(data.lessons.filter((p) => p.completed).length);
  });

  it('creates volunteers with a code and links, and counts the learners they brought', async () => {
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/volunteers',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { name: 'Cô Lan', code: 'gvalpha', province: 'Nghệ An' },
    });
    expect(created.statusCode).toBe(201);
    const volunteer = created.json();
    expect(volunteer.links.telegram).toBe('https://t.me/hocvuso_test_bot?start=gvalpha');
    expect(volunteer.links.web).toBe('https://hocvuso.example.vn/?start=gvalpha');
    expect(volunteer.province).toBe('nghe-an');
    const brought = data.learners.filter((l) => l.referral === 'gvalpha');
    const withLesson = new Set(
      data.lessons
        .filter((p) => p.completed && brought.some((l) => l.id === p.learnerId))
        .map((p) => p.learnerId),
    );
    const listed = (await get('/api/v1/volunteers')).json();
    expect(listed[0].progress).toMatchObject({
      learners: brought.length,
      learnersWithALesson: withLesson.size,
    });
    expect(JSON.stringify(listed)).not.toContain('viewTokenHash');

    const page = await server.inject({ method: 'GET', url: new URL(volunteer.viewLink).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cô Lan');
    expect(page.body).toContain(
      `<span class="figure">${brought.length}</span><span class="label">Người học</span>`,
    );
    const renewed = await server.inject({
      method: 'POST',
      url: `/api/v1/volunteers/${volunteer.id}/view-link`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(
      (await server.inject({ method: 'GET', url: new URL(volunteer.viewLink).pathname })).statusCode,
    ).toBe(404);
    expect(
      (await server.inject({ method: 'GET', url: new URL(renewed.json().viewLink).pathname })).statusCode,
    ).toBe(200);
    const again = await server.inject({
      method: 'POST',
      url: '/api/v1/volunteers',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { name: 'X', code: 'gvalpha' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('describes the admin API in OpenAPI with the bearer scheme and the route schemas', async () => {
    const doc = (await server.inject({ method: 'GET', url: '/docs' })).json();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const learners = doc.paths['/api/v1/stats/learners'].get;
    expect(learners.security).toEqual([{ bearerAuth: [] }]);
    const groupBy = learners.parameters.find((p: { name: string }) => p.name === 'groupBy');
    expect(groupBy.schema.enum).toEqual([
      'day',
      'week',
      'month',
      'province',
      'audience',
      'platform',
      'referral',
    ]);
    expect(doc.paths['/api/web-chat/messages']).toBeDefined();
  });
});
