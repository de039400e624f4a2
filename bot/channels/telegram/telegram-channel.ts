import { sequentialize } from '@grammyjs/runner';
import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Config } from '../../config';
import type { InboundRecord } from '../../store/learner-store';
import type { Channel, ChannelDeps } from '../channel';
import { registerCommands } from './bot-commands';
import { buttonPressesFeature } from './button-presses';
import { describeError } from './describe-error';
import { groupChatsFeature } from './group-chats';
import { startPolling } from './long-polling';
import { memberStatusFeature } from './member-status';
import { privateMessagesFeature } from './private-messages';
import type { ReceiveDeps } from './receive-deps';
import { createSideCalls } from './side-calls';
import { createTelegramBot } from './telegram-bot';
import { createTelegramSender } from './telegram-sender';
import { ALLOWED_UPDATES, TELEGRAM_WEBHOOK_PATH, telegramWebhookRoute } from './webhook-route';

type TelegramDeps = ChannelDeps & { telegram: NonNullable<Config['telegram']> };

/** Telegram: a webhook when TELEGRAM_WEBHOOK_SECRET is set, long polling otherwise; one sender either way. */
export function createTelegramChannel(deps: TelegramDeps): Channel {
  const { telegram, log } = deps;
  // The token is `<bot id>:<secret>`; only the public bot id may serve as a key.
  const botId = telegram.token.split(':')[0] ?? 'telegram';
  const budget = deps.budgetFor(`telegram:${botId}`, telegram.sendRate);
  const { bot } = createTelegramBot({ ...telegram, log, budget });
  const sender = createTelegramSender({ api: bot.api, log, token: telegram.token });
  const side = createSideCalls(log, telegram.token);
  if (!deps.receive) return { platform: 'telegram', sender, start: async () => {}, stop: () => side.idle() };

  const secret = telegram.webhookSecret;
  let stopping = false;
  const accept = secret ? deps.intake.accept : retryUntilRecorded(deps, () => stopping);
  const receive: ReceiveDeps = { api: bot.api, accept, store: deps.store, sender, side, log };
  // Polled batches are handled concurrently: one chat's updates must still reach intake in order.
  // (Telegram's webhook already sends one update per chat at a time.)
  if (!secret) bot.use(sequentialize((ctx) => (ctx.chat ?? ctx.from)?.id.toString()));
  bot.use(privateMessagesFeature(receive), buttonPressesFeature(receive), memberStatusFeature(receive));
  bot.use(groupChatsFeature({ ...receive, username: () => bot.botInfo.username }));
  bot.catch((error) =>
    log.error({ error: safeUpdateError(error, telegram.token) }, 'Telegram update failed'),
  );
  let poller: { stop(): Promise<void> } | undefined;

  return {
    platform: 'telegram',
    sender,
    routes: secret
      ? (server) => telegramWebhookRoute(server, { secret, handle: (update) => handle(bot, update, deps) })
      : undefined,
    async start() {
      bot.botInfo = await bot.api.getMe();
      if (secret) {
        await bot.api.setWebhook(`${deps.config.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, {
          secret_token: secret,
          allowed_updates: [...ALLOWED_UPDATES],
          max_connections: 100,
        });
      } else {
        poller = await startPolling(bot, log, telegram.token);
      }
      await registerCommands(bot.api).catch((error) =>
        log.warn({ error: describeError(error, telegram.token) }, 'setting the Telegram command menu failed'),
      );
      log.info(
        { mode: secret ? 'webhook' : 'polling', bot: bot.botInfo.username },
        'Telegram channel started',
      );
    },
    async stop() {
      stopping = true;
      await poller?.stop();
      await side.idle();
    },
  };
}

/** Webhook path: errors become a bare 5xx (Telegram redelivers); the grammY error holds the API and token. */
async function handle(bot: Bot, update: Update, deps: TelegramDeps): Promise<void> {
  if (!bot.isInited())
    throw Object.assign(new Error('Telegram channel not started yet'), { statusCode: 503 });
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    deps.log.error(
      { updateId: update.update_id, error: safeUpdateError(error, deps.telegram.token) },
      'recording a Telegram update failed',
    );
    throw new Error('recording the Telegram update failed');
  }
}

function safeUpdateError(error: unknown, token: string): string {
  return describeError(error instanceof BotError ? error.error : error, token);
}

/** Polling has no redelivery to fall back on once an update is fetched: keep trying to record it. */
function retryUntilRecorded(deps: TelegramDeps, stopping: () => boolean) {
  return async (record: InboundRecord): Promise<boolean> => {
    for (let wait = 200; ; wait = Math.min(wait * 2, 10_000)) {
      try {
        return await deps.intake.accept(record);
      } catch (error) {
        if (stopping()) throw error;
        deps.log.warn(
          { error: describeError(error, deps.telegram.token), waitMs: wait },
          'recording failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
}
