import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot/db/open-database';
import type { ConversationState, TurnOutcome } from '../../bot/engine/types';
import { createLogger } from '../../bot/logger';
import type { InboundRecord, LearnerKey, LearnerStore } from '../../bot/store/learner-store';
import { createPrismaLearnerStore } from '../../bot/store/prisma-learner-store';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const log = createLogger('silent');

/** An outcome that bumps the state's seq: lost updates show as a seq below the number of turns. */
function bump(state: ConversationState | undefined): TurnOutcome {
  const base: ConversationState = state ?? { v: 1, seq: 0, step: { at: 'menu' }, done: {} };
  return {
    replies: [],
    state: { ...base, seq: base.seq + 1 },
    profile: { consentAt: new Date('2026-11-27T08:00:00Z') },
    answers: [
      {
        courseId: 'c',
        lessonId: 'l',
        questionKey: `c/l/q${base.seq + 1}`,
        chosen: '1',
        correct: true,
        isRetry: false,
        latencyMs: 5,
      },
    ],
  };
}

function inbound(key: LearnerKey, n: number): InboundRecord {
  return {
    ...key,
    externalId: `e${n}`,
    chatId: 'chat',
    order: n,
    input: { kind: 'text', text: String(n), at: new Date().toISOString() },
  };
}

async function turnsAndInbox(stores: LearnerStore[], db: TestDatabase) {
  const prisma = db.db.prisma;
  const key: LearnerKey = { platform: 'web', platformUserId: `racer-${stores.length}` };
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      stores[i % stores.length]!.withLearner(key, (session) =>
        session.apply(bump(session.learner?.state), new Date()),
      ),
    ),
  );
  const learner = await prisma.learner.findFirstOrThrow({ where: key });
  expect((learner.state as unknown as ConversationState).seq).toBe(40);
  expect(await prisma.answerEvent.count({ where: { learnerId: learner.id } })).toBe(40);

  const inboxKey: LearnerKey = { platform: 'zalo', platformUserId: `inbox-${stores.length}` };
  const records = Array.from({ length: 12 }, (_, i) => inbound(inboxKey, i + 1));
  expect((await stores[0]!.recordInbound(records)).size).toBe(12);
  expect((await stores[0]!.recordInbound(records.slice(0, 3))).size).toBe(0);
  const seen: string[] = [];
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      stores[i % stores.length]!.withLearner(
        inboxKey,
        (session) => {
          const texts = session.inbox.map((item) => item.record.input.text);
          for (const _item of session.inbox) session.apply(bump(session.learner?.state), new Date(), 'chat');
          session.markProcessed(session.inbox.map((item) => item.id));
          return texts;
        },
        { inbox: true },
      ).then((texts) => seen.push(...texts)),
    ),
  );
  // Work may run more than once on a conflict, but only one run per message ever commits.
  const row = await prisma.learner.findFirstOrThrow({ where: inboxKey });
  expect((row.state as unknown as ConversationState).seq).toBe(12);
  expect(
    await prisma.inboundMessage.count({
      where: { platformUserId: inboxKey.platformUserId, processedAt: null },
    }),
  ).toBe(0);
  expect(new Set(seen)).toEqual(new Set(records.map((r) => r.input.text)));
}

describe('learner store on the embedded database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
  });
  afterAll(async () => db?.drop());

  it('never loses or doubles a turn, and processes each inbound message once', async () => {
    await turnsAndInbox([createPrismaLearnerStore(db.db)], db);
  });

  it('erases a learner with everything about them, and claims a key only once', async () => {
    const store = createPrismaLearnerStore(db.db);
    const key: LearnerKey = { platform: 'telegram', platformUserId: 'to-erase' };
    await store.withLearner(key, (session) => session.apply(bump(undefined), new Date()));
    await store.withLearner(key, (session) =>
      session.apply({ ...bump(session.learner!.state), answers: [], erase: true }, new Date()),
    );
    expect(await db.db.prisma.learner.count({ where: key })).toBe(0);
    expect(
      await db.db.prisma.answerEvent.count({ where: { questionId: 'c/l/q1', platform: 'telegram' } }),
    ).toBe(0);
    expect(await store.claimOnce('telegram', 'group:1')).toBe(true);
    expect(await store.claimOnce('telegram', 'group:1')).toBe(false);
  });
});

describeWithServices('learner store on PostgreSQL, two processes', { postgres: true }, () => {
  let db: TestDatabase;
  let second: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    second = await openDatabase({ databaseUrl: db.url, dataDir: '/tmp', poolSize: 4, log });
  });
  afterAll(async () => {
    await second?.close();
    await db?.drop();
  });

  it('never loses or doubles a turn when two processes race on one learner', async () => {
    await turnsAndInbox([createPrismaLearnerStore(db.db), createPrismaLearnerStore(second)], db);
  });
});
