import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Bot API server on 127.0.0.1 that behaves like Telegram for what the bot uses: the methods below,
 * Telegram's validation (text length, callback_data bytes, HTML entities, unknown messages), long
 * polling with offsets, and injected failures (429 with retry_after, 403 blocked, 500).
 */

// biome-ignore lint/suspicious/noExplicitAny: bodies are arbitrary JSON from the wire, checked field by field as Telegram does
type Json = Record<string, any>;

export interface RecordedCall {
  method: string;
  body: Json;
  /** The HTTP status the fake answered with. */
  status: number;
  at: number;
}

export interface FakeMessage {
  message_id: number;
  from: Record<string, unknown>;
  chat: { id: number; type: string; first_name?: string; title?: string };
  date: number;
  text: string;
  entities?: unknown[];
  /** sendPhoto: the URL Telegram would fetch (the text is the caption). */
  photo?: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] };
}

export type Failure =
  | { status: 429; retryAfter: number }
  | { status: 403; description?: string }
  | { status: 400; description: string }
  | { status: 500 };

export interface FakeTelegram {
  /** The TELEGRAM_API_ROOT to give the bot. */
  apiRoot: string;
  token: string;
  botUser: { id: number; is_bot: true; first_name: string; username: string };
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  /** Messages the bot has successfully sent to a chat, in order, as they look now (after edits). */
  sentTo(chatId: number | string): FakeMessage[];
  message(chatId: number | string, messageId: number): FakeMessage | undefined;
  /** The next `count` calls of `method` fail like Telegram would. */
  failNext(method: string, count: number, failure: Failure): void;
  /** Drops injected failures not used up yet. */
  clearFailures(): void;
  /** Every call of `methods` fails like this until `ms` from now (an outage, not a count). */
  failFor(ms: number, failure: Failure, methods?: string[]): void;
  /** The next `count` calls of `method` are never answered (a send in flight when the bot dies); none is delivered. */
  hangNext(method: string, count: number): void;
  /** Calls left hanging so far. */
  hung: RecordedCall[];
  /** Sends to this chat answer 403 until unblocked (the learner blocked the bot). */
  block(chatId: number | string): void;
  unblock(chatId: number | string): void;
  /** Queues updates for getUpdates (long polling). */
  enqueue(...updates: Record<string, unknown>[]): void;
  /** Serves an update again on the next getUpdates even though it was confirmed (a redelivery). */
  redeliver(update: Record<string, unknown>): void;
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | undefined;
  commands: Map<string, { command: string; description: string }[]>;
  /** Sends refused with 429 because they went over `limits` (not counting injected failures). */
  limited: number;
  /** Called for every successful sendMessage (benchmarks correlate replies without polling). */
  onSend?: (message: FakeMessage) => void;
  /** Called for every call answered (benchmarks time a method's arrival, e.g. sendChatAction). */
  onCall?: (call: RecordedCall) => void;
  waitFor(condition: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

type Handler = (body: Json) => unknown;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);

/**
 * Telegram's limits, enforced like Telegram: about `perSecond` messages a second per bot and
 * `perChatPerSecond` per chat (after a burst of `chatBurst`), 429 with `retry_after` beyond that.
 */
export interface SendLimits {
  perSecond: number;
  perChatPerSecond: number;
  chatBurst?: number;
}

export async function startFakeTelegram(
  options: { token?: string; username?: string; record?: boolean; port?: number; limits?: SendLimits } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? '123456:TEST-token_abcdefghijklmnopqrstuvwxyz';
  const botUser = {
    id: Number(token.split(':')[0]) || 123456,
    is_bot: true as const,
    first_name: 'Học vụ số',
    username: options.username ?? 'hocvuso_test_bot',
  };
  const record = options.record ?? true;
  const calls: RecordedCall[] = [];
  const messages = new Map<string, FakeMessage>();
  const byChat = new Map<string, FakeMessage[]>();
  const failures = new Map<string, Failure[]>();
  let outage: { until: number; failure: Failure; methods: string[] } | undefined;
  const hangs = new Map<string, number>();
  const blocked = new Set<string>();
  const answered = new Set<string>();
  let queue: Json[] = [];
  let forced: Json[] = [];
  let poll: { resolve: () => void; timer: NodeJS.Timeout; cancel: (e: ApiError) => void } | undefined;
  let nextMessageId = 1;

  const fake: FakeTelegram = {
    apiRoot: '',
    token,
    botUser,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    sentTo: (chatId) => byChat.get(String(chatId)) ?? [],
    message: (chatId, messageId) => messages.get(`${chatId}:${messageId}`),
    failNext(method, count, failure) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array(count).fill(failure)]);
    },
    clearFailures: () => {
      failures.clear();
      outage = undefined;
    },
    failFor(ms, failure, methods = ['sendMessage', 'editMessageText', 'editMessageReplyMarkup']) {
      outage = { until: Date.now() + ms, failure, methods };
    },
    hangNext(method, count) {
      hangs.set(method, (hangs.get(method) ?? 0) + count);
    },
    hung: [],
    limited: 0,
    block: (chatId) => void blocked.add(String(chatId)),
    unblock: (chatId) => void blocked.delete(String(chatId)),
    enqueue(...updates) {
      queue.push(...updates);
      poll?.resolve();
    },
    redeliver(update) {
      forced.push(update);
      poll?.resolve();
    },
    webhook: undefined,
    commands: new Map(),
    async waitFor(condition, timeoutMs = 10_000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`fake Telegram: timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      poll?.cancel(new ApiError(502, 'Bad Gateway'));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function store(message: FakeMessage): FakeMessage {
    messages.set(`${message.chat.id}:${message.message_id}`, message);
    return message;
  }

  function chatOf(chatId: unknown): FakeMessage['chat'] {
    const id = Number(chatId);
    if (!Number.isSafeInteger(id) || id === 0) throw bad('chat not found');
    if (blocked.has(String(id))) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return id > 0
      ? { id, type: 'private', first_name: 'Learner' }
      : { id, type: 'supergroup', title: 'Group' };
  }

  function existing(body: Json): FakeMessage {
    chatOf(body.chat_id);
    const message = messages.get(`${Number(body.chat_id)}:${body.message_id}`);
    if (!message) throw bad('message to edit not found');
    return message;
  }

  const handlers: Record<string, Handler> = {
    getMe: () => botUser,
    setWebhook(body) {
      if (typeof body.url !== 'string' || !body.url.startsWith('https://'))
        throw bad('bad webhook: HTTPS url must be provided for webhook');
      if (body.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(body.secret_token))
        throw bad('secret token contains unallowed characters');
      fake.webhook = {
        url: body.url,
        secret_token: body.secret_token,
        allowed_updates: body.allowed_updates,
      };
      return true;
    },
    deleteWebhook() {
      fake.webhook = undefined;
      return true;
    },
    getUpdates: (body) => getUpdates(body),
    sendMessage(body) {
      const chat = chatOf(body.chat_id);
      const text = checkText(body.text, body.parse_mode);
      const markup = checkMarkup(body.reply_markup);
      const message: FakeMessage = {
        message_id: nextMessageId++,
        from: botUser,
        chat,
        date: Math.floor(Date.now() / 1000),
        text,
        ...(body.entities ? { entities: body.entities } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      };
      store(message);
      const list = byChat.get(String(chat.id)) ?? [];
      list.push(message);
      byChat.set(String(chat.id), list);
      fake.onSend?.(message);
      return message;
    },
    sendPhoto(body) {
      const chat = chatOf(body.chat_id);
      if (typeof body.photo !== 'string' || !/^https?:\/\//.test(body.photo))
        throw bad('wrong file identifier/HTTP URL specified');
      if (/^https?:\/\/(localhost|127\.)/.test(body.photo)) throw bad('failed to get HTTP URL content'); // Telegram cannot reach a local address
      const caption = body.caption === undefined ? '' : checkText(body.caption, body.parse_mode);
      if (caption.length > 1024) throw bad('message caption is too long');
      const markup = checkMarkup(body.reply_markup);
      const message: FakeMessage = {
        message_id: nextMessageId++,
        from: botUser,
        chat,
        date: Math.floor(Date.now() / 1000),
        text: caption,
        photo: body.photo,
        ...(markup ? { reply_markup: markup } : {}),
      };
      store(message);
      const list = byChat.get(String(chat.id)) ?? [];
      list.push(message);
      byChat.set(String(chat.id), list);
      fake.onSend?.(message);
      return message;
    },
    editMessageText(body) {
      const message = existing(body);
      const text = checkText(body.text, body.parse_mode);
      const markup = checkMarkup(body.reply_markup);
      if (text === message.text && JSON.stringify(markup) === JSON.stringify(message.reply_markup))
        throw bad(
          'message is not modified: specified new message content and reply markup are exactly the same',
        );
      message.text = text;
      if (body.entities) message.entities = body.entities;
      else delete message.entities;
      if (markup) message.reply_markup = markup;
      else delete message.reply_markup;
      return message;
    },
    editMessageReplyMarkup(body) {
      const message = existing(body);
      const markup = checkMarkup(body.reply_markup);
      if (JSON.stringify(markup) === JSON.stringify(message.reply_markup))
        throw bad('message is not modified');
      if (markup) message.reply_markup = markup;
      else delete message.reply_markup;
      return message;
    },
    answerCallbackQuery(body) {
      if (typeof body.callback_query_id !== 'string' || answered.has(body.callback_query_id))
        throw bad('query is too old and response timeout expired or query ID is invalid');
      if (body.text !== undefined && String(body.text).length > 200) throw bad('MESSAGE_TOO_LONG');
      answered.add(body.callback_query_id);
      return true;
    },
    setMyCommands(body) {
      const commands = body.commands;
      if (!Array.isArray(commands) || commands.length > 100) throw bad('commands must be an array');
      for (const item of commands) {
        if (!/^[a-z0-9_]{1,32}$/.test(item?.command ?? '')) throw bad('BOT_COMMAND_INVALID');
        const length = String(item.description ?? '').length;
        if (length < 1 || length > 256) throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
      }
      fake.commands.set(body.language_code ?? '', commands);
      return true;
    },
    sendChatAction(body) {
      chatOf(body.chat_id);
      return true;
    },
  };

  function getUpdates(body: Json): Promise<unknown> | unknown {
    if (fake.webhook)
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    const offset = Number(body.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(body.limit ?? 100)));
    const take = () => {
      if (offset > 0) queue = queue.filter((update) => update.update_id >= offset);
      const served = [...forced, ...queue].slice(0, limit);
      forced = forced.slice(Math.min(forced.length, limit));
      return served;
    };
    const ready = take();
    const timeout = Math.min(50, Number(body.timeout ?? 0));
    if (ready.length > 0 || timeout <= 0) return ready;
    // One long poll at a time, as on Telegram: a newer request ends the older one with 409.
    poll?.cancel(new ApiError(409, 'Conflict: terminated by other getUpdates request'));
    return new Promise((resolve, reject) => {
      const end = () => {
        clearTimeout(current.timer);
        if (poll === current) poll = undefined;
      };
      const current = {
        timer: setTimeout(() => current.resolve(), timeout * 1000),
        resolve: () => {
          end();
          resolve(take());
        },
        cancel: (error: ApiError) => {
          end();
          reject(error);
        },
      };
      poll = current;
    });
  }

  const limiter = options.limits ? createLimits(options.limits) : undefined;
  const server = createServer((request, response) => void serve(request, response));

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
    const raw = await readBody(request);
    const method = match?.[2] ?? '';
    let body: Json = {};
    let status = 200;
    let payload: Record<string, unknown>;
    try {
      if (!match || match[1] !== token)
        throw new ApiError(match ? 401 : 404, match ? 'Unauthorized' : 'Not Found');
      body = parseBody(raw, request.headers['content-type']);
      if ((hangs.get(method) ?? 0) > 0) {
        hangs.set(method, hangs.get(method)! - 1);
        fake.hung.push({ method, body, status: 0, at: Date.now() });
        return;
      }
      const failure =
        outage && outage.until > Date.now() && outage.methods.includes(method)
          ? outage.failure
          : failures.get(method)?.shift();
      if (failure) throw toApiError(failure);
      if (limiter && SENDS.has(method)) {
        const retryAfter = limiter.take(String(body.chat_id));
        if (retryAfter > 0) {
          fake.limited++;
          throw toApiError({ status: 429, retryAfter });
        }
      }
      const handler = handlers[method];
      if (!handler) throw new ApiError(404, 'Not Found: method not found');
      payload = { ok: true, result: await handler(body) };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, 'Internal Server Error');
      status = apiError.status;
      payload = {
        ok: false,
        error_code: apiError.status,
        description: apiError.description,
        ...(apiError.parameters ? { parameters: apiError.parameters } : {}),
      };
    }
    const call = { method, body, status, at: Date.now() };
    if (record || method !== 'sendMessage') calls.push(call);
    fake.onCall?.(call);
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  fake.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

const SENDS = new Set(['sendMessage', 'sendPhoto']);

/** Token buckets: the bot's (a second's worth of burst) and each chat's; returns retry_after seconds or 0. */
function createLimits(limits: SendLimits) {
  const bot = { tokens: limits.perSecond, at: performance.now() };
  const chats = new Map<string, { tokens: number; at: number }>();
  const chatBurst = limits.chatBurst ?? 3;
  const refill = (bucket: { tokens: number; at: number }, rate: number, cap: number, now: number) => {
    bucket.tokens = Math.min(cap, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
  };
  return {
    take(chatId: string): number {
      const now = performance.now();
      refill(bot, limits.perSecond, limits.perSecond, now);
      const chat = chats.get(chatId) ?? { tokens: chatBurst, at: now };
      chats.set(chatId, chat);
      refill(chat, limits.perChatPerSecond, chatBurst, now);
      if (bot.tokens < 1 || chat.tokens < 1) {
        const wait = Math.max(
          (1 - bot.tokens) / limits.perSecond,
          (1 - chat.tokens) / limits.perChatPerSecond,
        );
        return Math.max(1, Math.ceil(wait));
      }
      bot.tokens -= 1;
      chat.tokens -= 1;
      return 0;
    },
  };
}

function toApiError(failure: Failure): ApiError {
  switch (failure.status) {
    case 429:
      return new ApiError(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
        retry_after: failure.retryAfter,
      });
    case 403:
      return new ApiError(403, failure.description ?? 'Forbidden: bot was blocked by the user');
    case 400:
      return new ApiError(400, failure.description);
    case 500:
      return new ApiError(500, 'Internal Server Error');
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): Json {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      const parsed = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null) return parsed;
    } catch {}
    throw bad('invalid JSON');
  }
  const params = new URLSearchParams(raw);
  const body: Json = {};
  for (const [key, value] of params) {
    try {
      body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      body[key] = value;
    }
  }
  return body;
}

/** Telegram's rules: 1-4096 characters after entity parsing; in HTML mode, tags must be known and balanced. */
export function checkText(text: unknown, parseMode: unknown): string {
  if (typeof text !== 'string') throw bad('message text is empty');
  const plain = parseMode === 'HTML' ? parseHtml(text) : text;
  if (plain.trim().length === 0) throw bad('message text is empty');
  if (plain.length > 4096) throw bad('message is too long');
  return plain;
}

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(html: string): string {
  let plain = '';
  const open: string[] = [];
  for (let i = 0; i < html.length; ) {
    const char = html[i]!;
    const offset = () => Buffer.byteLength(html.slice(0, i));
    if (char === '<') {
      const tag = /^<(\/?)([a-z-]+)(?:\s[^<>]*)?>/i.exec(html.slice(i));
      const name = tag?.[2]?.toLowerCase();
      if (!tag || !name || !TAGS.has(name))
        throw bad(`can't parse entities: Unsupported start tag "${name ?? ''}" at byte offset ${offset()}`);
      if (tag[1]) {
        if (open.pop() !== name)
          throw bad(
            `can't parse entities: Unmatched end tag at byte offset ${offset()}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`,
          );
      } else open.push(name);
      i += tag[0].length;
    } else if (char === '&') {
      const entity = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/i.exec(html.slice(i));
      const name = entity?.[1];
      const decoded = !name
        ? undefined
        : name.startsWith('#x')
          ? String.fromCodePoint(Number.parseInt(name.slice(2), 16))
          : name.startsWith('#')
            ? String.fromCodePoint(Number(name.slice(1)))
            : ENTITIES[name.toLowerCase()];
      if (!entity || decoded === undefined)
        throw bad(
          `can't parse entities: Character '&' is reserved and must be escaped at byte offset ${offset()}`,
        );
      plain += decoded;
      i += entity[0].length;
    } else if (char === '>') {
      throw bad(
        `can't parse entities: Character '>' is reserved and must be escaped at byte offset ${offset()}`,
      );
    } else {
      plain += char;
      i += 1;
    }
  }
  if (open.length > 0)
    throw bad(`can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return plain;
}

function checkMarkup(markup: unknown): FakeMessage['reply_markup'] | undefined {
  if (markup === undefined) return undefined;
  const rows = (markup as { inline_keyboard?: unknown })?.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row)))
    throw bad('can\'t parse inline keyboard button: field "inline_keyboard" must be an Array of Arrays');
  let count = 0;
  for (const row of rows as Record<string, unknown>[][]) {
    for (const button of row) {
      count += 1;
      if (typeof button.text !== 'string' || button.text.length === 0) throw bad('BUTTON_TEXT_INVALID');
      const data = button.callback_data;
      if (data !== undefined) {
        const bytes = typeof data === 'string' ? Buffer.byteLength(data) : 0;
        if (bytes < 1 || bytes > 64) throw bad('BUTTON_DATA_INVALID');
      } else if (typeof button.url !== 'string' || !/^(https?|tg):\/\//.test(button.url)) {
        throw bad(
          "can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field",
        );
      }
    }
  }
  if (count > 100) throw bad('reply markup is too long');
  return rows.length === 0 ? undefined : (markup as FakeMessage['reply_markup']);
}
