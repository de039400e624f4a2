import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger';
import type { ZaloClient } from './zalo-client';
import { errorCode } from './zalo-errors';
import type { ZaloReceiver } from './zalo-receiver';
import { parseZaloUpdate, type ZaloUpdate } from './zalo-update';

export interface ZaloPollerOptions {
  client: ZaloClient;
  receiver: ZaloReceiver;
  log: Logger;
  /** Long-poll length, seconds (sent to Zalo as a string). */
  timeoutSeconds?: number;
  backoff?: { baseMs: number; maxMs: number };
}

/**
 * Long polling: getUpdates returns ONE update per call, or 408 when none came. Errors back off
 * exponentially. stop() aborts the request in flight, so shutdown never waits out the long poll.
 */
export function createZaloPoller(options: ZaloPollerOptions) {
  const { client, receiver, log } = options;
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
  const controller = new AbortController();
  let loop: Promise<void> | undefined;

  const pause = (ms: number) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
  const delay = (failures: number) =>
    Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures - 1, 20));

  /** The update is gone from Zalo once returned: keep trying to record it until we stop. */
  async function record(update: ZaloUpdate): Promise<void> {
    for (let failures = 1; !controller.signal.aborted; failures++) {
      try {
        await receiver.handle(update);
        return;
      } catch (error) {
        log.error({ err: error, failures }, 'recording a Zalo update failed; retrying');
        await pause(delay(failures));
      }
    }
    log.error('stopped before a polled Zalo update could be recorded; it is lost');
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!controller.signal.aborted) {
      let raw: unknown;
      try {
        raw = await client.getUpdates(timeoutSeconds, { signal: controller.signal });
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) break;
        failures++;
        const wait = delay(failures);
        const level = failures >= 5 ? 'error' : 'warn';
        log[level]({ code: errorCode(error), failures, retryInMs: wait }, 'Zalo getUpdates failed');
        await pause(wait);
        continue;
      }
      if (raw === null) continue;
      const parsed = parseZaloUpdate(raw);
      if (!parsed.ok) {
        log.warn({ problem: parsed.error }, 'Zalo sent an update that is not valid; skipped');
        continue;
      }
      await record(parsed.update);
    }
  }

  return {
    async start(): Promise<void> {
      // getUpdates answers nothing while a webhook is set.
      await client.deleteWebhook();
      loop ??= run();
    },
    async stop(): Promise<void> {
      controller.abort();
      await loop;
    },
  };
}
