import type { Language, Reply } from '../../engine/types';
import type { ChannelSender } from '../channel';

export interface Answer {
  replies: Reply[];
  language?: Language;
}

export interface Expected {
  /** The turn's answer, or null when it did not answer in time (the page fetches it later). */
  answer: Promise<Answer | null>;
  cancel(): void;
}

export interface WebSender extends ChannelSender {
  /** Waits for the answer to one inbound message (the request that sent it holds the connection). */
  expect(externalId: string, timeoutMs: number): Expected;
}

/**
 * The web chat has no push: a reply goes to the request waiting for it; anything else (an answer
 * whose request gave up, an AI answer, a reminder) stays in the outbox until the page asks.
 */
export function createWebSender(): WebSender {
  // Several requests may wait for one message: the page re-sent it while its turn was running.
  const waiting = new Map<string, Set<(answer: Answer | null) => void>>();
  return {
    platform: 'web',
    async send(_chatId, replies, options) {
      const waiters = options?.inReplyTo ? waiting.get(options.inReplyTo) : undefined;
      if (!waiters?.size) return { ok: true, held: true };
      for (const resolve of [...waiters]) resolve({ replies, language: options?.language });
      return { ok: true };
    },
    expect(externalId, timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      let done: (value: Answer | null) => void = () => {};
      const answer = new Promise<Answer | null>((resolve) => {
        done = (value) => {
          clearTimeout(timer);
          const waiters = waiting.get(externalId);
          waiters?.delete(done);
          if (waiters?.size === 0) waiting.delete(externalId);
          resolve(value);
        };
        waiting.set(externalId, (waiting.get(externalId) ?? new Set()).add(done));
        timer = setTimeout(() => done(null), timeoutMs);
      });
      return { answer, cancel: () => done(null) };
    },
  };
}
