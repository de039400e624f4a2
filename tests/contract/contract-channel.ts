import type { Platform } from '../../bot/engine/types';
import type { TestApp } from '../support/test-app';

export interface SeenReply {
  text: string;
  choices: string[];
}

/**
 * A learner on one channel, as the contract drives them. A "message" is what the platform delivers
 * (a Telegram update, a Zalo event, a web POST with its `messageId`): delivering the same one twice
 * is a redelivery. `P` is a prompt with choices as the learner's screen keeps it.
 */
export interface ChannelLearner<M = unknown, P = unknown> {
  say(text: string): Promise<SeenReply[]>;
  /** Picks choice `n` of `prompt` (by default the latest one): a button, or the typed number. */
  choose(n: number, prompt?: P): Promise<SeenReply[]>;
  latestPrompt(): P;
  /** A message the learner writes, not delivered yet. */
  compose(text: string): M;
  /** Delivers a message; returns all the bot sent in answer (once the app has settled). */
  deliver(message: M): Promise<SeenReply[]>;
  /**
   * Delivers messages at once, as the platform hands over a quick learner's messages; returns
   * every answer. `handedOver` runs once the app has them all, before the answers are awaited.
   */
  deliverAll(messages: M[], handedOver?: () => Promise<void>): Promise<SeenReply[]>;
}

/** How the platform can refuse a send, for the channels that have a platform between bot and learner. */
export interface PlatformFaults {
  /** The next send is refused with 429 and `retry_after` seconds. */
  rateLimitNext(retryAfterSeconds: number): void;
  /** The learner blocks the bot: every send to the chat is refused as the platform says "blocked". */
  block(chatId: string): void;
  /** Every send attempt to the chat so far, with the HTTP status and when it was answered. */
  sendAttempts(chatId: string): { status: number; at: number }[];
}

/** Says why an expectation of the contract does not apply to a channel. */
export interface NotApplicable {
  notApplicable: string;
}

export interface ChannelUnderTest {
  platform: Platform;
  learner(): { learner: ChannelLearner; platformUserId: string; chatId: string };
  /** What a redelivered message gets: nothing more (a platform retry), or the stored answer (a page re-sending). */
  redelivery: 'nothing' | 'stored answer';
  /** Choices stay on screen and can be picked after their question has passed. */
  stalePrompts: true | NotApplicable;
  faults: PlatformFaults | NotApplicable;
}

export interface ContractContext {
  app(): TestApp;
  channel: ChannelUnderTest;
}

export const text = (replies: SeenReply[]) => replies.map((reply) => reply.text).join('\n');
export const lastChoices = (replies: SeenReply[]) =>
  [...replies].reverse().find((reply) => reply.choices.length)?.choices ?? [];
export const applies = <T>(value: T | NotApplicable): value is T =>
  typeof value !== 'object' || value === null || !('notApplicable' in value);

/** Onboards with typed and picked answers, opens the first lesson and its quiz (question 1 shown). */
export async function toFirstQuestion(learner: ChannelLearner): Promise<SeenReply[]> {
  await learner.say('/start');
  await learner.choose(1);
  await learner.say('tiếng việt');
  await learner.say('Nam Định');
  await learner.choose(2);
  await learner.choose(1);
  await learner.say('tiếp');
  return learner.choose(1);
}

/** The learner's answer events, oldest first, as [question, chosen, correct]. */
export async function answersOf(ctx: ContractContext, platformUserId: string) {
  const rows = await ctx.app().app.db.prisma.answerEvent.findMany({
    where: { learner: { platform: ctx.channel.platform, platformUserId } },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => [row.questionId, row.chosen, row.correct]);
}
