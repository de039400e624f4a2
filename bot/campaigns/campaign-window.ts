import type { Config } from '../config';

/**
 * How many campaign messages may be handed out and not yet settled: four seconds of the fastest
 * channel's bulk rate, so the platform never waits on the turns behind it even when the database
 * or the machine is slow (the rate is then limited by the window over the time one message takes
 * from hand-out to result), within 40 to 1,000. It never bounds what a crash leaves `unknown`
 * (only sends that had begun are); it keeps turns from running far ahead of sending.
 */
export function campaignWindow(config: Partial<Pick<Config, 'telegram' | 'zalo'>>): number {
  const telegram = config.telegram
    ? Math.max(config.telegram.sendRate, config.telegram.paidBroadcastRate)
    : 0;
  const rates = [telegram, config.zalo?.sendRate ?? 0];
  return Math.min(1000, Math.max(40, Math.round(4 * Math.max(...rates))));
}
