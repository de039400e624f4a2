import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Logger } from '../../logger';
import { describeError } from './describe-error';
import { ALLOWED_UPDATES } from './webhook-route';

/**
 * Long polling with the grammY runner. The handlers only record updates, so a high concurrency
 * is cheap; per-chat order is kept by the `sequentialize` middleware the channel installs.
 */
export async function startPolling(bot: Bot, log: Logger, token: string): Promise<{ stop(): Promise<void> }> {
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const runner: RunnerHandle = run(bot, {
    runner: {
      // The runner prints fetch errors with console.error, URL (and token) included: keep it quiet.
      silent: true,
      fetch: { timeout: 30, allowed_updates: [...ALLOWED_UPDATES] },
      retryInterval: 'exponential',
    },
    sink: { concurrency: 200 },
  });
  runner.task()?.catch((error) => {
    // 401 (bad token) and 409 (another poller or a webhook) end polling for good.
    log.error({ error: describeError(error, token) }, 'Telegram long polling stopped');
  });
  return {
    async stop() {
      if (runner.isRunning()) await runner.stop();
    },
  };
}
