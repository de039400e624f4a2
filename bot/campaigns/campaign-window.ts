import type { Config } from '../config';

/**
 * How many campaign messages may be on their way at once: two seconds of the fastest channel's
 * bulk rate (the next page is handed out before the last one is sent, so the platform never waits
 * on the database), at least 20, and at most 400 so the dispatcher keeps room for learners' replies.
 */
export function campaignWindow(config: Partial<Pick<Config, 'telegram' | 'zalo'>>): number {
  const telegram = config.telegram
    ? Math.max(config.telegram.sendRate, config.telegram.paidBroadcastRate)
    : 0;
  const rates = [telegram, config.zalo?.sendRate ?? 0];
  return Math.min(400, Math.max(20, Math.round(2 * Math.max(...rates))));
}
