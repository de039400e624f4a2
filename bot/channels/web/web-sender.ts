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
  const waiting = new Map<string, (answer: Answer | null) => void>();
  return {
    platform: 'web',
    async send(_chatId, replies, options) {
      const resolve = options?.inReplyTo ? waiting.get(options.inReplyTo) : undefined;
      if (!resolve) return { ok: true, held: true };
      resolve({ replies, language: options?.language });
      return { ok: true };
    },
    expect(externalId, timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const answer = new Promise<Answer | null>((resolve) => {
        const done = (value: Answer | null) => {
          clearTimeout(timer);
          waiting.delete(externalId);
          resolve(value);
        };
        waiting.set(externalId, done);
        timer = setTimeout(() => done(null), timeoutMs);
      });
      return { answer, cancel: () => waiting.get(externalId)?.(null) };
    },
  };
}
