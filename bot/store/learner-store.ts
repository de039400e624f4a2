import type { Learner, Platform, TurnInput, TurnOutcome } from '../engine/types';

export interface LearnerKey {
  platform: Platform;
  platformUserId: string;
}

export interface StoredLearner extends Learner {
  id: number;
  chatId: string | null;
}

/** An inbound platform message as recorded at intake: the de-duplication key and the turn input. */
export interface InboundRecord extends LearnerKey {
  externalId: string;
  chatId: string;
  /** Platform order within a chat (Telegram update_id, Zalo date) so a batch is replayed in order. */
  order: number;
  input: Omit<TurnInput, 'at'> & { at: string };
}

export interface InboxItem {
  id: bigint;
  record: InboundRecord;
}

/** A learner locked for one unit of work: nobody else, in any process, touches them until it ends. */
export interface LearnerSession {
  readonly learner: StoredLearner | null;
  apply(outcome: TurnOutcome, at: Date, chatId?: string): Promise<void>;
  pendingInbox(): Promise<InboxItem[]>;
  markProcessed(ids: bigint[], at: Date): Promise<void>;
}

export interface LearnerStore {
  /** Runs `work` in one transaction with the learner locked; everything it applies commits together. */
  withLearner<T>(key: LearnerKey, work: (session: LearnerSession) => Promise<T>): Promise<T>;
  /** Records inbound messages; returns `platform:externalId` of those that were new (the rest are redeliveries). */
  recordInbound(records: InboundRecord[]): Promise<Set<string>>;
  /** Learners with inbound messages left pending since before `olderThan` (a process died mid-turn). */
  pendingLearners(olderThan: Date, limit: number): Promise<LearnerKey[]>;
  /** The platform refused delivery (blocked the bot): senders and broadcasts skip this learner. */
  markUnreachable(key: LearnerKey, at: Date): Promise<void>;
  /** The learner wrote again or unblocked the bot. */
  markReachable(key: LearnerKey): Promise<void>;
  /** Forgets processed inbound ids older than `before` (platforms stop redelivering long before). */
  purgeProcessed(before: Date): Promise<number>;
}
