import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRunner } from '../../bot/db/sql-runner';
import type { Tutor } from '../../bot/engine/tutor';
import type { ConversationState, TurnOutcome } from '../../bot/engine/types';
import { INBOX_PAGE } from '../../bot/store/learner-snapshot';
import type { LearnerKey, LearnerSession, LearnerStore } from '../../bot/store/learner-store';
import { createPrismaLearnerStore } from '../../bot/store/prisma-learner-store';
import { createTurnRunner } from '../../bot/turns/turn-runner';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const AT = new Date('2026-11-28T03:00:00Z');

/** One more answered question: the state's seq counts committed turns. */
function step(state: ConversationState | undefined, extra: Partial<TurnOutcome> = {}): TurnOutcome {
  const base: ConversationState = state ?? { v: 1, seq: 0, step: { at: 'menu' }, done: {} };
  const seq = base.seq + 1;
  return {
    replies: [],
    state: { ...base, seq },
    profile: { consentAt: AT, province: 'hue', audience: 'citizen' },
    answers: [
      {
        courseId: 'c',
        lessonId: 'l',
        questionKey: `c/l/q${seq}`,
        chosen: '1',
        correct: true,
        isRetry: false,
        latencyMs: 9,
      },
    ],
    lessonStarted: seq === 1 ? { course: 'c', lesson: 'l' } : undefined,
    ...extra,
  };
}

const turn = (session: LearnerSession) => {
  session.apply(step(session.learner?.state), AT, 'chat');
  return session.learner!.state.seq;
};

