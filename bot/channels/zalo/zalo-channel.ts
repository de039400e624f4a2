import type { Config } from '../../config';
import type { Channel } from '../channel';
import type { ChannelDeps } from '../create-channels';

/** Placeholder until the Zalo channel lands: configured but not implemented is a start-up error. */
export function createZaloChannel(_deps: ChannelDeps & { zalo: NonNullable<Config['zalo']> }): Channel {
  throw new Error('The Zalo channel is not implemented yet');
}
