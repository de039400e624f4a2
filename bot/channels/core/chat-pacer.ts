/**
 * Paces sends to one chat: a burst of `burst` messages, then `perSecond` a second (GCRA).
 * Replies to what a learner just typed reserve their slots but do not wait for them: the learner
 * is looking at the chat, and pausing a two-message answer for a second would feel broken. Bulk
 * sends (broadcasts, reminders) do wait, so they never pile onto a conversation in progress.
 */
export interface ChatPacer {
  /** Milliseconds this send must wait; the slot is reserved, so call it once per message. */
  reserve(chatId: string): number;
  readonly size: number;
}

export function createChatPacer(options: {
  perSecond: number;
  burst: number;
  now?: () => number;
}): ChatPacer {
  const now = options.now ?? (() => performance.now());
  const interval = 1000 / options.perSecond;
  const tolerance = (options.burst - 1) * interval;
  const theoretical = new Map<string, number>();
  let reservations = 0;

  function forgetIdle(at: number): void {
    // A chat whose schedule lies in the past has its full burst back: no need to remember it.
    for (const [chatId, tat] of theoretical) if (tat <= at) theoretical.delete(chatId);
  }

  return {
    reserve(chatId) {
      const at = now();
      if (++reservations % 4096 === 0) forgetIdle(at);
      const tat = Math.max(theoretical.get(chatId) ?? at, at);
      theoretical.set(chatId, tat + interval);
      return Math.max(0, tat - tolerance - at);
    },
    get size() {
      return theoretical.size;
    },
  };
}