function batchSuite(kind: 'pglite' | 'postgres') {
  let db: TestDatabase;
  let store: LearnerStore;
  const keys = (prefix: string, n: number): LearnerKey[] =>
    Array.from({ length: n }, (_, i) => ({
      platform: i % 2 ? 'zalo' : 'telegram',
      platformUserId: `${prefix}-${i}`,
    }));
  const seqOf = async (key: LearnerKey) =>
    ((await db.db.prisma.learner.findFirstOrThrow({ where: key })).state as unknown as ConversationState).seq;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = createPrismaLearnerStore(db.db);
  });
  afterAll(async () => db?.drop());

  it('writes new and known learners of a batch with their answers and progress, in one go', async () => {
    const batch = keys('mixed', 6);
    // Half of them are known already.
    await store.withLearners(batch.slice(0, 3), turn);
    const results = await store.withLearners(batch, turn);
    expect(results).toEqual([2, 2, 2, 1, 1, 1].map((value) => ({ ok: true, value })));
    for (const [i, key] of batch.entries()) expect(await seqOf(key)).toBe(i < 3 ? 2 : 1);
    const learners = await db.db.prisma.learner.findMany({
      where: { platformUserId: { startsWith: 'mixed-' } },
    });
    const answers = await db.db.prisma.answerEvent.count({
      where: { learnerId: { in: learners.map((l) => l.id) } },
    });
    expect(answers).toBe(9);
    const progress = await db.db.prisma.lessonProgress.count({
      where: { learnerId: { in: learners.map((l) => l.id) } },
    });
    expect(progress).toBe(6);
    expect(learners.every((l) => l.province === 'hue' && l.chatId === 'chat')).toBe(true);
  });

  it('retries only the learner who changed meanwhile, and never writes a turn twice', async () => {
    const batch = keys('race', 5);
    await store.withLearners(batch, turn);
    const other = createPrismaLearnerStore(db.db);
    let interfere = true;
    // Just before the batch is written, another process writes learner 2.
    const sql: SqlRunner = async (statement) => {
      if (interfere && statement.text.includes('written AS')) {
        interfere = false;
        await other.withLearner(batch[2]!, turn);
      }
      return db.db.sql(statement);
    };
    const racing = createPrismaLearnerStore({ prisma: db.db.prisma, sql, kind: db.db.kind });
    let runs = 0;
    const results = await racing.withLearners(batch, (session) => {
      runs += 1;
      return turn(session);
    });
    expect(results).toEqual([2, 2, 3, 2, 2].map((value) => ({ ok: true, value })));
    for (const key of batch) expect(await seqOf(key)).toBe(key === batch[2] ? 3 : 2);
    // Only learner 2 ran again.
    expect(runs).toBe(6);
  });

  /** Learners who already took one turn, each with their user id as chat id (to tell them apart). */
  async function known(prefix: string, n: number): Promise<LearnerKey[]> {
    const batch = keys(prefix, n);
    for (const key of batch) {
      await store.withLearner(key, (session) => session.apply(step(undefined), AT, key.platformUserId));
    }
    return batch;
  }

  it('reports a learner whose work throws, and still writes the others', async () => {
    const batch = await known('throws', 4);
    const results = await store.withLearners(batch, (session) => {
      if (session.learner?.chatId === batch[2]!.platformUserId) throw new Error('engine bug');
      return turn(session);
    });
    expect(results.map((result) => result.ok)).toEqual([true, true, false, true]);
    expect(results[2]).toMatchObject({ ok: false, error: new Error('engine bug') });
    for (const key of batch) expect(await seqOf(key)).toBe(key === batch[2] ? 1 : 2);
  });

  it('isolates a learner whose row the database refuses: the rest of the batch is written', async () => {
    const batch = await known('poison', 4);
    const poisoned = batch[1]!.platformUserId;
    const results = await store.withLearners(batch, (session) => {
      const outcome = step(session.learner?.state);
      // A NUL is valid JSON but PostgreSQL's jsonb refuses it: the whole statement would fail.
      if (session.learner?.chatId === poisoned) outcome.state = { ...outcome.state, note: '\u0000' } as never;
      session.apply(outcome, AT);
      return outcome.state.seq;
    });
    expect(results.map((result) => result.ok)).toEqual([true, false, true, true]);
    for (const key of batch) expect(await seqOf(key)).toBe(key.platformUserId === poisoned ? 1 : 2);
  });

  it('reads a backlog a page at a time, in platform order, and a drain answers all of it', async () => {
    const key: LearnerKey = { platform: 'zalo', platformUserId: 'backlog' };
    // Recorded out of platform order, as concurrent webhook deliveries may be.
    const orders = Array.from({ length: 40 }, (_, i) => ((i * 7) % 40) + 1);
    await store.recordInbound(
      orders.map((order) => ({
        ...key,
        externalId: `backlog:${order}`,
        chatId: 'chat',
        order,
        input: { kind: 'text', text: String(order), at: AT.toISOString() },
      })),
    );
    const first = await store.withLearners(
      [key],
      (session) => ({
        texts: session.inbox.map((item) => item.record.input.text),
        more: session.inboxHasMore,
      }),
      { inbox: true },
    );
    expect(first[0]).toEqual({
      ok: true,
      value: { texts: Array.from({ length: INBOX_PAGE }, (_, i) => String(i + 1)), more: true },
    });

    const tutor: Tutor = {
      handle: (learner, input) => ({ ...step(learner?.state), replies: [{ text: `re ${input.text}` }] }),
    };
    const [drained] = await createTurnRunner({ store, tutor }).drainInboxes([key]);
    expect(drained!.error).toBeUndefined();
    expect(drained!.turns).toBe(40);
    expect(drained!.deliveries.map((d) => d.replies[0]!.text)).toEqual(
      Array.from({ length: 40 }, (_, i) => `re ${i + 1}`),
    );
    expect(await seqOf(key)).toBe(40);
    const left = await store.withLearners(
      [key],
      (session) => session.inbox.length + Number(session.inboxHasMore),
    );
    expect(left[0]).toEqual({ ok: true, value: 0 });
  });
}

describe('a batch of learners on the embedded database', () => batchSuite('pglite'));
describeWithServices('a batch of learners on PostgreSQL', { postgres: true }, () => batchSuite('postgres'));
