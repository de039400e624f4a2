import type { Config } from '../../config';
import type { Channel } from '../channel';
import type { ChannelDeps } from '../create-channels';

/** Placeholder until the Telegram channel lands: configured but not implemented is a start-up error. */
export function createTelegramChannel(
  _deps: ChannelDeps & { telegram: NonNullable<Config['telegram']> },
): Channel {
  throw new Error('The Telegram channel is not implemented yet');
}
