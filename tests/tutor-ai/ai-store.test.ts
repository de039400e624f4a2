import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AiAnswerEntry,
  type AiStore,
  ANSWER_COLUMN_NAMES,
  createAiStore,
} from '../../bot/tutor-ai/ai-store';
import { createMemoryAiStore } from '../../bot/tutor-ai/memory-ai-store';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const day = new Date('2026-12-05T00:00:00+07:00');
const at = (hours: number) => new Date(day.getTime() + hours * 3_600_000);

function entry(learnerId: number, createdAt: Date, tokens = 100): AiAnswerEntry {
  return {
    learnerId,
    language: 'vi',
    question: 'mã OTP của tôi là [OTP]',
    answer: 'Đừng đọc mã cho ai.',
    passages: [
      {
        id: 'online-scams/fake-links-apps-otp/card-3/vi',
        courseId: 'online-scams',
        lessonId: 'fake-links-apps-otp',
        score: 12.5,
      },
    ],
    courseId: 'online-scams',
    lessonId: 'fake-links-apps-otp',
    source: 'ai',
    personalData: ['otp'],
    model: 'gpt-test',
    promptTokens: tokens - 20,
    completionTokens: 20,
    costUsd: 0.0001,
    latencyMs: 900,
    createdAt,
  };
}

/** The same expectations for every AiStore. */
function storeContract(name: string, setup: () => Promise<{ store: AiStore; learners: [number, number] }>) {
  describe(name, () => {
    let store: AiStore;
    let a: number;
    let b: number;
    beforeAll(async () => {
      const made = await setup();
      store = made.store;
      [a, b] = made.learners;
      await store.record(entry(a, at(-2), 500));
      await store.record(entry(a, at(1)));
      await store.record(entry(a, at(2)));
      await store.record(entry(b, at(3), 40));
    });

    it('counts a learner questions since the start of the day', async () => {
      expect(await store.questionsSince(a, day)).toBe(2);
      expect(await store.questionsSince(b, day)).toBe(1);
      expect(await store.questionsSince(a, at(-24))).toBe(3);
    });

    it('sums the tokens of every learner since the start of the day', async () => {
      expect(await store.tokensSince(day)).toBe(240);
    });

    it('stores a rating only on the learner own answer', async () => {
      const id = await store.record(entry(a, at(4)));
      expect(await store.rate(id, b, 'up', at(5))).toBe(false);
      expect(await store.rate(id, a, 'down', at(5))).toBe(true);
      expect(await store.rate(id, a, 'up', at(6))).toBe(true);
      expect(await store.rate('999999', a, 'up', at(6))).toBe(false);
      expect(await store.rate('not-an-id', a, 'up', at(6))).toBe(false);
    });
  });
}

storeContract('memory AiStore', async () => ({ store: createMemoryAiStore(), learners: [1, 2] }));

describe('the answer columns', () => {
  it('all exist in schema.prisma, and every column without a default is written', () => {
    const schema = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
    const body = /model AiAnswer \{([\s\S]*?)\n\}/.exec(schema)![1]!;
    const fields = body
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[a-z]\w*\s+[A-Z]/.test(line) && !/\s(Learner)\s/.test(line));
    const column = (line: string) => /@map\("([^"]+)"\)/.exec(line)?.[1] ?? line.split(/\s+/)[0]!;
    for (const name of ANSWER_COLUMN_NAMES) expect(fields.map(column)).toContain(name);
    const required = fields.filter((line) => !/\?|@default|@id|@relation/.test(line)).map(column);
    expect(ANSWER_COLUMN_NAMES).toEqual(expect.arrayContaining(required));
  });
});

for (const kind of ['postgres', 'pglite'] as const)
  describeWithServices(`${kind} AiStore`, { postgres: kind === 'postgres' }, () => {
    let test: TestDatabase;
    let learners: [number, number];
    beforeAll(async () => {
      test = await createTestDatabase(kind);
      const made = await Promise.all(
        ['a', 'b'].map((id) =>
          test.db.prisma.learner.create({ data: { platform: 'web', platformUserId: id } }),
        ),
      );
      learners = [made[0]!.id, made[1]!.id];
    });
    afterAll(() => test?.drop());

    storeContract('createAiStore', async () => ({ store: createAiStore(test.db), learners }));

    it('keeps what the answer used, and erases it with the learner', async () => {
      const store = createAiStore(test.db);
      const [learner] = learners;
      const id = await store.record(entry(learner, at(7)));
      await store.rate(id, learner, 'up', at(8));
      const row = await test.db.prisma.aiAnswer.findUniqueOrThrow({ where: { id: BigInt(id) } });
      expect(row).toMatchObject({
        learnerId: learner,
        language: 'vi',
        question: 'mã OTP của tôi là [OTP]',
        answer: 'Đừng đọc mã cho ai.',
        courseId: 'online-scams',
        lessonId: 'fake-links-apps-otp',
        fallbackReason: null,
        personalData: ['otp'],
        model: 'gpt-test',
        promptTokens: 80,
        completionTokens: 20,
        tokens: 100,
        costUsd: 0.0001,
        latencyMs: 900,
        createdAt: at(7),
        rating: 'up',
        source: 'ai',
        passages: [expect.objectContaining({ lessonId: 'fake-links-apps-otp', score: 12.5 })],
      });
      const fallback = await store.record({
        ...entry(learner, at(9)),
        source: 'lessons',
        fallbackReason: 'no-key',
        personalData: [],
        model: undefined,
        courseId: undefined,
        lessonId: undefined,
      });
      expect(
        await test.db.prisma.aiAnswer.findUniqueOrThrow({ where: { id: BigInt(fallback) } }),
      ).toMatchObject({
        source: 'lessons',
        fallbackReason: 'no-key',
        personalData: [],
        model: null,
        courseId: null,
      });
      await test.db.prisma.learner.delete({ where: { id: learner } });
      expect(await test.db.prisma.aiAnswer.count({ where: { learnerId: learner } })).toBe(0);
    });
  });
