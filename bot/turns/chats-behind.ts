/**
 * Chats whose messages went back to the outbox sweep (the platform was down or limiting): a newer
 * turn's reply to such a chat goes the same way, so the learner reads them in order. Per process;
 * the sweep itself claims a chat's messages only in order (outbox-store `claimStale`). An entry
 * lapses on its own so a chat is never held back for good.
 */
export function createChatsBehind(options: { holdMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const until = new Map<string, number>();
  return {
    hold(chat: string): void {
      until.set(chat, now() + options.holdMs);
    },
    release(chat: string): void {
      until.delete(chat);
    },
    isBehind(chat: string): boolean {
      const end = until.get(chat);
      if (end === undefined) return false;
      if (end > now()) return true;
      until.delete(chat);
      return false;
    },
  };
}
