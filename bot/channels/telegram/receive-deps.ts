import type { Api } from 'grammy';
import type { Logger } from '../../logger';
import type { InboundRecord, LearnerStore } from '../../store/learner-store';
import type { SideCalls } from './side-calls';
import type { TelegramSender } from './telegram-sender';

/** What the update handlers need: the same for webhook and long polling. */
export interface ReceiveDeps {
  api: Api;
  /** Records the update (de-duplicated by update id) and hands it to the dispatcher; true when new. */
  accept(record: InboundRecord): Promise<boolean>;
  store: LearnerStore;
  sender: TelegramSender;
  side: SideCalls;
  log: Logger;
}
