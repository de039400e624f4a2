import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake answered, as the bot made it. */
export interface FakeZaloCall {
  method: string;
  body: Record<string, unknown>;
  status: number;
  /** Date.now() when the answer was sent. */
  at: number;
}

export interface FailureSpec {
  /** 401 and 403 come with a bare description, as for a refused bot token. */
  status: 401 | 403 | 429 | 500 | 502 | 503;
  /** Seconds, sent as a Retry-After header. */
  retryAfter?: number;
  /** Which methods fail; default: the send methods. */
  methods?: string[];
}

const FAILURE_TEXT: Record<FailureSpec['status'], string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Quota exceeded',
  500: 'Internal server error',
  502: 'Internal server error',
  503: 'Internal server error',
};
const SEND_METHODS = ['sendMessage', 'sendPhoto', 'sendSticker', 'sendChatAction'];
const TEXT_LIMIT = 2000;

/**
 * A Zalo Bot API on 127.0.0.1 for tests: POST /bot<TOKEN>/<method> with JSON bodies, the
 * `{ ok, result }` envelope, one update per getUpdates (408 after the timeout), webhook delivery
 * with the X-Bot-Api-Secret-Token header, and injectable 429/5xx and blocked chats.
 */
export async function startFakeZaloServer(options: { token?: string; timeoutHttpStatus?: 200 | 408 } = {}) {
  const token =
    options.token ?? `${randomBytes(6).readUIntBE(0, 6)}:${randomBytes(18).toString('base64url')}`;
  const calls: FakeZaloCall[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const updates: unknown[] = [];
  const pollers: ((update: unknown) => void)[] = [];
  const failures: (FailureSpec & { left: number })[] = [];
  let outage: (FailureSpec & { until: number }) | undefined;
  const slow = new Map<string, number>();
  let drops = 0;
  const blocked = new Set<string>();
  let webhook: { url: string; secret: string } | undefined;

  function answer(
    res: http.ServerResponse,
    method: string,
    body: Record<string, unknown>,
    status: number,
    payload: object,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
    const call = { method, body, status, at: Date.now() };
    calls.push(call);
    events.emit('call', call);
  }
  const ok = (result: unknown) => ({ ok: true, result });
  const fail = (code: number, description: string) => ({ ok: false, error_code: code, description });

  function handle(method: string, body: Record<string, unknown>, res: http.ServerResponse) {
    const current = outage && outage.until > Date.now() ? outage : undefined;
    const failure =
      current && (current.methods ?? SEND_METHODS).includes(method)
        ? current
        : failures.find((spec) => spec.left > 0 && (spec.methods ?? SEND_METHODS).includes(method));
    if (failure) {
      if ('left' in failure) failure.left--;
      const headers: Record<string, string> =
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return answer(
        res,
        method,
        body,
        failure.status,
        fail(failure.status, FAILURE_TEXT[failure.status]),
        headers,
      );
    }
    const chatId = typeof body.chat_id === 'string' ? body.chat_id : undefined;
    if (SEND_METHODS.includes(method)) {
      if (!chatId) return answer(res, method, body, 400, fail(400, 'chat_id is required'));
      if (blocked.has(chatId)) return answer(res, method, body, 403, fail(403, 'User has blocked the bot'));
    }
    const sent = () => ok({ message_id: randomBytes(10).toString('hex'), date: Date.now() });
    switch (method) {
      case 'getMe':
        return answer(
          res,
          method,
          body,
          200,
          ok({
            id: token.split(':')[0],
            account_name: 'bot.fake',
            account_type: 'BASIC',
            can_join_groups: false,
          }),
        );
      case 'sendMessage': {
        const text = body.text;
        if (typeof text !== 'string' || text.length < 1 || text.length > TEXT_LIMIT)
          return answer(res, method, body, 400, fail(400, 'text must be 1 to 2000 characters'));
        return answer(res, method, body, 200, sent());
      }
      case 'sendPhoto':
        if (typeof body.photo !== 'string' || !/^https?:\/\//.test(body.photo))
          return answer(res, method, body, 400, fail(400, 'photo must be an http(s) URL'));
        if (typeof body.caption === 'string' && body.caption.length > TEXT_LIMIT)
          return answer(res, method, body, 400, fail(400, 'caption too long'));
        return answer(res, method, body, 200, sent());
      case 'sendChatAction':
        return answer(res, method, body, 200, ok(true));
      case 'setWebhook': {
        const secret = body.secret_token;
        if (
          typeof body.url !== 'string' ||
          typeof secret !== 'string' ||
          secret.length < 8 ||
          secret.length > 256
        )
          return answer(
            res,
            method,
            body,
            400,
            fail(400, 'url and an 8-256 character secret_token are required'),
          );
        webhook = { url: body.url, secret };
        return answer(res, method, body, 200, ok({ url: body.url, updated_at: Date.now() }));
      }
      case 'deleteWebhook':
        webhook = undefined;
        return answer(res, method, body, 200, ok({ url: '', updated_at: Date.now() }));
      case 'getWebhookInfo':
        return answer(res, method, body, 200, ok({ url: webhook?.url ?? '', updated_at: Date.now() }));
      case 'getUpdates':
        return poll(body, res);
      default:
        return answer(res, method, body, 404, fail(404, 'Method not found'));
    }
  }

  function poll(body: Record<string, unknown>, res: http.ServerResponse) {
    if (webhook) return answer(res, 'getUpdates', body, 409, fail(409, 'Conflict: a webhook is set'));
    if (updates.length > 0) return answer(res, 'getUpdates', body, 200, ok(updates.shift()));
    const seconds = Number(body.timeout ?? 30);
    const waiter = (update: unknown) => {
      clearTimeout(timer);
      answer(res, 'getUpdates', body, 200, ok(update));
    };
    const timer = setTimeout(() => {
      pollers.splice(pollers.indexOf(waiter), 1);
      answer(res, 'getUpdates', body, options.timeoutHttpStatus ?? 408, fail(408, 'Request timeout'));
    }, Math.max(0, seconds) * 1000);
    pollers.push(waiter);
    // A poller that hung up must not swallow the next update.
    res.once('close', () => {
      if (res.writableEnded) return;
      clearTimeout(timer);
      const index = pollers.indexOf(waiter);
      if (index >= 0) pollers.splice(index, 1);
    });
  }

  const server = http.createServer((req, res) => {
    if (drops > 0 && req.url?.endsWith('/sendMessage')) {
      drops--;
      req.socket.destroy();
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = match?.[2] ?? 'unknown';
      let body: Record<string, unknown> = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text ? JSON.parse(text) : {};
      } catch {
        return answer(res, method, {}, 400, fail(400, 'Body must be JSON'));
      }
      if (req.method !== 'POST' || !match) return answer(res, method, body, 404, fail(404, 'Not found'));
      if (decodeURIComponent(match[1]!) !== token)
        return answer(res, method, body, 401, fail(401, 'Unauthorized'));
      const delay = typeof body.chat_id === 'string' ? slow.get(body.chat_id) : undefined;
      if (delay === undefined) handle(method, body, res);
      else setTimeout(() => handle(method, body, res), delay);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    calls,
    events,
    get webhook() {
      return webhook;
    },
    /** Successful sendMessage calls (to one chat when given): what learners saw. */
    messages(chatId?: string): { chatId: string; text: string; at: number }[] {
      return calls
        .filter(
          (call) =>
            call.method === 'sendMessage' && call.status === 200 && (!chatId || call.body.chat_id === chatId),
        )
        .map((call) => ({ chatId: String(call.body.chat_id), text: String(call.body.text), at: call.at }));
    },
    callsTo(method: string): FakeZaloCall[] {
      return calls.filter((call) => call.method === method);
    },
    /** The next `count` matching calls fail with the given status. */
    failNext(count: number, spec: FailureSpec): void {
      failures.push({ ...spec, left: count });
    },
    /** Every matching call fails with the given status until `ms` from now (an outage, not a count). */
    failFor(ms: number, spec: FailureSpec): void {
      outage = { ...spec, until: Date.now() + ms };
    },
    /** The next `count` sendMessage requests get their connection reset, with no answer. */
    dropNext(count: number): void {
      drops += count;
    },
    /** Every call for this chat is answered `ms` late (undefined: on time again). */
    slowDown(chatId: string, ms: number | undefined): void {
      if (ms === undefined) slow.delete(chatId);
      else slow.set(chatId, ms);
    },
    block(chatId: string): void {
      blocked.add(chatId);
    },
    /** Queues an update for getUpdates (handed to a waiting poller at once). */
    pushUpdate(update: unknown): void {
      const waiter = pollers.shift();
      if (waiter) waiter(update);
      else updates.push(update);
    },
    get pendingUpdates(): number {
      return updates.length;
    },
    /** Long polls waiting for an update (a poller that hung up leaves once its socket closes). */
    get waitingPollers(): number {
      return pollers.length;
    },
    /** Delivers an update to the registered webhook as Zalo would; resolves with the answer. */
    async deliver(
      update: unknown,
      override: { secret?: string } = {},
    ): Promise<{ status: number; body: unknown }> {
      if (!webhook) throw new Error('no webhook registered');
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-bot-api-secret-token': override.secret ?? webhook.secret,
        },
        body: JSON.stringify(update),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    /** Resolves when `predicate` holds, checked after each call (and now); rejects after `timeoutMs`. */
    waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          events.off('call', check);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('call', check);
          reject(new Error(`fake Zalo: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on('call', check);
      });
    },
    reset(): void {
      calls.length = 0;
      failures.length = 0;
      outage = undefined;
      blocked.clear();
      slow.clear();
      drops = 0;
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeZaloServer = Awaited<ReturnType<typeof startFakeZaloServer>>;
