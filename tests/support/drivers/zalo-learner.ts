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
 * deliver it, then collects what the bot sent that chat at the fake Bot API until it goes quiet.
 */
export function createZaloLearner(options: {
  url: string;
  secret: string;
  fake: FakeZaloServer;
  userId: string;
  displayName?: string;
  /** How long without a new message counts as "the reply is complete". */
  quietMs?: number;
  /** How long to wait for the first message of a reply. */
  timeoutMs?: number;
  /** Another way in than POSTing to the webhook, e.g. `fake.pushUpdate` for long polling. */
  deliver?: (event: ZaloEvent) => Promise<void>;
}) {
  const quietMs = options.quietMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 10_000;
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
    const count = () => options.fake.messages(options.userId).length;
    await options.fake.waitFor(() => count() > before, timeoutMs);
    for (let seen = count(); ; ) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (count() === seen) break;
      seen = count();
    }
    return options.fake
      .messages(options.userId)
      .slice(before)
      .map((message) => parseSeen(message.text));
  }

  /** Sends one event and returns exactly the messages the bot sent in answer to it. */
  async function send(event: Omit<Parameters<typeof zaloUpdate>[0], 'userId'> = {}): Promise<SeenReply[]> {
    clock = Math.max(clock + 1, Date.now());
    const before = options.fake.messages(options.userId).length;
    await post(
      zaloUpdate({ userId: options.userId, displayName: options.displayName, date: clock, ...event }),
    );
    return collect(before);
  }

  return {
    userId: options.userId,
    send,
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
