import type { FakeMessage, FakeTelegram } from '../../fakes/fake-telegram-server';

export interface SeenReply {
  text: string;
  choices: string[];
}

export interface TelegramUser {
  id: number;
  is_bot: false;
  first_name: string;
  last_name?: string;
  language_code?: string;
}

type Update = Record<string, unknown> & { update_id: number };

/** Update ids grow per bot, as on Telegram; every update built in this process gets the next one. */
let lastUpdateId = 10_000;
export const nextUpdateId = () => ++lastUpdateId;
const now = () => Math.floor(Date.now() / 1000);
let lastMessageId = 500_000;

const privateChat = (user: TelegramUser) => ({ id: user.id, type: 'private', first_name: user.first_name });

const privateMessage = (user: TelegramUser, updateId: number, content: Record<string, unknown>): Update => ({
  update_id: updateId,
  message: { message_id: ++lastMessageId, from: user, chat: privateChat(user), date: now(), ...content },
});

/** Update JSON as Telegram sends it. */
export const updates = {
  text(user: TelegramUser, text: string, updateId = nextUpdateId()): Update {
    const command = /^\/\S+/.exec(text);
    return privateMessage(user, updateId, {
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    });
  },
  media(
    user: TelegramUser,
    kind: 'sticker' | 'photo' | 'voice' | 'location' | 'document',
    updateId = nextUpdateId(),
  ): Update {
    const content = {
      sticker: {
        file_id: 'CAAC',
        file_unique_id: 'u1',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
      photo: [{ file_id: 'AgAC', file_unique_id: 'u2', width: 90, height: 90 }],
      voice: { file_id: 'AwAC', file_unique_id: 'u3', duration: 2 },
      location: { latitude: 21.0278, longitude: 105.8342 },
      document: { file_id: 'BQAC', file_unique_id: 'u4', file_name: 'a.pdf' },
    }[kind];
    return privateMessage(user, updateId, { [kind]: content });
  },
  edited(user: TelegramUser, text: string, updateId = nextUpdateId()): Update {
    return {
      update_id: updateId,
      edited_message: {
        message_id: ++lastMessageId,
        from: user,
        chat: privateChat(user),
        date: now(),
        edit_date: now(),
        text,
      },
    };
  },
  press(user: TelegramUser, message: FakeMessage, data: string, updateId = nextUpdateId()): Update {
    return {
      update_id: updateId,
      callback_query: {
        id: `cq-${updateId}`,
        from: user,
        message: structuredClone(message),
        chat_instance: `ci-${user.id}`,
        data,
      },
    };
  },
  memberStatus(user: TelegramUser, status: 'kicked' | 'member', updateId = nextUpdateId()): Update {
    const old = status === 'kicked' ? 'member' : 'kicked';
    return {
      update_id: updateId,
      my_chat_member: {
        chat: privateChat(user),
        from: user,
        date: now(),
        old_chat_member: {
          user: { id: 1, is_bot: true, first_name: 'bot' },
          status: old,
          ...(old === 'kicked' ? { until_date: 0 } : {}),
        },
        new_chat_member: {
          user: { id: 1, is_bot: true, first_name: 'bot' },
          status,
          ...(status === 'kicked' ? { until_date: 0 } : {}),
        },
      },
    };
  },
  groupText(user: TelegramUser, groupId: number, text: string, updateId = nextUpdateId()): Update {
    return {
      update_id: updateId,
      message: {
        message_id: ++lastMessageId,
        from: user,
        chat: { id: groupId, type: 'supergroup', title: 'Lớp học xã' },
        date: now(),
        text,
      },
    };
  },
};

export function telegramUser(id: number, first = 'Lan', last?: string): TelegramUser {
  return { id, is_bot: false, first_name: first, ...(last ? { last_name: last } : {}), language_code: 'vi' };
}

/** Posts an update to the webhook as Telegram would; returns the HTTP status. */
export async function postUpdate(url: string, secret: string | undefined, update: unknown): Promise<number> {
  const response = await fetch(`${url}/webhooks/telegram`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: typeof update === 'string' ? update : JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

const seen = (message: FakeMessage): SeenReply => ({
  text: message.text,
  choices: message.reply_markup?.inline_keyboard.flat().map((button) => button.text) ?? [],
});

/**
 * A learner on Telegram. With `url` it posts updates to the webhook; without, it queues them for
 * long polling on the fake. Each call returns the messages the bot sent in answer: all of them,
 * since it waits until the app says it is `settled` (everything received is answered and sent).
 * Over long polling nothing acknowledges an update, so there the first reply is awaited first.
 */
export function createTelegramLearner(options: {
  url?: string;
  secret?: string;
  fake: FakeTelegram;
  userId: number;
  firstName?: string;
  lastName?: string;
  /** Resolves once the app has answered and sent everything it received (`settledOf(app)`). */
  settled: () => Promise<void>;
  timeoutMs?: number;
}) {
  const { fake } = options;
  const user = telegramUser(options.userId, options.firstName, options.lastName);
  const count = () => fake.sentTo(user.id).length;

  /** Hands the update over; resolves once the app has it (webhook: acknowledged with 200). */
  async function post(update: Update): Promise<void> {
    if (!options.url) return void fake.enqueue(update);
    const status = await postUpdate(options.url, options.secret, update);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  }

  /** What the bot sent since `before`, once everything delivered so far is answered. */
  async function collect(before: number, what: string): Promise<SeenReply[]> {
    if (!options.url) await fake.waitFor(() => count() > before, options.timeoutMs ?? 10_000, what);
    await options.settled();
    return fake.sentTo(user.id).slice(before).map(seen);
  }

  async function deliver(update: Update): Promise<SeenReply[]> {
    const before = count();
    await post(update);
    return collect(before, `a reply to update ${update.update_id}`);
  }

  /** The latest message with buttons, as the learner's screen shows it now. */
  function latestPrompt(): FakeMessage {
    const message = [...fake.sentTo(user.id)].reverse().find((m) => m.reply_markup?.inline_keyboard.length);
    if (!message) throw new Error('no message with buttons yet');
    return structuredClone(message);
  }

  function press(message: FakeMessage, n: number): Update {
    const button = message.reply_markup?.inline_keyboard.flat()[n - 1];
    if (!button?.callback_data) throw new Error(`no button ${n} on message ${message.message_id}`);
    return updates.press(user, message, button.callback_data);
  }

  return {
    user,
    deliver,
    /**
     * Delivers updates one after another, each acknowledged but none waiting for its answer;
     * `handedOver` runs once all are acknowledged, before the answers are awaited.
     */
    async deliverAll(list: Update[], handedOver?: () => Promise<void>): Promise<SeenReply[]> {
      if (!options.url) throw new Error('deliverAll needs the webhook: a poll acknowledges nothing');
      const before = count();
      for (const update of list) await post(update);
      await handedOver?.();
      return collect(before, `replies to ${list.length} updates`);
    },
    say: (text: string) => deliver(updates.text(user, text)),
    latestPrompt,
    /** Presses button `n` (1-based, across rows) of `prompt`, by default the latest message with buttons. */
    choose: (n: number, prompt: FakeMessage = latestPrompt()) => deliver(press(prompt, n)),
    press,
  };
}
