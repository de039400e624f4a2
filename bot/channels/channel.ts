import type { FastifyInstance } from 'fastify';
import type { Platform, Reply } from '../engine/types';

export type SendResult =
  | { ok: true }
  /** The learner blocked the bot (Telegram 403): stop sending to them. */
  | { ok: false; reason: 'blocked' }
  /** Retries exhausted or a permanent error; logged by the sender. */
  | { ok: false; reason: 'failed'; error: string };

/**
 * The outgoing half of a channel. One per platform; it owns the platform's limits: rendering
 * (buttons or numbered lines, message length), rate limits, 429 waits, retries and 403s.
 */
export interface ChannelSender {
  readonly platform: Platform;
  send(chatId: string, replies: Reply[]): Promise<SendResult>;
}

/** A messaging platform: the sender, plus how updates come in (webhook route or long polling). */
export interface Channel {
  readonly platform: Platform;
  readonly sender: ChannelSender;
  /** Adds the webhook route to the HTTP server (webhook mode). */
  routes?(server: FastifyInstance): void;
  /** Starts receiving: registers the webhook, or starts long polling. */
  start(): Promise<void>;
  /** Stops receiving; turns already accepted finish through the dispatcher. */
  stop(): Promise<void>;
}
