import type { Config } from '../config';
import type { Logger } from '../logger';
import type { LearnerStore } from '../store/learner-store';
import type { Intake } from '../turns/intake';
import type { Channel } from './channel';
import { createTelegramChannel } from './telegram/telegram-channel';
import { createZaloChannel } from './zalo/zalo-channel';

export interface ChannelDeps {
  config: Config;
  intake: Intake;
  store: LearnerStore;
  log: Logger;
  /** False in worker processes: they only send (answers to swept messages), never receive. */
  receive: boolean;
}

/** The platform channels that are configured (a bot token set). The web chat is always on. */
export function createChannels(deps: ChannelDeps): Channel[] {
  const channels: Channel[] = [];
  if (deps.config.telegram) channels.push(createTelegramChannel({ ...deps, telegram: deps.config.telegram }));
  if (deps.config.zalo) channels.push(createZaloChannel({ ...deps, zalo: deps.config.zalo }));
  return channels;
}
