import type { Config } from '../../config';
import type { Channel, ChannelDeps } from '../channel';
import { createSendLimiter } from '../core/send-limiter';
import { createGroupNote } from './group-note';
import { createZaloClient } from './zalo-client';
import { createZaloPoller } from './zalo-polling';
import { createZaloReceiver } from './zalo-receiver';
import { createZaloSender } from './zalo-sender';
import { registerWebhook } from './zalo-start';
import { ZALO_WEBHOOK_PATH, zaloWebhookRoute } from './zalo-webhook';

/**
 * The Zalo channel: webhook mode when ZALO_WEBHOOK_SECRET is set, long polling otherwise. Worker
 * processes (`receive: false`) only get the sender.
 */
export function createZaloChannel(deps: ChannelDeps & { zalo: NonNullable<Config['zalo']> }): Channel {
  const { zalo } = deps;
  const log = deps.log.child({ channel: 'zalo' });
  // The token is `<bot id>:<secret>`; only the public bot id may serve as a key.
  const botId = zalo.token.includes(':') ? zalo.token.split(':')[0]! : 'zalo';
  const limiter = createSendLimiter({
    ratePerSecond: zalo.sendRate,
    budget: deps.budgetFor(`zalo:${botId}`, zalo.sendRate),
    adaptive: true,
  });
  const client = createZaloClient({
    token: zalo.token,
    apiBase: zalo.apiBase,
    log,
    onRateLimited: (waitMs) => limiter.pause(waitMs),
  });
  const sender = createZaloSender({ client, limiter, log });
  const idle = {
    platform: 'zalo' as const,
    sender,
    start: async () => {},
    stop: async () => {},
    state: () => (sender.paused ? ('paused' as const) : ('up' as const)),
  };
  if (!deps.receive) return idle;

  const groupNote = createGroupNote({ store: deps.store, sender, log });
  const receiver = createZaloReceiver({ intake: deps.intake, groupNote, log });
  const secret = zalo.webhookSecret;
  if (secret) {
    const webhook = registerWebhook({
      client,
      url: `${deps.config.publicUrl}${ZALO_WEBHOOK_PATH}`,
      secret,
      log,
    });
    return {
      ...idle,
      routes: (server) => zaloWebhookRoute(server, { secret, receiver }),
      start: webhook.start,
      stop: webhook.stop,
    };
  }
  const poller = createZaloPoller({ client, receiver, log });
  return { ...idle, start: poller.start, stop: poller.stop };
}
