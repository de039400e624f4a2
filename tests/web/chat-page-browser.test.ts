import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, hasChromium, launchChromium } from '../helpers/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { webSessionsOf } from '../support/web-session';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/hocvuso-chat-shots';

/** The web chat page as a learner on a phone uses it, in Debian's chromium, checked with axe-core. */
describe.runIf(hasChromium || process.env.REQUIRE_SERVICES === '1')('web chat page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ database: 'pglite' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 780 } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const lastBot = () => page.locator('#log .msg.bot').last();

  it('greets with numbered choices and no accessibility violations', async () => {
    await page.goto(t.url);
    await page.waitForSelector('.choice:enabled');
    expect(await page.locator('.choice:enabled').first().textContent()).toBe('1. Đồng ý');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/greeting.png` });
  });

  it('asks the language once after /language, then shows its own controls in English', async () => {
    await page.locator('.choice:enabled').first().click();
    await page.waitForSelector('.choice:enabled >> text=English');
    const bots = await page.locator('.msg.bot').count();
    await page.fill('#text', '/language');
    await page.press('#text', 'Enter');
    // The question asked again, not the earlier one's buttons (still active until the answer comes).
    await page.waitForFunction((n) => document.querySelectorAll('.msg.bot').length > n, bots);
    await page.locator('.choice:enabled >> text=English').last().click();
    await page.waitForFunction(() => document.querySelector('#send')?.textContent === 'Send');
    expect(await lastBot().textContent()).toContain('province');
    expect(await page.locator('#restart').textContent()).toBe('Start over');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/english.png` });
  });

  it('offers to delete the learner’s data before starting over', async () => {
    await page.click('#restart');
    await page.waitForSelector('#confirm:not([hidden])');
    expect(await page.locator('#erase').textContent()).toBe('Delete my data');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/start-over.png` });
    await page.click('#erase');
    await page.waitForFunction(() => document.querySelectorAll('.msg.bot').length > 3);
    expect(await lastBot().textContent()).toMatch(/erase|xóa/i);
  });

  /** The learner the page's session cookie names (the page itself cannot read it: httpOnly). */
  const pageSession = async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'hv_chat');
    return { cookie, session: (await webSessionsOf(t.app)).open(cookie?.value) };
  };

  it('keeps its session in an httpOnly, same-site cookie the page’s script cannot read', async () => {
    const { cookie, session } = await pageSession();
    expect(session).not.toBeNull();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/web-chat' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('hv_chat');
    const body = await page.evaluate(() => JSON.stringify(localStorage));
    expect(body).not.toContain(cookie!.value);
  });

  it('shows messages the bot sends later without a reload', async () => {
    const { session } = await pageSession();
    const learner = await t.app.db.prisma.learner.findFirstOrThrow({
      where: { platformUserId: session!.id },
    });
    await t.app.db.prisma.outboundMessage.create({
      data: {
        platform: 'web',
        chatId: session!.id,
        learnerId: learner.id,
        replies: [{ text: 'Tin nhắn đến sau.' }],
        leaseUntil: new Date(Date.now() - 1000),
      },
    });
    await page.waitForFunction(() => document.body.textContent?.includes('Tin nhắn đến sau.'), undefined, {
      timeout: 15_000,
    });
  });

  it('starts over on this device with a new session, leaving the old learner on the server', async () => {
    const before = (await pageSession()).session!;
    await page.reload();
    await page.waitForSelector('text=Tin nhắn đến sau.');
    expect((await pageSession()).session!.id).toBe(before.id);
    await page.click('#restart');
    await page.waitForSelector('#confirm:not([hidden])');
    await page.click('#yes');
    await page.waitForSelector('.choice:enabled >> text=Đồng ý');
    const after = (await pageSession()).session!;
    expect(after.id).not.toBe(before.id);
    const prisma = t.app.db.prisma;
    expect(await prisma.learner.count({ where: { platform: 'web', platformUserId: before.id } })).toBe(1);
    expect(await prisma.learner.count({ where: { platform: 'web', platformUserId: after.id } })).toBe(1);
    expect(await page.locator('#log').textContent()).not.toContain('Tin nhắn đến sau.');
    await page.screenshot({ path: `${SHOTS}/fresh-start.png` });
  });

  it('serves its icon', async () => {
    const response = await fetch(`${t.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/svg+xml');
  });
});
