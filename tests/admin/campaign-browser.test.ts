/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLearners } from '../campaigns/campaign-kit';
import { axeViolations, hasChromium, launchChromium } from '../helpers/browser';
import { describeWithServices } from '../helpers/services';
import { startTestApp, type TestApp } from '../support/test-app';

const ADMIN = 'bootstrap-admin-key-for-campaign-pages-0123';
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/hocvuso-admin-shots';

describe.runIf(hasChromium || process.env.REQUIRE_SERVICES === '1')(
  'campaign pages in a real browser',
  () => {
    describeWithServices('/admin/campaigns', { postgres: true }, () => {
      let test: TestApp;
      let browser: Browser;

      beforeAll(async () => {
        mkdirSync(SHOTS, { recursive: true });
        test = await startTestApp({ database: 'postgres', env: { ADMIN_API_KEY: ADMIN, QUIET_HOURS: '' } });
        // Web chat learners: their messages wait for the page to fetch them (no platform needed).
        await seedLearners(test.app.db.prisma, { count: 25, platform: 'web', firstChat: 40_000 });
        browser = await launchChromium();
      });
      afterAll(async () => {
        await browser?.close();
        await test?.stop();
      });

      it('creates, previews and sends a campaign, with live progress to the end', async () => {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          bypassCSP: true,
          locale: 'vi-VN',
        });
        const page = await context.newPage();
        await page.goto(`${test.url}/admin`);
        await page.getByLabel('Khóa truy cập (API key)').fill(ADMIN);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.goto(`${test.url}/admin/campaigns`);
        expect(await axeViolations(page)).toEqual([]);

        await page.getByLabel('Tên chiến dịch').fill('Cảnh giác cuộc gọi lạ');
        await page.getByRole('button', { name: 'Tạo bản nháp' }).click();
        expect(await page.getByRole('alert').textContent()).toContain('text is empty');

        await page
          .getByLabel('Nội dung tin nhắn')
          .fill('Tuần này: cách nhận diện cuộc gọi giả danh công an.');
        await page.getByLabel('Nút mở khóa học').selectOption('demo');
        await page.getByRole('button', { name: 'Tạo bản nháp' }).click();
        await page.waitForSelector('#progress');
        expect(await page.locator('.preview .buttons span').first().textContent()).toBe('Học ngay');
        expect(await page.locator('.preview').nth(1).textContent()).toContain('1. Học ngay');
        expect(await axeViolations(page)).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/campaign-draft.png`, fullPage: true });

        await page.getByRole('button', { name: 'Gửi', exact: true }).click();
        await page.waitForFunction(
          () => document.querySelector('[data-k="status"]')?.textContent === 'Đã xong',
          undefined,
          {
            timeout: 30_000,
          },
        );
        const sent = await page.locator('tr', { hasText: 'Đã gửi' }).locator('td').textContent();
        expect(sent).toBe('25');
        expect(await axeViolations(page)).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/campaign-done.png`, fullPage: true });
        const audit = await test.app.db.prisma.auditLog.findMany({
          where: { action: { startsWith: 'campaign.' } },
        });
        expect(audit.map((entry) => entry.action).sort()).toEqual(['campaign.create', 'campaign.send']);
        await context.close();
      }, 90_000);
    });
  },
);
