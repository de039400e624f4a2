import { setTimeout as sleep } from 'node:timers/promises';
import { sequentialize } from '@grammyjs/runner';
import { type Bot, BotError, GrammyError } from 'grammy';
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
  // Paid broadcasts lift the bot's rate (bulk sends carry allow_paid_broadcast and are charged for).
  const sendRate = Math.max(telegram.sendRate, telegram.paidBroadcastRate);
  const budget = deps.budgetFor(`telegram:${botId}`, sendRate);
  const { bot } = createTelegramBot({ ...telegram, sendRate, log, budget });
  const sender = createTelegramSender({ api: bot.api, log, token: telegram.token });
  const side = createSideCalls(log, telegram.token);
  if (!deps.receive) return { platform: 'telegram', sender, start: async () => {}, stop: () => side.idle() };

  const secret = telegram.webhookSecret;
  let stopping = false;
  const accept = secret ? recordOrFail(deps) : retryUntilRecorded(deps, () => stopping);
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
  let connected = false;
  let retrying: Promise<void> | undefined;
  const stopRetrying = new AbortController();

  async function connect(): Promise<void> {
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
    connected = true;
    await registerCommands(bot.api).catch((error) =>
      log.warn({ error: describeError(error, telegram.token) }, 'setting the Telegram command menu failed'),
    );
    log.info({ mode: secret ? 'webhook' : 'polling', bot: bot.botInfo.username }, 'Telegram channel started');
  }

  async function retryInBackground(): Promise<void> {
    for (let wait = 2_000; !stopRetrying.signal.aborted; wait = Math.min(wait * 2, 60_000)) {
      await sleep(wait, undefined, { signal: stopRetrying.signal }).catch(() => undefined);
      if (stopRetrying.signal.aborted) return;
      try {
        await connect();
        return;
      } catch (error) {
        log.warn(
          { error: describeError(error, telegram.token), retryInMs: wait },
          'Telegram still unreachable',
        );
      }
    }
  }

  return {
    platform: 'telegram',
    sender,
    routes: secret
      ? (server) => telegramWebhookRoute(server, { secret, handle: (update) => handle(bot, update, deps) })
      : undefined,
    async start() {
      try {
        await connect();
      } catch (error) {
        const refusal = describeError(error, telegram.token);
        // A refusal (bad token, webhook URL not https) is a setting to fix: fail loudly. An
        // unreachable Telegram must not take the web chat and Zalo down: keep retrying meanwhile.
        if (isRefusal(error)) throw new Error(`Telegram refused to start: ${refusal}`);
        log.error({ error: refusal }, 'Telegram unreachable at start; retrying in the background');
        retrying = retryInBackground();
      }
    },
    state: () => (bot.isInited() && connected ? 'up' : 'connecting'),
    async stop() {
      stopping = true;
      stopRetrying.abort();
      await retrying;
      await poller?.stop();
      await side.idle();
    },
  };
}

/** Telegram answered and said no (4xx other than 429): retrying the same call cannot help. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code >= 400 &&
    error.error_code < 500 &&
    error.error_code !== 429
  );
}

/** Intake could not record an update (the database is away): worth a redelivery. */
class RecordingFailed extends Error {}

function recordOrFail(deps: TelegramDeps) {
  return (record: InboundRecord) =>
    deps.intake.accept(record).catch((error: unknown) => {
      throw new RecordingFailed('recording failed', { cause: error });
    });
}

/**
 * Webhook path. Only a transient failure (recording failed) is a 5xx, so Telegram redelivers; an
 * update our handlers cannot read (malformed, missing fields) is acknowledged and dropped: a
 * redelivery could never succeed and would hold back that chat's later updates. Logged without
 * the update (personal data); the grammY error holds the API and token, so only its description.
 */
async function handle(bot: Bot, update: Update, deps: TelegramDeps): Promise<void> {
  if (!bot.isInited())
    throw Object.assign(new Error('Telegram channel not started yet'), { statusCode: 503 });
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    const inner = error instanceof BotError ? error.error : error;
    if (inner instanceof RecordingFailed) {
      deps.log.error(
        { updateId: update.update_id, error: describeError(inner.cause, deps.telegram.token) },
        'recording a Telegram update failed',
      );
      throw new Error('recording the Telegram update failed');
    }
    deps.log.warn(
      { updateId: update.update_id, error: inner instanceof Error ? inner.name : typeof inner },
      'dropped a Telegram update that cannot be handled',
    );
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
