import { randomBytes } from 'node:crypto';
import type { FakeZaloServer } from '../../fakes/fake-zalo-server';
import { freePort } from '../../helpers/free-port';

export { freePort };

export interface SeenReply {
  text: string;
  choices: string[];
}

export interface ZaloEvent {
  event_name: string;
  message: Record<string, unknown>;
}

/** A Zalo update as the platform sends it; `extra` overrides message fields (text, sticker…). */
export function zaloUpdate(options: {
  userId: string;
  event?: string;
  messageId?: string;
  date?: number;
  displayName?: string;
  chatType?: 'PRIVATE' | 'GROUP';
  chatId?: string;
  extra?: Record<string, unknown>;
}): ZaloEvent {
  return {
    event_name: options.event ?? 'message.text.received',
    message: {
      message_id: options.messageId ?? randomBytes(10).toString('hex'),
      date: options.date ?? Date.now(),
      chat: { id: options.chatId ?? options.userId, chat_type: options.chatType ?? 'PRIVATE' },
      from: { id: options.userId, display_name: options.displayName ?? 'Học viên', is_bot: false },
      ...options.extra,
    },
  };
}

/** Reads a rendered message back: the numbered lines just above the "👉" hint are the choices. */
export function parseSeen(text: string): SeenReply {
  const lines = text.split('\n');
  if (!/^👉 (Trả lời|Reply) /.test(lines.at(-1) ?? '')) return { text, choices: [] };
  const items: RegExpExecArray[] = [];
  for (let i = lines.length - 2; i >= 0; i--) {
    const match = /^(\d+)\. (.*)$/.exec(lines[i]!);
    if (!match) break;
    items.unshift(match);
  }
  const numbered = items.every((item, index) => Number(item[1]) === index + 1);
  return { text, choices: numbered ? items.map((item) => item[2]!) : [] };
}

/**
 * A Zalo learner for the cross-channel contract suite: types into the webhook as Zalo would
 * deliver it, then returns what the bot sent that chat at the fake Bot API once the app says it is
 * `settled` (everything received is answered and sent). Delivered another way (long polling),
 * nothing acknowledges the update, so there the first reply is awaited first.
 */
export function createZaloLearner(options: {
  url: string;
  secret: string;
  fake: FakeZaloServer;
  userId: string;
  displayName?: string;
  /** Resolves once the app has answered and sent everything it received (`settledOf(app)`). */
  settled: () => Promise<void>;
  /** How long to wait for the first message of a reply (long polling). */
  timeoutMs?: number;
  /** Another way in than POSTing to the webhook, e.g. `fake.pushUpdate` for long polling. */
  deliver?: (event: ZaloEvent) => Promise<void>;
}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const count = () => options.fake.messages(options.userId).length;
  let clock = Date.now();

  async function post(event: ZaloEvent): Promise<void> {
    if (options.deliver) return options.deliver(event);
    const response = await fetch(`${options.url}/webhooks/zalo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': options.secret },
      body: JSON.stringify(event),
    });
    if (response.status !== 200)
      throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  }

  async function collect(before: number): Promise<SeenReply[]> {
    if (options.deliver) await options.fake.waitFor(() => count() > before, timeoutMs);
    await options.settled();
    return options.fake
      .messages(options.userId)
      .slice(before)
      .map((message) => parseSeen(message.text));
  }

  /** An event from this learner, dated after the previous one as the learner wrote them. */
  function event(fields: Omit<Parameters<typeof zaloUpdate>[0], 'userId'> = {}): ZaloEvent {
    clock = Math.max(clock + 1, Date.now());
    return zaloUpdate({ userId: options.userId, displayName: options.displayName, date: clock, ...fields });
  }

  /** Delivers an event (again, for a redelivery) and returns exactly the messages sent in answer. */
  async function deliver(update: ZaloEvent): Promise<SeenReply[]> {
    const before = count();
    await post(update);
    return collect(before);
  }

  /** Sends one event and returns exactly the messages the bot sent in answer to it. */
  const send = (fields: Omit<Parameters<typeof zaloUpdate>[0], 'userId'> = {}) => deliver(event(fields));

  return {
    userId: options.userId,
    send,
    event,
    deliver,
    /**
     * Delivers events all at once, as Zalo may (no per-chat order); returns every answer.
     * `handedOver` runs once all are acknowledged, before the answers are awaited.
     */
    async deliverAll(events: ZaloEvent[], handedOver?: () => Promise<void>): Promise<SeenReply[]> {
      if (options.deliver) throw new Error('deliverAll needs the webhook: a poll acknowledges nothing');
      const before = count();
      await Promise.all(events.map(post));
      await handedOver?.();
      return collect(before);
    },
    say: (text: string) => send({ extra: { text } }),
    /** Types the number n, as a Zalo learner picks a choice (there are no buttons). */
    choose: (n: number) => send({ extra: { text: String(n) } }),
  };
}

/** The environment that turns the Zalo channel on against the fake, in webhook or polling mode. */
export async function zaloEnv(
  fake: FakeZaloServer,
  mode: { secret: string } | 'polling',
): Promise<Record<string, string>> {
  const env = { ZALO_BOT_TOKEN: fake.token, ZALO_API_BASE: fake.url };
  if (mode === 'polling') return env;
  const port = String(await freePort());
  return { ...env, PORT: port, PUBLIC_URL: `http://127.0.0.1:${port}`, ZALO_WEBHOOK_SECRET: mode.secret };
}
