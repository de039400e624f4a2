/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetRollups, rollUpClosedDays } from '../../bot/stats/rollup';
import { axeViolations, hasChromium, launchChromium } from '../helpers/browser';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';
import { insertDataset, makeDataset } from './stats-dataset';

const ADMIN = 'bootstrap-admin-key-for-tests-0123456789';
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/hocvuso-admin-shots';

/** True when the canvas has drawn pixels (a chart, not a blank box). */
const drawn = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
    return painted;
  }, id);

describe.runIf(hasChromium || process.env.REQUIRE_SERVICES === '1')('dashboard in a real browser', () => {
  describeWithServices('/admin', { postgres: true }, () => {
    let test: TestApp;
    let browser: Browser;
    let supervisorKey: string;
    const outside: string[] = [];

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      test = await startTestApp({ database: 'postgres', env: { ADMIN_API_KEY: ADMIN } });
      await insertDataset(
        test.app.db.prisma,
        makeDataset({
          learners: 200,
          now: new Date(),
          days: 30,
          seed: 5,
          courses: ['demo'],
          lessons: ['one', 'two', 'three'],
        }),
      );
      // The app's own rollup job may have run on part of the data: start again from scratch.
      await resetRollups(test.app.db.prisma);
      await rollUpClosedDays(test.app.db.prisma, { timeZone: 'Asia/Ho_Chi_Minh', now: new Date() });
      const created = await test.app.server!.inject({
        method: 'POST',
        url: '/api/v1/keys',
        headers: { authorization: `Bearer ${ADMIN}` },
        payload: { name: 'Giám sát Hà Nội', role: 'supervisor', provinces: ['Hà Nội'] },
      });
      supervisorKey = created.json().key;
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await test?.stop();
    });

    async function phonePage() {
      // bypassCSP only so the test can inject axe-core; the app's own scripts are same-origin files.
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        bypassCSP: true,
        locale: 'vi-VN',
      });
      const page = await context.newPage();
      page.on('request', (request) => {
        if (!request.url().startsWith(test.url)) outside.push(request.url());
      });
      return { context, page };
    }

    it('signs in with a key, draws the charts, sorts provinces, and signs out', async () => {
      const { context, page } = await phonePage();
      await page.goto(`${test.url}/admin`);
      await expect(page.getByRole('heading', { name: 'Bảng điều khiển hocvuso' })).toBeDefined();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/sign-in.png`, fullPage: true });

      await page.getByLabel('Khóa truy cập (API key)').fill('hv_wrong-key');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Khóa không đúng');

      await page.getByLabel('Khóa truy cập (API key)').fill(ADMIN);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForSelector('body[data-charts="2"]');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'hv_admin', httpOnly: true, sameSite: 'Strict', path: '/admin' });
      expect(await drawn(page, 'active-chart')).toBeGreaterThan(1000);
      expect(await drawn(page, 'funnel-chart')).toBeGreaterThan(1000);
      expect(await page.locator('.card .figure').first().textContent()).toBe('200');
      const [courses] = await test.app.db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(completed_at)::int AS n FROM enrolment`;
      expect(courses!.n).toBeGreaterThan(0);
      expect(await page.locator('.card .figure').last().textContent()).toBe(String(courses!.n));
      expect(await page.getByRole('heading', { name: 'Tình nguyện viên' }).count()).toBe(1);

      const rates = () =>
        page.$$eval('#province-table tbody tr', (rows) =>
          rows.map((r) => Number((r.children[4] as HTMLElement).dataset.v)),
        );
      const before = await rates();
      expect(before).toEqual([...before].sort((a, b) => b - a));
      await page.getByRole('button', { name: 'Tỉ lệ hoàn thành' }).click();
      const after = await rates();
      expect(after).toEqual([...before].sort((a, b) => a - b));
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
      const sections = page.locator('main > section');
      for (let i = 0; i < (await sections.count()); i++)
        await sections.nth(i).screenshot({ path: `${SHOTS}/dashboard-section-${i + 1}.png` });

      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForSelector('#key');
      expect(await context.cookies()).toEqual([]);
      await page.goto(`${test.url}/admin`);
      expect(await page.locator('#key').count()).toBe(1);
      await context.close();
      expect(outside).toEqual([]);
    });

    it('shows a province-limited supervisor their province and no volunteers', async () => {
      const { context, page } = await phonePage();
      await page.goto(`${test.url}/admin`);
      await page.getByLabel('Khóa truy cập (API key)').fill(supervisorKey);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForSelector('body[data-charts="2"]');
      expect(await page.locator('.who').textContent()).toContain('Hà Nội');
      const provinces = await page.$$eval('#province-table tbody th', (cells) =>
        cells.map((c) => c.textContent),
      );
      expect(provinces).toEqual(['Hà Nội']);
      expect(await page.getByRole('heading', { name: 'Tình nguyện viên' }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/supervisor.png`, fullPage: true });
      await context.close();
    });

    it('shows admins the job queues and recent failures without job data; others get a 403', async () => {
      await test.app.queue.add('tutor-answer', { phone: '0912345678', question: 'otp 123456' });
      await expect.poll(async () => (await test.app.queue.counts('tutor-answer')).failed).toBe(1);
      const { context, page } = await phonePage();
      await page.goto(`${test.url}/admin`);
      await page.getByLabel('Khóa truy cập (API key)').fill(ADMIN);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('link', { name: 'Hàng đợi công việc' }).click();
      await page.waitForSelector('#queue-table');
      expect(await page.locator('#queue-kind').textContent()).toContain('trong tiến trình này');
      const counts = await page.$$eval('#queue-table tbody tr', (rows) =>
        rows.map((r) => [...r.children].map((c) => c.textContent)),
      );
      expect(counts.map((row) => row[0])).toEqual(
        expect.arrayContaining(['tutor-answer', 'stats-rollup', 'outbox-sweep']),
      );
      expect(counts.find((row) => row[0] === 'tutor-answer')?.[4]).toBe('1');
      const failure = await page.locator('#failure-table tbody tr').first().textContent();
      expect(failure).toContain('tutor-answer');
      expect(failure).toContain('invalid tutor-answer payload');
      expect(await page.content()).not.toContain('0912345678');
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/queues.png`, fullPage: true });
      await context.close();

      const supervisor = await phonePage();
      await supervisor.page.goto(`${test.url}/admin`);
      await supervisor.page.getByLabel('Khóa truy cập (API key)').fill(supervisorKey);
      await supervisor.page.getByRole('button', { name: 'Đăng nhập' }).click();
      await supervisor.page.waitForSelector('body[data-charts="2"]');
      expect(await supervisor.page.getByRole('link', { name: 'Hàng đợi công việc' }).count()).toBe(0);
      const denied = await supervisor.page.goto(`${test.url}/admin/queues`);
      expect(denied?.status()).toBe(403);
      expect(await supervisor.page.getByRole('alert').textContent()).toContain('Chỉ quản trị viên');
      await supervisor.context.close();
    });

    it("attributes a learner who opens a volunteer's web chat link", async () => {
      const { context, page } = await phonePage();
      await page.goto(`${test.url}/?start=gvweblink`);
      const agree = page.getByRole('button', { name: /đồng ý/i }).first();
      await agree.click();
      await expect
        .poll(
          async () =>
            (await test.app.db.prisma.learner.findMany({ where: { referralCode: 'gvweblink' } })).length,
        )
        .toBe(1);
      await context.close();
    });

    it("shows a volunteer's read-only page", async () => {
      const created = await test.app.server!.inject({
        method: 'POST',
        url: '/api/v1/volunteers',
        headers: { authorization: `Bearer ${ADMIN}` },
        payload: { name: 'Thầy Minh', code: 'gvbeta' },
      });
      const { context, page } = await phonePage();
      await page.goto(`${test.url}${new URL(created.json().viewLink).pathname}`);
      expect(await page.getByRole('heading', { name: 'Xin chào Thầy Minh' }).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/volunteer.png`, fullPage: true });
      await context.close();
    });
  });
});
