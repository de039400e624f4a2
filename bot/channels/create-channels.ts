import type { Config } from '../config';
import type { Logger } from '../logger';
import type { RateLimiter } from '../server/rate-limiter';
import type { LearnerStore } from '../store/learner-store';
import type { OutboxStore } from '../store/outbox-store';
import type { Intake } from '../turns/intake';
import type { Channel } from './channel';
import type { BudgetFor } from './core/budgets';
import { createTelegramChannel } from './telegram/telegram-channel';
import { createWebChannel } from './web/web-channel';
import { createZaloChannel } from './zalo/zalo-channel';

export interface ChannelDeps {
  config: Config;
  intake: Intake;
  store: LearnerStore;
  log: Logger;
  /** Each bot's message budget (shared through Redis when configured). */
  budgetFor: BudgetFor;
  /** False in worker processes: they only send (answers to swept messages), never receive. */
  receive: boolean;
}

/** The platform channels that are configured (a bot token set). The web chat is always on. */
export function createChannels(
  deps: ChannelDeps & { web: { outbox: OutboxStore; rateLimiter: RateLimiter } },
): Channel[] {
  const channels: Channel[] = [
    createWebChannel({
      ...deps.web,
      intake: deps.intake,
      limits: deps.config.webChat,
    }),
  ];
  if (deps.config.telegram) channels.push(createTelegramChannel({ ...deps, telegram: deps.config.telegram }));
  if (deps.config.zalo) channels.push(createZaloChannel({ ...deps, zalo: deps.config.zalo }));
  return channels;
}
