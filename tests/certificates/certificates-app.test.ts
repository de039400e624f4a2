import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, hasChromium, launchChromium } from '../helpers/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

interface Wire {
  replies: {
    text: string;
    choices?: { label: string; reply: string }[];
    media?: { url: string; alt: string };
  }[];
}

const PUBLIC_URL = 'https://hocvuso.example';
const SCREENSHOTS = new URL('../../coverage/screenshots/', import.meta.url);

/** The embedded default (PGlite, in-process jobs): a learner finishes the course and gets a certificate. */
describe('certificates end to end (embedded default)', () => {
  let t: TestApp;
  /** The session token the server issued, and the learner id it stands for. */
  let session: string;
  let learnerId: string;
  let code: string;
  beforeAll(async () => {
    t = await startTestApp({ database: 'pglite', env: { PUBLIC_URL } });
  }, 60_000);
  afterAll(async () => t?.stop());

  const post = async (text: string) => {
    const response = await fetch(`${t.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, text }),
    });
    return ((await response.json()) as Wire).replies;
  };
  const later = async (): Promise<Wire['replies']> => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const response = await fetch(`${t.url}/api/web-chat/messages?session=${session}`);
      const { replies } = (await response.json()) as Wire;
      if (replies.length > 0) return replies;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return [];
  };
  /** Local fetch of a PUBLIC_URL link. */
  const open = (url: string) => fetch(url.replace(PUBLIC_URL, t.url));

  it('finishing the course asks for the name, then sends the link and the image', async () => {
    ({ token: session, id: learnerId } = await issueWebSession(t.app));
    for (const text of ['/start', '1', '1', '0', '1']) await post(text);
    // Lessons one to four done already: the course ends with lesson five.
    const done = Object.fromEntries(['one', 'two', 'three', 'four'].map((id) => [id, { c: 3, n: 3 }]));
    const row = await t.app.db.prisma.learner.findFirstOrThrow({ where: { platformUserId: learnerId } });
    await t.app.db.prisma.learner.update({
      where: { id: row.id },
      data: { state: { ...(row.state as object), done: { demo: done }, reminderAsked: true } },
    });
    let replies: Wire['replies'] = [];
    for (const text of ['1', '1', '1']) replies = await post(text);
    // Options are shuffled per learner: press the button that shows the right option.
    const press = (option: string) => {
      const choice = replies.at(-1)!.choices!.find((c) => c.label.endsWith(option))!;
      return post(choice.reply);
    };
    replies = await press('Lựa chọn 2');
    replies = await press('Lựa chọn 3');
    const end = await press('Lựa chọn 1');
    const endText = end.map((r) => r.text).join('\n');
    expect(endText).toContain('hoàn thành khóa');
    expect(endText).toContain('họ tên đầy đủ');
    expect((await post('<b>')).at(-1)!.text).toContain('chỉ chữ');
    expect((await post('Nguyễn Thị Hoa')).map((r) => r.text).join('\n')).toContain(
      'đang làm giấy chứng nhận',
    );

    const [sent] = await later();
    const link = /https:\/\/hocvuso\.example\/verify\/([a-z2-7]{26})/.exec(sent!.text);
    expect(link).not.toBeNull();
    code = link![1]!;
    expect(sent!.media).toEqual({
      url: `${PUBLIC_URL}/verify/${code}.png`,
      alt: 'Giấy chứng nhận: Khóa thử',
    });

    const image = await open(sent!.media!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await image.arrayBuffer()));
    expect([png.width, png.height]).toEqual([1200, 850]);
  });

  it('GET /verify/:code shows name, course, date and validity, and nothing else about the learner', async () => {
    const response = await open(`${PUBLIC_URL}/verify/${code}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Nguyễn Thị Hoa');
    expect(html).toContain('Khóa thử');
    expect(html).toContain('Còn hiệu lực');
    expect(html).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(html).not.toContain(learnerId);
    expect(html).not.toMatch(/province|Huế|tỉnh/i);
  });

  it('unknown, malformed and almost-right codes are a plain 404', async () => {
    const wrong = `${code.slice(0, -1)}${code.endsWith('a') ? 'b' : 'a'}`;
    for (const path of [
      `/verify/${wrong}`,
      `/verify/${wrong}.png`,
      '/verify/1',
      '/verify/%27%20OR%201=1',
      '/verify/',
    ]) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('Nguyễn');
    }
  });

  it.runIf(hasChromium)('the page passes axe and reads well on a phone (screenshot)', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
      const blocked: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(`${t.url}/verify/${code}`);
      // Its stylesheet is inline: the page's policy must allow it (a blocked style leaves it unstyled).
      expect(blocked).toEqual([]);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')!).maxWidth)).toBe(
        '640px',
      );
      expect(await axeViolations(page)).toEqual([]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(new URL('verify-phone.png', SCREENSHOTS), await page.screenshot({ fullPage: true }));
      await page.goto(`${t.url}/verify/${'a'.repeat(26)}`);
      expect(await axeViolations(page)).toEqual([]);
      writeFileSync(new URL('verify-404-phone.png', SCREENSHOTS), await page.screenshot());
    } finally {
      await browser.close();
    }
  });

  it('a revoked certificate says so; /delete removes it with the learner', async () => {
    await t.app.db.prisma.certificate.update({ where: { code }, data: { revokedAt: new Date() } });
    expect(await (await open(`${PUBLIC_URL}/verify/${code}`)).text()).toContain('Đã thu hồi');
    await post('/delete');
    await post('1');
    expect(await t.app.db.prisma.certificate.count()).toBe(0);
    expect((await open(`${PUBLIC_URL}/verify/${code}`)).status).toBe(404);
  });
});
