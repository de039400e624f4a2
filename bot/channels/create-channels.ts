import type { RateLimiter } from '../server/rate-limiter';
import type { OutboxStore } from '../store/outbox-store';
import type { Channel, ChannelDeps } from './channel';
import { createTelegramChannel } from './telegram/telegram-channel';
import { createWebChannel } from './web/web-channel';
import { createZaloChannel } from './zalo/zalo-channel';

/** The platform channels that are configured (a bot token set). The web chat is always on. */
export function createChannels(
  deps: ChannelDeps & { web: { outbox: OutboxStore; rateLimiter: RateLimiter; sessionKey: Buffer } },
): Channel[] {
  const channels: Channel[] = [
    createWebChannel({
      ...deps.web,
      intake: deps.intake,
      limits: deps.config.webChat,
      publicUrl: deps.config.publicUrl,
    }),
  ];
  if (deps.config.telegram) channels.push(createTelegramChannel({ ...deps, telegram: deps.config.telegram }));
  if (deps.config.zalo) channels.push(createZaloChannel({ ...deps, zalo: deps.config.zalo }));
  return channels;
}
