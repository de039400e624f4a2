import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat completion request as the client sent it. */
export interface FakeOpenAiRequest {
  body: {
    model: string;
    messages: { role: string; content: string }[];
    max_tokens?: number;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
  };
  /** The raw body, to check what never reached the server. */
  raw: string;
  authorization: string | undefined;
  at: number;
}

export type FakeBehaviour =
  | { kind: 'reply'; text: string }
  | { kind: 'fail'; status: 429 | 500 | 502 | 503; retryAfter?: number }
  | { kind: 'slow'; ms: number; text?: string };

const DEFAULT_TEXT = 'Bạn mở ứng dụng Cài đặt, chọn Wi-Fi rồi bật lên.';

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 for tests: plain and streamed
 * (server-sent events) answers with usage, 429 with Retry-After, 5xx, and slow answers. Behaviours
 * queued with `next()` are used once each, in order; `always()` sets what happens after that.
 */
export async function startFakeOpenAiServer() {
  const requests: FakeOpenAiRequest[] = [];
  const queue: FakeBehaviour[] = [];
  let fallback: FakeBehaviour = { kind: 'reply', text: DEFAULT_TEXT };
  const events = new EventEmitter();
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const body = JSON.parse(raw) as FakeOpenAiRequest['body'];
      const request = { body, raw, authorization: req.headers.authorization, at: Date.now() };
      requests.push(request);
      events.emit('request', request);
      const behaviour = queue.shift() ?? fallback;
      if (behaviour.kind === 'fail') {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (behaviour.retryAfter !== undefined) headers['retry-after'] = String(behaviour.retryAfter);
        res.writeHead(behaviour.status, headers);
        res.end(JSON.stringify({ error: { message: `fake ${behaviour.status}`, type: 'server_error' } }));
        return;
      }
      const text = behaviour.text ?? DEFAULT_TEXT;
      const send = () => (body.stream ? stream(res, body, text) : complete(res, body, text));
      if (behaviour.kind === 'slow') {
        const timer = setTimeout(send, behaviour.ms);
        res.on('close', () => clearTimeout(timer));
      } else send();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    events,
    /** Queues behaviours used once each, before the standing one. */
    next(...behaviours: FakeBehaviour[]) {
      queue.push(...behaviours);
    },
    always(behaviour: FakeBehaviour) {
      fallback = behaviour;
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      fallback = { kind: 'reply', text: DEFAULT_TEXT };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Roughly what a tokenizer would count: enough for budgets to move. */
function usage(body: FakeOpenAiRequest['body'], text: string) {
  const prompt = Math.ceil(body.messages.reduce((n, m) => n + m.content.length, 0) / 4);
  const completion = Math.ceil(text.length / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function complete(res: http.ServerResponse, body: FakeOpenAiRequest['body'], text: string) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: usage(body, text),
    }),
  );
}

function stream(res: http.ServerResponse, body: FakeOpenAiRequest['body'], text: string) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
  };
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (const piece of text.match(/.{1,12}/gsu) ?? []) {
    send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usage(body, text) });
  res.end('data: [DONE]\n\n');
}
