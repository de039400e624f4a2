import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger';
import type { ZaloClient } from './zalo-client';
import { ZaloApiError } from './zalo-errors';

const RETRY_EVERY_MS = 30_000;

/**
 * Registers the webhook at start. A refusal (bad token, URL not https) fails the start loudly; a
 * platform that is down or unreachable is retried in the background so a deploy during a Zalo
 * outage still comes up and starts receiving once Zalo is back.
 */
export function registerWebhook(deps: { client: ZaloClient; url: string; secret: string; log: Logger }) {
  const controller = new AbortController();
  let retrying: Promise<void> | undefined;

  const permanent = (error: unknown) => error instanceof ZaloApiError && !error.retryable;

  async function retryInBackground(): Promise<void> {
    while (!controller.signal.aborted) {
      await sleep(RETRY_EVERY_MS, undefined, { signal: controller.signal }).catch(() => undefined);
      if (controller.signal.aborted) return;
      try {
        await deps.client.setWebhook(deps.url, deps.secret);
        deps.log.info('Zalo webhook registered');
        return;
      } catch (error) {
        deps.log.error({ err: error }, 'Zalo setWebhook failed; retrying');
      }
    }
  }

  return {
    async start(): Promise<void> {
      try {
        await deps.client.setWebhook(deps.url, deps.secret);
      } catch (error) {
        if (permanent(error)) throw new Error(`Zalo refused the webhook: ${(error as Error).message}`);
        deps.log.error({ err: error }, 'Zalo setWebhook failed; retrying in the background');
        retrying = retryInBackground();
      }
    },
    async stop(): Promise<void> {
      controller.abort();
      await retrying;
    },
  };
}
