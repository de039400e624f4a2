import type { Logger } from '../../logger';
import type { LearnerStore } from '../../store/learner-store';
import type { ZaloSender } from './zalo-sender';

export const GROUP_NOTE =
  'Mình chỉ trò chuyện riêng với từng người. Bạn nhắn tin riêng cho mình để học nhé! 👋\n' +
  'I only chat one-to-one: message me directly to start learning.';

/** Remembered in memory too, so a busy group costs no database write per message. */
const MAX_REMEMBERED = 10_000;

/**
 * A group chat gets one short note, at most, and no turn. "Once" holds across processes and
 * restarts: the note is claimed with `store.claimOnce('zalo', 'group-note:<chat id>')`, a unique
 * row that exactly one claimant can insert. The claim lives as long as processed inbound ids are
 * kept (7 days), so a group that stays active may see the note again after that.
 */
export function createGroupNote(deps: { store: LearnerStore; sender: ZaloSender; log: Logger }) {
  const noted = new Set<string>();

  return {
    /** Sends the note unless this group already had it; never throws. */
    async offer(chatId: string): Promise<boolean> {
      if (noted.has(chatId)) return false;
      if (noted.size >= MAX_REMEMBERED) noted.clear();
      noted.add(chatId);
      try {
        if (!(await deps.store.claimOnce('zalo', `group-note:${chatId}`))) return false;
        const delivery = await deps.sender.deliver(chatId, [{ text: GROUP_NOTE }]);
        return delivery.result.ok;
      } catch (error) {
        deps.log.warn({ err: error }, 'Zalo group note failed');
        return false;
      }
    },
  };
}

export type GroupNote = ReturnType<typeof createGroupNote>;
