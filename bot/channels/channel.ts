import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Language, Platform, Reply } from '../engine/types';
import type { Logger } from '../logger';
import type { LearnerStore } from '../store/learner-store';
import type { Intake } from '../turns/intake';
import type { BudgetFor } from './core/budgets';

export type SendResult =
  /** `held`: the channel keeps the message for the learner to fetch (web chat, no request waiting). */
  | { ok: true; held?: boolean }
  /** The learner blocked the bot (Telegram 403): stop sending to them. */
  | { ok: false; reason: 'blocked' }
  /**
   * Retries exhausted or a permanent error; logged by the sender. `retryable`: the platform was
   * down or limiting (429, 5xx, network), so the message is tried again later rather than given up.
   */
  | { ok: false; reason: 'failed'; error: string; retryable?: boolean }
  /**
   * The channel cannot send at all for now (the platform refused the bot's token): the message
   * stays pending, and the outbox sweep sends it once the channel works again.
   */
  | { ok: false; reason: 'paused'; error: string };

/**
 * The outgoing half of a channel. One per platform; it owns the platform's limits: rendering
 * (buttons or numbered lines, message length), rate limits, 429 waits, retries and 403s.
 */
export interface SendOptions {
  /** Bulk messages (reminders, campaigns) wait for the bot-wide rate; replies never queue behind them. */
  priority?: 'reply' | 'bulk';
  /** Gives up (a retry wait, a queued send) once aborted: the outbox sweep takes the message over. */
  signal?: AbortSignal;
  /** The inbound message this answers, when it is a reply. */
  inReplyTo?: string;
  /** The learner's language, when known (the web page follows it). */
  language?: Language;
  /**
   * Awaited right before each platform call, once the limits allow it (a campaign records that its
   * send began: after a crash such a message is `unknown`, never sent again). A failure cancels the send.
   */
  onStart?: () => Promise<void>;
}

export interface ChannelSender {
  readonly platform: Platform;
  send(chatId: string, replies: Reply[], options?: SendOptions): Promise<SendResult>;
  /** Shows "typing…" in the chat where the platform can (an answer is on its way); best effort. */
  typing?(chatId: string): Promise<void>;
}

/** A messaging platform: the sender, plus how updates come in (webhook route or long polling). */
export interface Channel {
  readonly platform: Platform;
  readonly sender: ChannelSender;
  /** Adds the webhook route to the HTTP server (webhook mode). */
  routes?(server: FastifyInstance): void | Promise<void>;
  /** Starts receiving: registers the webhook, or starts long polling. */
  start(): Promise<void>;
  /** Stops receiving; turns already accepted finish through the dispatcher. */
  stop(): Promise<void>;
  /** 'connecting' while the platform could not be reached yet (retried in the background). */
  state?(): 'up' | 'connecting' | 'paused';
}

export interface ChannelDeps {
  config: Config;
  intake: Intake;
  store: LearnerStore;
  log: Logger;
  /** Each bot's message budget (shared through Redis when configured). */
  budgetFor: BudgetFor;
  /** False in worker processes: they only send (answers to swept messages), never receive. */
  receive: boolean;
}
