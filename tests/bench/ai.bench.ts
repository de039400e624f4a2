import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../bot/config';
import { loadContent } from '../../bot/content/load-content';
import { openDatabase } from '../../bot/db/open-database';
import { fold } from '../../bot/engine/normalize';
import { createLogger } from '../../bot/logger';
import { createAiAnswerer } from '../../bot/tutor-ai/ai-answerer';
import { createAiStore } from '../../bot/tutor-ai/ai-store';
import { createChatModel } from '../../bot/tutor-ai/chat-model';
import { createLessonIndex } from '../../bot/tutor-ai/lesson-index';
import { maskPersonalData } from '../../bot/tutor-ai/personal-data';
import { readQuestionSet } from '../../bot/tutor-ai/retrieval-eval';
import { startFakeOpenAiServer } from '../fakes/fake-openai-server';
import { machineCheck, ms, summarize } from './bench-kit';

/**
 * `npm run bench:ai`: index build, retrieval, and everything of an answer except the model call,
 * with the whole curriculum loaded and the embedded database (PGlite) as the store. The model is
 * the loopback fake, answering at once; its time is measured separately and left out.
 * `-- --short` runs fewer questions.
 */
const short = process.argv.includes('--short');
const ROUNDS = short ? 2 : 10;
const ANSWERS = short ? 200 : 1000;

const log = createLogger('silent');
const content = await loadContent(loadConfig({}).contentDir);
if (!content.ok) throw new Error('content/ is invalid: run npm run content:check');
const { catalog } = content;
const questions = (
  await readQuestionSet(new URL('../eval/retrieval-questions.yaml', import.meta.url).pathname)
).map((q) => q.q);
// The set as typed, without tones, and with personal data in it.
const asked = [
  ...questions,
  ...questions.map(fold),
  ...questions.map((q) => `${q} mã OTP 482913, gọi 0912345678`),
];

console.log(machineCheck());
const lessons = catalog.courses.reduce((n, c) => n + c.lessons.length, 0);

// The first build is the one at start (cold code); CPU time tells a busy machine from slow code.
const builds: number[] = [];
const cpu: number[] = [];
let index = createLessonIndex(catalog);
for (let i = 0; i < 6; i++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  index = createLessonIndex(catalog);
  builds.push(performance.now() - started);
  const used = process.cpuUsage(cpuStarted);
  cpu.push((used.user + used.system) / 1000);
}
console.log(
  `index build: ${catalog.courses.length} courses, ${lessons} lessons, ${index.passageCount} passages: first ${ms(builds[0]!)}, median ${ms(summarize(builds).median)} (CPU ${ms(summarize(cpu).median)}) (target ≤ 1000 ms)`,
);

for (const q of asked) index.searchLessons(maskPersonalData(q).text, { language: 'vi' });
const retrieval: number[] = [];
const masking: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const q of asked) {
    const started = performance.now();
    const masked = maskPersonalData(q);
    const searched = performance.now();
    index.searchLessons(masked.text, { language: 'vi', limit: 4 });
    retrieval.push(performance.now() - searched);
    masking.push(searched - started);
  }
}
const r = summarize(retrieval);
const m = summarize(masking);
console.log(
  `retrieval (${r.count} searches): median ${ms(r.median)}, p99 ${ms(r.p99)}, max ${ms(r.max)} (target p99 ≤ 5 ms)`,
);
console.log(`personal-data masking: median ${ms(m.median)}, p99 ${ms(m.p99)}`);

const dataDir = await mkdtemp(join(tmpdir(), 'hocvuso-bench-ai-'));
const db = await openDatabase({ dataDir, log });
const fake = await startFakeOpenAiServer();
try {
  await db.migrate();
  const learners = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      db.prisma.learner.create({
        data: { platform: 'web', platformUserId: `bench-${i}` },
        select: { id: true },
      }),
    ),
  );
  const limits = { ...loadConfig({}).ai, dailyQuestionsPerLearner: 1_000_000, dailyTokenBudget: 1e12 };
  const store = createAiStore(db);
  const withModel = createAiAnswerer({
    index,
    store,
    model: createChatModel({ apiKey: 'sk-bench', baseUrl: fake.url, model: 'gpt-bench', ...limits }),
    limits,
    timezone: 'Asia/Ho_Chi_Minh',
    log,
  });
  const withoutKey = createAiAnswerer({ index, store, limits, timezone: 'Asia/Ho_Chi_Minh', log });
  for (const [name, answerer] of [
    ['with a key (model time left out)', withModel],
    ['without a key (lesson answers)', withoutKey],
  ] as const) {
    const own: number[] = [];
    const model: number[] = [];
    for (let i = 0; i < ANSWERS; i++) {
      const result = await answerer.answer({
        question: asked[i % asked.length]!,
        language: i % 5 === 0 ? 'en' : 'vi',
        learnerId: learners[i % learners.length]!.id,
        now: new Date(),
      });
      if (i < 20) continue;
      own.push(result.timings.totalMs - result.timings.modelMs);
      model.push(result.timings.modelMs);
    }
    const o = summarize(own);
    const extra = name.startsWith('with a key')
      ? `; the fake model call itself median ${ms(summarize(model).median)}`
      : '';
    console.log(
      `answer ${name}, PGlite store: median ${ms(o.median)}, p99 ${ms(o.p99)}, max ${ms(o.max)} (target p99 ≤ 20 ms)${extra}`,
    );
  }
} finally {
  await fake.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
}
