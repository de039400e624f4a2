import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config';
import type { AiAnswerer } from '../../bot/tutor-ai/ai-answerer';
import { createTutorAi } from '../../bot/tutor-ai/create-tutor-ai';
import { startFakeOpenAiServer } from '../fakes/fake-openai-server';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { capturedLog, curriculum } from './answer-support';

describeWithServices('createTutorAi on PostgreSQL', { postgres: true }, () => {
  let test: TestDatabase;
  let fake: Awaited<ReturnType<typeof startFakeOpenAiServer>>;
  let tutor: AiAnswerer;
  let learner: number;
  const now = new Date('2026-12-05T20:00:00+07:00');

  beforeAll(async () => {
    [test, fake] = await Promise.all([createTestDatabase('postgres'), startFakeOpenAiServer()]);
    learner = (await test.db.prisma.learner.create({ data: { platform: 'telegram', platformUserId: '42' } }))
      .id;
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'gpt-test',
      AI_DAILY_QUESTIONS_PER_LEARNER: '2',
    });
    tutor = createTutorAi({
      config,
      catalog: (await curriculum()).catalog,
      db: test.db,
      log: capturedLog().log,
    });
  });
  afterAll(async () => {
    await fake?.close();
    await test?.drop();
  });

  it('answers with the model, stores the masked question, holds the quota and keeps the rating', async () => {
    const first = await tutor.answer({
      question: 'mã OTP 482913 là gì',
      language: 'vi',
      learnerId: learner,
      now,
    });
    expect(first.source).toBe('ai');
    await tutor.answer({ question: 'VNeID là gì', language: 'vi', learnerId: learner, now });
    const third = await tutor.answer({ question: 'VietQR la gi', language: 'vi', learnerId: learner, now });
    expect(third).toMatchObject({ source: 'lessons', fallbackReason: 'quota' });
    expect(fake.requests).toHaveLength(2);

    expect(await tutor.rate({ answerId: first.id!, learnerId: learner, rating: 'down', now })).toBe(true);
    const rows = await test.db.prisma.aiAnswer.findMany({
      where: { learnerId: learner },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => r.source)).toEqual(['ai', 'ai', 'lessons']);
    expect(rows[0]).toMatchObject({
      question: 'mã OTP [OTP] là gì',
      rating: 'down',
      personalData: ['otp'],
      model: 'gpt-test',
    });
    expect(rows[0]!.tokens).toBe(first.tokens);
    expect(
      JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
    ).not.toContain('482913');
  });
});
