import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser';
import { startTestApp, type TestApp } from '../support/test-app';

const ADMIN_KEY = 'csp-test-admin-key-0123456789';

/** The pages under their real Content-Security-Policy (no bypass): everything they need still runs. */
describe.runIf(hasChromium || process.env.REQUIRE_SERVICES === '1')(
  'security headers in a real browser',
  () => {
    let t: TestApp;
    let browser: Browser;
    let page: Page;
    const violations: string[] = [];
    beforeAll(async () => {
      t = await startTestApp({ database: 'pglite', env: { ADMIN_API_KEY: ADMIN_KEY } });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 390, height: 780 } });
      // Every blocked script, style or request shows up as a violation event in the page.
      await page.exposeFunction('reportViolation', (line: string) => violations.push(line));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) =>
          (window as unknown as { reportViolation(line: string): void }).reportViolation(
            `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
          ),
        );
      });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await t?.stop();
    });

    it('the web chat runs its inline script and style (allowed by hash) and chats', async () => {
      const response = await page.goto(t.url);
      const csp = response!.headers()['content-security-policy']!;
      expect(csp).toMatch(/script-src 'self' 'sha256-[^']+' 'sha256-[^']+'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response!.headers()['x-content-type-options']).toBe('nosniff');
      await page.waitForSelector('.choice:enabled');
      // The inline style applies (a hidden-text helper class is positioned off-screen)…
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.sr')!).position)).toBe(
        'absolute',
      );
      // …and the inline head script runs: "Chữ to" is remembered across a reload.
      await page.click('#big');
      await page.reload();
      await page.waitForSelector('.choice:enabled');
      expect(await page.evaluate(() => document.documentElement.className)).toBe('big');
      await page.locator('.choice:enabled').first().click();
      await page.waitForFunction(() => document.querySelectorAll('#log .msg.bot').length > 1);
      expect(violations).toEqual([]);
    });

    it('an injected inline script is refused (the policy is really enforced)', async () => {
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
      });
      expect(
        await page.evaluate(() => (window as unknown as { injected?: boolean }).injected),
      ).toBeUndefined();
      await expect.poll(() => violations.some((line) => line.startsWith('script-src'))).toBe(true);
      violations.length = 0;
    });

    it('the dashboard signs in and draws under its policy', async () => {
      await page.goto(`${t.url}/admin`);
      await page.fill('input[name="key"]', ADMIN_KEY);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      await page.waitForSelector('canvas');
      expect(violations).toEqual([]);
    });

    it('/docs and the API answers carry the headers too', async () => {
      const docs = await fetch(`${t.url}/docs`);
      expect(docs.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      const api = await fetch(`${t.url}/api/v1/stats/overview`);
      expect(api.status).toBe(401);
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    });
  },
);
