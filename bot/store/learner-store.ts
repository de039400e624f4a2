import type { Language, Learner, Platform, Reply, TurnInput, TurnOutcome } from '../engine/types';

export interface LearnerKey {
  platform: Platform;
  platformUserId: string;
}

/** A message to send, written to the outbox with the turn that decided it. */
export interface OutboxWrite {
  chatId: string;
  inboundId: bigint;
  priority: number;
  replies: Reply[];
  /** The learner's language after the turn (not stored: the web page follows it). */
  language?: Language;
  /** The outbox row's id, set once the write committed. */
  id?: bigint;
  /** A campaign's message: its result settles the campaign's delivery, and it is never re-sent. */
  campaignId?: number;
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
  /** 1 for inputs from jobs whose answer is bulk (reminders, campaigns); replies otherwise. */
  priority?: number;
  input: Omit<TurnInput, 'at'> & { at: string };
}

export interface InboxItem {
  id: bigint;
  record: InboundRecord;
}

/**
 * One unit of work on one learner. Outcomes applied here are written together, atomically, when
 * the work returns, and only if nobody else wrote this learner since it was read; otherwise the
 * work runs again on fresh data. So work must have no effects outside the session.
 */
export interface LearnerSession {
  /** The learner as the outcomes applied so far left them (null: never seen, or erased). */
  readonly learner: StoredLearner | null;
  /** Their pending inbound messages, in platform order (loaded with `{ inbox: true }`), a page at a time. */
  readonly inbox: InboxItem[];
  /** More are pending than this page holds. */
  readonly inboxHasMore: boolean;
  /** `acted: false` for a turn the learner did not cause (a reminder): it does not count as activity. */
  apply(outcome: TurnOutcome, at: Date, chatId?: string, options?: { acted?: boolean }): void;
  markProcessed(ids: bigint[]): void;
  /** Writes a message to the outbox with this unit of work; its `id` is set once committed. */
  send(message: OutboxWrite): OutboxWrite;
}

/** How one learner's unit of work in a batch ended: its result, or why it was not written. */
export type UnitResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface LearnerStore {
  withLearner<T>(
    key: LearnerKey,
    work: (session: LearnerSession) => T,
    options?: { inbox?: boolean },
  ): Promise<T>;
  /**
   * The same unit of work for several distinct learners, read together and written together (two
   * round trips for the whole batch). Each learner succeeds or fails on its own: a learner whose
   * work throws, or who keeps changing under it, is reported and the others are still written.
   */
  withLearners<T>(
    keys: LearnerKey[],
    /** Runs per learner; `index` is the learner's place in `keys`. */
    work: (session: LearnerSession, index: number) => T,
    options?: { inbox?: boolean },
  ): Promise<UnitResult<T>[]>;
  /** Records inbound messages; returns `platform:externalId` of those that were new (the rest are redeliveries). */
  recordInbound(records: InboundRecord[]): Promise<Set<string>>;
  /**
   * True the first time `claimKey` is claimed for this platform, false ever after (kept as long as
   * processed inbound ids, 7 days): "say this once" notes, e.g. the hint posted in a group chat.
   */
  claimOnce(platform: LearnerKey['platform'], claimKey: string): Promise<boolean>;
  /** Learners with inbound messages left pending since before `olderThan` (a process died mid-turn). */
  pendingLearners(olderThan: Date, limit: number): Promise<LearnerKey[]>;
  /** The platform refused delivery (blocked the bot): senders and broadcasts skip this learner. */
  markUnreachable(key: LearnerKey, at: Date): Promise<void>;
  /** The same, for a learner known by id (a message swept from the outbox). */
  markUnreachableById(id: number, at: Date): Promise<void>;
  /** The learner wrote again or unblocked the bot. */
  markReachable(key: LearnerKey): Promise<void>;
  /** Forgets processed inbound ids older than `before` (platforms stop redelivering long before). */
  purgeProcessed(before: Date): Promise<number>;
}
