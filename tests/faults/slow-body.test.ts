import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ database: 'pglite' });
});
afterAll(async () => t?.stop());

/** Sends headers promising 1,000 bytes, then 30, then nothing: resolves with what the server said and when. */
function trickle(path: string): Promise<{ response: string; ms: number }> {
  const { port } = new URL(t.url);
  return new Promise((resolve) => {
    const started = performance.now();
    let response = '';
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"session":"aaaaaaaa","te`,
      );
    });
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.on('close', () => resolve({ response, ms: performance.now() - started }));
    socket.setTimeout(30_000, () => socket.destroy());
  });
}

it('cuts off a request whose body never arrives within a few seconds, with every connection', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => trickle('/api/web-chat/messages')));
  for (const { response, ms } of results) {
    expect(ms).toBeLessThan(12_000);
    expect(response).toMatch(/^HTTP\/1.1 408|^$/);
  }
  // The server is still fine for everyone else.
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
}, 40_000);
